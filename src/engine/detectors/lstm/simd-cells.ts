import { ACTIVATION_COEFFICIENTS as K } from './activations';
import { jsCells, type CellKernels } from './cells';
import { Code, emitModule } from './wasm-emit';

/*
 * The LSTM cell kernels as WebAssembly SIMD, four units per instruction in float32: the same formulas as
 * `jsCells` (and the same rational tanh). One step of 64 sequences x 32 units, copies in and out of the
 * module's memory included: forward 40 us against 130-150 us in JS, backward 8-11 us against 36-49 us;
 * the JS cells had become the largest part of a training step once the matrix products were batched.
 * The module is emitted at start-up by the code below rather than shipped as a binary, so the source
 * stays the only artefact.
 */

// Parameter and local slots shared by both functions.
const [B, H] = [0, 1];
const [S, J, H4, PG, PS, G1, G2, G3] = [9, 10, 11, 12, 13, 14, 15, 16];
const V = (k: number): number => 17 + k;

/** tanh of the vector on the stack (clamped rational, as `tanh32`); uses two v128 scratch locals. */
function tanh(c: Code, x: number, x2: number): Code {
  c.f32x4(-K.clamp).op('max').f32x4(K.clamp).op('min').tee(x).get(x).op('mul').set(x2);
  c.f32x4(K.a13);
  for (const a of [K.a11, K.a9, K.a7, K.a5, K.a3, K.a1]) c.get(x2).op('mul').f32x4(a).op('add');
  c.get(x).op('mul');
  c.f32x4(K.b6);
  for (const b of [K.b4, K.b2, K.b0]) c.get(x2).op('mul').f32x4(b).op('add');
  return c.op('div');
}

/** The logistic sigmoid of the vector on the stack, as (1 + tanh(x / 2)) / 2. */
function sigmoid(c: Code, x: number, x2: number): Code {
  c.f32x4(0.5).op('mul');
  tanh(c, x, x2);
  return c.f32x4(0.5).op('mul').f32x4(0.5).op('add');
}

/** base pointer parameter + byte offset local. */
const at = (c: Code, base: number, offset: number): Code => c.get(base).get(offset).i32Add();

/**
 * The loops shared by both kernels: for each sequence s < B and each group of four units j < H, `body`
 * runs with PG the byte offset of the input gate's four lanes in a [B, 4H] block (G1..G3 the other
 * gates') and PS the byte offset of the units in a [B, H] block.
 */
function overCells(body: (c: Code) => void): Code {
  const c = new Code();
  c.i32(0).set(S).i32(0).set(PG).i32(0).set(PS).get(H).i32(4).i32Mul().set(H4);
  c.block().loop();
  c.get(S).get(B).i32GeU().brIf(1);
  c.i32(0).set(J);
  c.block().loop();
  c.get(J).get(H).i32GeU().brIf(1);
  c.get(PG).get(H4).i32Add().tee(G1).get(H4).i32Add().tee(G2).get(H4).i32Add().set(G3);
  body(c);
  c.get(PG).i32(16).i32Add().set(PG);
  c.get(PS).i32(16).i32Add().set(PS);
  c.get(J).i32(4).i32Add().set(J);
  c.br(0).end().end();
  // Past the other three gates' sections of this sequence's row.
  c.get(PG).get(H4).i32(3).i32Mul().i32Add().set(PG);
  c.get(S).i32(1).i32Add().set(S);
  c.br(0).end().end();
  return c;
}

/** forward(B, H, xp, rec, cPrev, gates, cells, tanhCells, hidden), pointers in bytes. */
function forwardCode(): Code {
  const [XP, REC, CP, GATES, CELLS, TANH, HID] = [2, 3, 4, 5, 6, 7, 8];
  const [I, F, G, O, C, TC, X, X2] = [0, 1, 2, 3, 4, 5, 6, 7].map(V);
  return overCells((c) => {
    const pre = (offset: number): Code =>
      at(at(c, XP, offset).load(), REC, offset)
        .load()
        .op('add');
    sigmoid(pre(PG), X, X2).set(I);
    sigmoid(pre(G1), X, X2).set(F);
    tanh(pre(G2), X, X2).set(G);
    sigmoid(pre(G3), X, X2).set(O);
    c.get(F);
    at(c, CP, PS).load().op('mul').get(I).get(G).op('mul').op('add').set(C);
    tanh(c.get(C), X, X2).set(TC);
    for (const [offset, v] of [
      [PG, I],
      [G1, F],
      [G2, G],
      [G3, O],
    ] as const) {
      at(c, GATES, offset).get(v).store();
    }
    at(c, CELLS, PS).get(C).store();
    at(c, TANH, PS).get(TC).store();
    at(c, HID, PS).get(O).get(TC).op('mul').store();
  });
}

/** backward(B, H, dy, gates, cPrev, tanhCells, dhNext, dcNext, dGates), pointers in bytes. */
function backwardCode(): Code {
  const [DY, GATES, CP, TANH, DH, DC, DG] = [2, 3, 4, 5, 6, 7, 8];
  const [I, F, G, O, DHV, TC, DCV] = [0, 1, 2, 3, 4, 5, 6].map(V);
  return overCells((c) => {
    at(c, DH, PS).load();
    at(c, DY, PS).load().op('add').set(DHV);
    for (const [offset, v] of [
      [PG, I],
      [G1, F],
      [G2, G],
      [G3, O],
    ] as const) {
      at(c, GATES, offset).load().set(v);
    }
    at(c, TANH, PS).load().set(TC);
    // dc = dcNext + dh * o * (1 - tc^2)
    at(c, DC, PS).load().get(DHV).get(O).op('mul').f32x4(1).get(TC).get(TC).op('mul').op('sub');
    c.op('mul').op('add').set(DCV);
    at(c, DC, PS).get(DCV).get(F).op('mul').store();
    // di = dc * g * i * (1 - i)
    at(c, DG, PG).get(DCV).get(G).op('mul').get(I).op('mul').f32x4(1).get(I).op('sub').op('mul').store();
    // df = dc * c_{t-1} * f * (1 - f)
    at(c, DG, G1).get(DCV);
    at(c, CP, PS).load().op('mul').get(F).op('mul').f32x4(1).get(F).op('sub').op('mul').store();
    // dg = dc * i * (1 - g^2)
    at(c, DG, G2).get(DCV).get(I).op('mul').f32x4(1).get(G).get(G).op('mul').op('sub').op('mul').store();
    // do = dh * tanh(c) * o * (1 - o)
    at(c, DG, G3).get(DHV).get(TC).op('mul').get(O).op('mul').f32x4(1).get(O).op('sub').op('mul').store();
  });
}

