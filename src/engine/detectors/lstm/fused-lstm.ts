import * as tf from '@tensorflow/tfjs';
import { cellKernels } from './simd-cells';
import { StepProduct } from './step-product';

/** How a fused LSTM layer reads its input and what it returns. */
export interface FusedLstmOptions {
  /** Time steps. */
  steps: number;
  /**
   * False: the input is a sequence [batch, steps, in]. True: it is one vector per sequence [batch, in]
   * fed at every step (a RepeatVector before the layer, without materialising the repeats).
   */
  repeatInput: boolean;
  /** True: the hidden state at every step [batch, steps, units]; false: the last one [batch, units]. */
  returnSequences: boolean;
  /** False when nothing upstream needs the input's gradient (the data): it is then returned as zeros. */
  inputGradient?: boolean;
}

/**
 * The [rows, cols] row-major matrix `a` transposed into `out` [cols, rows] from element `offset` on (a
 * new array by default), in blocks of 16 rows so that the writes stay within a few cache lines.
 */
function transpose(
  a: ArrayLike<number>,
  rows: number,
  cols: number,
  out = new Float32Array(rows * cols),
  offset = 0,
): Float32Array {
  for (let r0 = 0; r0 < rows; r0 += 16) {
    const r1 = Math.min(rows, r0 + 16);
    for (let c = 0; c < cols; c++) {
      const o = offset + c * rows;
      for (let r = r0; r < r1; r++) out[o + r] = a[r * cols + c];
    }
  }
  return out;
}

/**
 * The sum of the `rows` consecutive blocks of `width` values in `a` (width a multiple of 4), four
 * columns at a time in local sums: three times faster here than adding each row into the result. A
 * top-level function: the same loop inside the gradient closure (a new closure per call) ran at half
 * the speed.
 */
function rowSums(a: Float32Array, rows: number, width: number): Float32Array {
  const out = new Float32Array(width);
  for (let k = 0; k < width; k += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let r = 0, o = k; r < rows; r++, o += width) {
      s0 += a[o];
      s1 += a[o + 1];
      s2 += a[o + 2];
      s3 += a[o + 3];
    }
    out[k] = s0;
    out[k + 1] = s1;
    out[k + 2] = s2;
    out[k + 3] = s3;
  }
  return out;
}

/** [batch, steps, width] row-major to [steps, batch, width], or back with `toTimeMajor` false. */
function swapBatchTime(
  a: ArrayLike<number>,
  B: number,
  T: number,
  width: number,
  toTimeMajor: boolean,
): Float32Array {
  const out = new Float32Array(B * T * width);
  for (let s = 0; s < B; s++) {
    for (let t = 0; t < T; t++) {
      const bm = (s * T + t) * width;
      const tm = (t * B + s) * width;
      const from = toTimeMajor ? bm : tm;
      const to = toTimeMajor ? tm : bm;
      for (let k = 0; k < width; k++) out[to + k] = a[from + k];
    }
  }
  return out;
}

/**
 * One LSTM layer over whole sequences as a single differentiable operation (`tf.customGrad`): the same
 * function as a TensorFlow.js LSTM layer with sigmoid gates (gate order input, forget, cell, output;
 * h0 = c0 = 0), but the per-step gate arithmetic and its backpropagation through time run over typed
 * arrays (`cellKernels`: WebAssembly SIMD, else JS), and only the matrix products go to the backend: one
 * for the input projection of all steps, one per step for the recurrence (forward and backward), two or
 * three for the weight and input gradients. The layer's ops stack dispatches a dozen small kernels per
 * step instead, which is where its time goes on CPU and WASM. Internally every per-step array is
 * time-major ([steps, batch, ...]), so that a step reads and writes one contiguous block.
 *
 * `kernel` [in, 4 units], `recurrent` [units, 4 units], `bias` [4 units].
 */
export function fusedLstm(
  input: tf.Tensor,
  kernel: tf.Tensor2D,
  recurrent: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: FusedLstmOptions,
): tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [x, W, U, b, save] = args as [tf.Tensor, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    // The gradients need W and U after the caller's tidy may have freed them: saved tensors are kept.
    save([W, U]);
    return lstmForwardBackward(x, W, U, b, options);
  });
  return op(input, kernel, recurrent, bias);
}

