import { sigmoid32, tanh32 } from './activations';

/**
 * The per-step gate arithmetic of an LSTM layer over a batch, on contiguous blocks: gate arrays hold
 * [batch, 4 units] (input, forget, cell, output gates side by side per sequence), state arrays
 * [batch, units]. Two implementations: plain JS (`jsCells`) and WebAssembly SIMD (`simd-cells.ts`).
 */
export interface CellKernels {
  readonly name: 'js' | 'wasm-simd';
  /**
   * Step forward: gate pre-activations `xp + rec`; c = f * cPrev + i * g (cPrev null: zero), h = o *
   * tanh(c). Writes the activated gates, c, tanh(c) and h.
   */
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
  ): void;
  /**
   * Step backward: from dh = dhNext + dy (dy null: zero) and dcNext, the gate pre-activation gradients
   * into `dGates`; `dcNext` becomes the gradient reaching c_{t-1} (cPrev null: zero).
   */
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
  ): void;
}

function forwardJs(
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
  const G = 4 * H;
  const keep = cPrev ? 1 : 0;
  const cp = cPrev ?? cells;
  for (let s = 0; s < B; s++) {
    const go = s * G;
    const so = s * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid32(xp[go + j] + rec[go + j]);
      const f = sigmoid32(xp[go + H + j] + rec[go + H + j]);
      const g = tanh32(xp[go + 2 * H + j] + rec[go + 2 * H + j]);
      const o = sigmoid32(xp[go + 3 * H + j] + rec[go + 3 * H + j]);
      const c = f * keep * cp[so + j] + i * g;
      const tc = tanh32(c);
      gates[go + j] = i;
      gates[go + H + j] = f;
      gates[go + 2 * H + j] = g;
      gates[go + 3 * H + j] = o;
      cells[so + j] = c;
      tanhCells[so + j] = tc;
      hidden[so + j] = o * tc;
    }
  }
}

function backwardJs(
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
  const G = 4 * H;
  const hasDy = dy ? 1 : 0;
  const dyv = dy ?? dhNext;
  const keep = cPrev ? 1 : 0;
  const cp = cPrev ?? tanhCells;
  for (let s = 0; s < B; s++) {
    const go = s * G;
    const so = s * H;
    for (let j = 0; j < H; j++) {
      const dh = dhNext[so + j] + hasDy * dyv[so + j];
      const i = gates[go + j];
      const f = gates[go + H + j];
      const g = gates[go + 2 * H + j];
      const o = gates[go + 3 * H + j];
      const tc = tanhCells[so + j];
      const dc = dcNext[so + j] + dh * o * (1 - tc * tc);
      const cBefore = keep * cp[so + j];
      dcNext[so + j] = dc * f;
      dGates[go + j] = dc * g * i * (1 - i);
      dGates[go + H + j] = dc * cBefore * f * (1 - f);
      dGates[go + 2 * H + j] = dc * i * (1 - g * g);
      dGates[go + 3 * H + j] = dh * tc * o * (1 - o);
    }
  }
}

/** The plain-JS cell kernels: any number of units, double-precision arithmetic rounded to float32. */
export const jsCells: CellKernels = { name: 'js', forward: forwardJs, backward: backwardJs };