interface SimdExports {
  memory: WebAssembly.Memory;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
}

/** Byte offsets of the blocks of one (B, H) in the module's memory. */
interface Layout {
  B: number;
  H: number;
  xp: number;
  rec: number;
  gates: number;
  dGates: number;
  cPrev: number;
  cells: number;
  tanh: number;
  hidden: number;
  dy: number;
  dh: number;
  dc: number;
  zero: number;
  bytes: number;
}

function layoutOf(B: number, H: number): Layout {
  const gateBytes = B * 4 * H * 4;
  const stateBytes = B * H * 4;
  const names = [
    'xp',
    'rec',
    'gates',
    'dGates',
    'cPrev',
    'cells',
    'tanh',
    'hidden',
    'dy',
    'dh',
    'dc',
    'zero',
  ];
  const out: Record<string, number> = { B, H };
  let offset = 0;
  for (const [k, name] of names.entries()) {
    out[name] = offset;
    offset += k < 4 ? gateBytes : stateBytes;
  }
  out.bytes = offset;
  return out as unknown as Layout;
}

class SimdCells implements CellKernels {
  readonly name = 'wasm-simd';
  private layout: Layout | null = null;
  private f32 = new Float32Array(0);

  constructor(private readonly wasm: SimdExports) {}

  private prepare(B: number, H: number): Layout {
    let L = this.layout;
    if (!L || L.B !== B || L.H !== H) {
      L = layoutOf(B, H);
      const memory = this.wasm.memory;
      const missing = L.bytes - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / 65536));
      this.layout = L;
      this.f32 = new Float32Array(memory.buffer);
      this.f32.fill(0, L.zero / 4, (L.zero + B * H * 4) / 4);
    }
    return L;
  }

  private put(a: Float32Array, at: number): void {
    this.f32.set(a, at / 4);
  }

  private take(at: number, out: Float32Array): void {
    out.set(this.f32.subarray(at / 4, at / 4 + out.length));
  }

  forward(
    B: number,
    H: number,
    xp: Float32Array,
    rec: Float32Array,
    cPrev: Float32Array | null,
    gates: Float32Array,
    cells: Float32Array,
    tanhCells: Float32Array,
    hidden: Float32Array,
  ): void {
    const L = this.prepare(B, H);
    this.put(xp, L.xp);
    this.put(rec, L.rec);
    if (cPrev) this.put(cPrev, L.cPrev);
    this.wasm.forward(B, H, L.xp, L.rec, cPrev ? L.cPrev : L.zero, L.gates, L.cells, L.tanh, L.hidden);
    this.take(L.gates, gates);
    this.take(L.cells, cells);
    this.take(L.tanh, tanhCells);
    this.take(L.hidden, hidden);
  }

  backward(
    B: number,
    H: number,
    dy: Float32Array | null,
    gates: Float32Array,
    cPrev: Float32Array | null,
    tanhCells: Float32Array,
    dhNext: Float32Array,
    dcNext: Float32Array,
    dGates: Float32Array,
  ): void {
    const L = this.prepare(B, H);
    if (dy) this.put(dy, L.dy);
    this.put(gates, L.gates);
    if (cPrev) this.put(cPrev, L.cPrev);
    this.put(tanhCells, L.tanh);
    this.put(dhNext, L.dh);
    this.put(dcNext, L.dc);
    this.wasm.backward(
      B,
      H,
      dy ? L.dy : L.zero,
      L.gates,
      cPrev ? L.cPrev : L.zero,
      L.tanh,
      L.dh,
      L.dc,
      L.dGates,
    );
    this.take(L.dc, dcNext);
    this.take(L.dGates, dGates);
  }
}

let compiled: SimdExports | null | undefined;

function compile(): SimdExports | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly === 'undefined') return compiled;
  const spec = { params: 9, i32Locals: 8, v128Locals: 8 };
  const bytes = emitModule(
    [
      { name: 'forward', ...spec, body: forwardCode() },
      { name: 'backward', ...spec, body: backwardCode() },
    ],
    1,
  );
  // Without SIMD support the module does not validate, and the JS kernels serve.
  if (!WebAssembly.validate(bytes)) return compiled;
  compiled = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as SimdExports;
  return compiled;
}

let simdEnabled = true;

/** @internal Turns the WASM kernels off (or back on), for tests and before/after measurements. */
export function setSimdCells(enabled: boolean): void {
  simdEnabled = enabled;
}

/**
 * The cell kernels for `units`: WASM SIMD where WebAssembly has SIMD and the units are a multiple of 4,
 * else plain JS.
 */
export function cellKernels(units: number): CellKernels {
  const wasm = simdEnabled && units % 4 === 0 ? compile() : null;
  return wasm ? (simd ??= new SimdCells(wasm)) : jsCells;
}

let simd: SimdCells | undefined;