function lstmForwardBackward(
  x: tf.Tensor,
  W: tf.Tensor2D,
  U: tf.Tensor2D,
  b: tf.Tensor1D,
  { steps: T, repeatInput, returnSequences, inputGradient = true }: FusedLstmOptions,
): { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] } {
  const B = x.shape[0];
  const I = W.shape[0];
  const H = U.shape[0];
  const G = 4 * H;
  const BT = B * T;
  if (W.shape[1] !== G || U.shape[1] !== G || b.shape[0] !== G) {
    throw new Error(
      `fusedLstm: weight shapes [${W.shape}], [${U.shape}], [${b.shape}] do not fit ${H} units`,
    );
  }
  const expected = repeatInput ? [B, I] : [B, T, I];
  if (x.shape.join() !== expected.join()) {
    throw new Error(`fusedLstm: input shape [${x.shape}] is not [${expected}]`);
  }

  // The input, time-major for a sequence: its projection (+ bias) for every step in one product.
  const xData = repeatInput ? (x.dataSync() as Float32Array) : swapBatchTime(x.dataSync(), B, T, I, true);
  const projection = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d(xData, [repeatInput ? B : BT, I]), W), b));
  const xp = projection.dataSync() as Float32Array;
  projection.dispose();

  // Saved for backpropagation, all [steps, batch, ...]: activated gates, c, tanh(c), h.
  const gates = new Float32Array(BT * G);
  const cells = new Float32Array(BT * H);
  const tanhCells = new Float32Array(BT * H);
  const hidden = new Float32Array(BT * H);
  const rec = new Float32Array(B * G);
  const recurrence = new StepProduct(U);
  const cell = cellKernels(H);
  const BG = B * G;
  const BH = B * H;
  const block = (a: Float32Array, t: number, size: number): Float32Array =>
    a.subarray(t * size, (t + 1) * size);
  for (let t = 0; t < T; t++) {
    if (t > 0) recurrence.run(block(hidden, t - 1, BH), B, rec);
    cell.forward(
      B,
      H,
      repeatInput ? xp : block(xp, t, BG),
      rec,
      t > 0 ? block(cells, t - 1, BH) : null,
      block(gates, t, BG),
      block(cells, t, BH),
      block(tanhCells, t, BH),
      block(hidden, t, BH),
    );
  }
  const value = returnSequences
    ? tf.tensor3d(swapBatchTime(hidden, B, T, H, false), [B, T, H])
    : tf.tensor2d(hidden.slice((T - 1) * B * H), [B, H]);

  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [Ws, Us] = saved as [tf.Tensor2D, tf.Tensor2D];
    const dyData = dy.dataSync() as Float32Array;
    const dyTime = returnSequences ? swapBatchTime(dyData, B, T, H, true) : null;
    const dGates = new Float32Array(BT * G);
    const dhNext = new Float32Array(BH);
    const dcNext = new Float32Array(BH);
    // Explicit transposes: the WASM backend multiplies transposed operands several times slower.
    const recurrentT = tf.transpose(Us);
    const back = new StepProduct(recurrentT);
    for (let t = T - 1; t >= 0; t--) {
      cell.backward(
        B,
        H,
        dyTime ? block(dyTime, t, BH) : t === T - 1 ? dyData : null,
        block(gates, t, BG),
        t > 0 ? block(cells, t - 1, BH) : null,
        block(tanhCells, t, BH),
        dhNext,
        dcNext,
        block(dGates, t, BG),
      );
      if (t > 0) back.run(block(dGates, t, BG), B, dhNext);
    }
    recurrentT.dispose();
    // One product for both weight gradients of a sequence, [x | h_{t-1}]^T dz: the backend packs its
    // right operand for every new tensor, which cost more than the multiplication. h_{t-1} is zero at
    // t = 0. Rows of `left`: the input's features (sequence only), then the units; columns: step-major.
    const inRows = repeatInput ? 0 : I;
    const left = new Float32Array((inRows + H) * BT);
    if (!repeatInput) transpose(xData, BT, I, left);
    transpose(hidden, BT, H, left, inRows * BT);
    for (let j = 0; j < H; j++) {
      const o = (inRows + j) * BT;
      left.copyWithin(o + B, o, o + BT - B);
      left.fill(0, o, o + B);
    }
    // Bias gradient (and, for a repeated input, the per-sequence sums) in JS: the WASM backend reduces
    // over a leading axis by transposing first, which cost more than the whole matrix product.
    const dzSum = repeatInput ? rowSums(dGates, T, B * G) : null;
    const db = rowSums(dzSum ?? dGates, dzSum ? B : BT, G);
    const dxData = (dz: tf.Tensor2D, kernelT: tf.Tensor2D): tf.Tensor =>
      tf.tensor3d(swapBatchTime(tf.matMul(dz, kernelT).dataSync(), B, T, I, false), [B, T, I]);
    return tf.tidy(() => {
      const dz = tf.tensor2d(dGates, [BT, G]);
      const weightGrads = tf.matMul(tf.tensor2d(left, [inRows + H, BT]), dz);
      const dbT = tf.tensor1d(db);
      const kernelT = tf.transpose(Ws);
      if (repeatInput) {
        const dzs = tf.tensor2d(dzSum!, [B, G]);
        const dW = tf.matMul(tf.tensor2d(transpose(xData, B, I), [I, B]), dzs);
        return [tf.matMul(dzs, kernelT), dW, weightGrads, dbT];
      }
      const [dW, dU] = tf.split(weightGrads, [I, H], 0);
      const dx = inputGradient ? dxData(dz, kernelT) : tf.zeros([B, T, I]);
      return [dx, dW, dU, dbT];
    });
  };
  return { value, gradFunc };
}
