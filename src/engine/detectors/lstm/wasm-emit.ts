/**
 * A minimal WebAssembly binary writer: just enough to emit small numeric kernels (i32 loops and f32x4
 * SIMD arithmetic over one exported memory) without a toolchain. Opcodes from the WebAssembly 2.0 core
 * specification (SIMD in section 5.4.8).
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};

const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** f32x4 operations by name, with their SIMD opcodes. */
const F32X4 = { add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7, min: 0xe8, max: 0xe9 } as const;
export type F32x4Op = keyof typeof F32X4;

/** A function body under construction: an instruction stream with named helpers. */
export class Code {
  readonly bytes: number[] = [];

  private simd(op: number, ...imm: number[]): this {
    this.bytes.push(0xfd, ...uleb(op), ...imm);
    return this;
  }

  get(local: number): this {
    this.bytes.push(0x20, ...uleb(local));
    return this;
  }
  set(local: number): this {
    this.bytes.push(0x21, ...uleb(local));
    return this;
  }
  tee(local: number): this {
    this.bytes.push(0x22, ...uleb(local));
    return this;
  }
  i32(value: number): this {
    this.bytes.push(0x41, ...sleb(value));
    return this;
  }
  i32Add(): this {
    this.bytes.push(0x6a);
    return this;
  }
  i32Mul(): this {
    this.bytes.push(0x6c);
    return this;
  }
  i32GeU(): this {
    this.bytes.push(0x4f);
    return this;
  }
  /** `block` and `loop` with an empty block type; `end` closes either. */
  block(): this {
    this.bytes.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.bytes.push(0x03, 0x40);
    return this;
  }
  end(): this {
    this.bytes.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.bytes.push(0x0c, ...uleb(depth));
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d, ...uleb(depth));
    return this;
  }
  /** v128.load from the address on the stack (4-byte alignment hint). */
  load(): this {
    return this.simd(0x00, 2, 0);
  }
  /** v128.store of the vector on the stack at the address below it. */
  store(): this {
    return this.simd(0x0b, 2, 0);
  }
  /** A v128 constant of four equal float32 lanes. */
  f32x4(value: number): this {
    const b = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
    return this.simd(0x0c, ...b);
  }
  op(name: F32x4Op): this {
    return this.simd(F32X4[name]);
  }
}

/** One exported function of a module: i32 parameters, no results, extra locals. */
export interface FunctionSpec {
  name: string;
  params: number;
  i32Locals: number;
  v128Locals: number;
  body: Code;
}

/** A module of `functions` over one exported memory named 'memory' of `pages` 64 KiB pages. */
export function emitModule(functions: readonly FunctionSpec[], pages: number): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0]);
  const exports = [
    ...functions.map((f, k) => [...vec(utf8(f.name).map((b) => [b])), 0x00, ...uleb(k)]),
    [...vec(utf8('memory').map((b) => [b])), 0x02, 0],
  ];
  const bodies = functions.map((f) => {
    const locals = vec([
      [...uleb(f.i32Locals), I32],
      [...uleb(f.v128Locals), V128],
    ]);
    const body = [...locals, ...f.body.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, k) => uleb(k)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
