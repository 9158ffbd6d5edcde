/**
 * The RBF kernel K(a, b) = exp(-gamma |a - b|^2), computed as exp(-gamma (|a|^2 + |b|^2 - 2 a.b)) from
 * precomputed squared norms, as libsvm does. Every dot product is summed feature by feature in order, so a
 * pair's kernel value does not depend on which other rows are computed with it.
 */
import type { Matrix } from '../../util/matrix';

/** How the RBF width is given: a positive number, or scikit-learn's 'scale' or 'auto'. */
export type GammaSpec = number | 'scale' | 'auto';

/**
 * The kernel width gamma for training data X, with scikit-learn's meanings: 'scale' is
 * 1 / (nFeatures * X.var()) (the population variance of every value of X; 1 when it is 0), 'auto' is
 * 1 / nFeatures, a number is taken as it is.
 */
export function resolveGamma(spec: GammaSpec, X: Matrix): number {
  if (typeof spec === 'number') return spec;
  if (spec === 'auto') return 1 / X.cols;
  const d = X.data;
  const n = d.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d[i] - mean) * (d[i] - mean);
  const variance = ss / n;
  return variance > 0 ? 1 / (X.cols * variance) : 1;
}

/** Each row's squared Euclidean norm. */
export function squaredNorms(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0, b = 0; i < rows; i++, b += cols) {
    let s = 0;
    for (let f = 0; f < cols; f++) s += data[b + f] * data[b + f];
    out[i] = s;
  }
  return out;
}

const EXP_TABLE_BITS = 8;
const EXP_TABLE_SIZE = 1 << EXP_TABLE_BITS;
/** 2^(j / 256) for j < 256. */
const EXP_TABLE = Float64Array.from({ length: EXP_TABLE_SIZE }, (_, j) => Math.pow(2, j / EXP_TABLE_SIZE));
const POW2_BIAS = 1100;
/** 2^(k - 1100): 0 below 2^-1075, Infinity above 2^1023. */
const POW2 = Float64Array.from({ length: 2200 }, (_, k) => Math.pow(2, k - POW2_BIAS));
const SCALED_INV_LN2 = EXP_TABLE_SIZE / Math.LN2;
// ln 2 / 256 split in two (fdlibm's split of ln 2) so that r keeps full precision.
const SCALED_LN2_HI = 6.9314718036912381649e-1 / EXP_TABLE_SIZE;
const SCALED_LN2_LO = 1.90821492927058770002e-10 / EXP_TABLE_SIZE;
/** Adding and subtracting 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer. */
const ROUND_MAGIC = 6755399441055744;

/**
 * exp(x) for x <= 709.7 (kernel arguments are <= 0), within 5e-16 relative error of Math.exp above the
 * subnormal range (results below about 1e-307 may lose precision or be 0). In V8 it is about eight times
 * faster than Math.exp in a loop (it inlines, and has no branch but one): x = (k / 256) ln 2 + r with
 * |r| <= ln 2 / 512, exp(r) by its Taylor series to degree 4 (truncation error below 4e-17), times
 * 2^(k mod 256 / 256) and 2^floor(k / 256) from tables.
 */
export function fastExp(x: number): number {
  if (x < -745.2) return 0;
  const kd = x * SCALED_INV_LN2 + ROUND_MAGIC - ROUND_MAGIC;
  const r = x - kd * SCALED_LN2_HI - kd * SCALED_LN2_LO;
  const k = kd | 0;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  return p * EXP_TABLE[k & (EXP_TABLE_SIZE - 1)] * POW2[(k >> EXP_TABLE_BITS) + POW2_BIAS];
}

/*
 * JIT note: the blocked loops below handle their few leftover rows or support vectors before the main
 * loop, not after it. V8 compiles a function while its first long call is still in the main loop; code after
 * that loop has then never run, and the compiled function would bail out to the interpreter at its end on
 * every call.
 */

/** -gamma |x_i - x_k|^2 for the rows k in [from, to), one at a time. */
function columnArgumentsSingly(
  data: Float64Array,
  cols: number,
  norms: Float64Array,
  gamma: number,
  i: number,
  from: number,
  to: number,
  args: Float64Array,
): void {
  const bi = i * cols;
  const ni = norms[i];
  const g = -gamma;
  for (let k = from; k < to; k++) {
    const b = k * cols;
    let s = 0;
    for (let f = 0; f < cols; f++) s += data[bi + f] * data[b + f];
    args[k] = g * (ni + norms[k] - 2 * s);
  }
}

/**
 * Writes -gamma |x_i - x_k|^2 for every training row k to `args`, eight rows at a time (eight independent
 * dot products per loaded value of x_i).
 */
function columnArguments(
  data: Float64Array,
  cols: number,
  norms: Float64Array,
  gamma: number,
  i: number,
  args: Float64Array,
): void {
  const rows = norms.length;
  const blocked = rows - (rows % 8);
  columnArgumentsSingly(data, cols, norms, gamma, i, blocked, rows, args);
  const bi = i * cols;
  const ni = norms[i];
  const g = -gamma;
  for (let k = 0; k < blocked; k += 8) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let f = 0, b = k * cols; f < cols; f++, b++) {
      const u = data[bi + f];
      s0 += u * data[b];
      s1 += u * data[b + cols];
      s2 += u * data[b + 2 * cols];
      s3 += u * data[b + 3 * cols];
      s4 += u * data[b + 4 * cols];
      s5 += u * data[b + 5 * cols];
      s6 += u * data[b + 6 * cols];
      s7 += u * data[b + 7 * cols];
    }
    args[k] = g * (ni + norms[k] - 2 * s0);
    args[k + 1] = g * (ni + norms[k + 1] - 2 * s1);
    args[k + 2] = g * (ni + norms[k + 2] - 2 * s2);
    args[k + 3] = g * (ni + norms[k + 3] - 2 * s3);
    args[k + 4] = g * (ni + norms[k + 4] - 2 * s4);
    args[k + 5] = g * (ni + norms[k + 5] - 2 * s5);
    args[k + 6] = g * (ni + norms[k + 6] - 2 * s6);
    args[k + 7] = g * (ni + norms[k + 7] - 2 * s7);
  }
}

/** columnArguments for two columns in one pass over the rows, four rows at a time. */
function columnArgumentsPair(
  data: Float64Array,
  cols: number,
  norms: Float64Array,
  gamma: number,
  i: number,
  j: number,
  argsI: Float64Array,
  argsJ: Float64Array,
): void {
  const rows = norms.length;
  const blocked = rows - (rows % 4);
  columnArgumentsSingly(data, cols, norms, gamma, i, blocked, rows, argsI);
  columnArgumentsSingly(data, cols, norms, gamma, j, blocked, rows, argsJ);
  const bi = i * cols;
  const bj = j * cols;
  const ni = norms[i];
  const nj = norms[j];
  const g = -gamma;
  for (let k = 0; k < blocked; k += 4) {
    const b0 = k * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    let i0 = 0;
    let i1 = 0;
    let i2 = 0;
    let i3 = 0;
    let j0 = 0;
    let j1 = 0;
    let j2 = 0;
    let j3 = 0;
    for (let f = 0; f < cols; f++) {
      const u = data[bi + f];
      const v = data[bj + f];
      let x = data[b0 + f];
      i0 += u * x;
      j0 += v * x;
      x = data[b1 + f];
      i1 += u * x;
      j1 += v * x;
      x = data[b2 + f];
      i2 += u * x;
      j2 += v * x;
      x = data[b3 + f];
      i3 += u * x;
      j3 += v * x;
    }
    argsI[k] = g * (ni + norms[k] - 2 * i0);
    argsI[k + 1] = g * (ni + norms[k + 1] - 2 * i1);
    argsI[k + 2] = g * (ni + norms[k + 2] - 2 * i2);
    argsI[k + 3] = g * (ni + norms[k + 3] - 2 * i3);
    argsJ[k] = g * (nj + norms[k] - 2 * j0);
    argsJ[k + 1] = g * (nj + norms[k + 1] - 2 * j1);
    argsJ[k + 2] = g * (nj + norms[k + 2] - 2 * j2);
    argsJ[k + 3] = g * (nj + norms[k + 3] - 2 * j3);
  }
}

/** Kernel columns i and j of the training rows in one pass (see rbfColumn); args needs 2 x rows values. */
export function rbfColumnPair(
  data: Float64Array,
  cols: number,
  norms: Float64Array,
  gamma: number,
  i: number,
  j: number,
  outI: Float32Array,
  outJ: Float32Array,
  args: Float64Array,
): void {
  const rows = norms.length;
  const argsI = args.subarray(0, rows);
  const argsJ = args.subarray(rows, 2 * rows);
  columnArgumentsPair(data, cols, norms, gamma, i, j, argsI, argsJ);
  expInto(argsI, outI);
  expInto(argsJ, outJ);
}

function expInto(args: Float64Array, out: Float32Array): void {
  for (let k = 0; k < out.length; k++) out[k] = fastExp(args[k]);
}

/**
 * Kernel column i of the training rows, K(x_i, x_k) for every row k. The dot products and the
 * exponentials are separate loops: with a single fastExp call site V8 inlines it.
 *
 * @param args scratch of at least rows values
 */
export function rbfColumn(
  data: Float64Array,
  cols: number,
  norms: Float64Array,
  gamma: number,
  i: number,
  out: Float32Array,
  args: Float64Array,
): void {
  columnArguments(data, cols, norms, gamma, i, args);
  expInto(args, out);
}

/** scoreArguments for rows [r0 + from, r0 + to) of X, one row at a time. */
function scoreArgumentsSingly(
  X: Matrix,
  r0: number,
  from: number,
  to: number,
  xNorms: Float64Array,
  sv: Float64Array,
  svNorms: Float64Array,
  gamma: number,
  args: Float64Array,
): void {
  const data = X.data;
  const d = X.cols;
  const m = svNorms.length;
  const g = -gamma;
  for (let q = from; q < to; q++) {
    const b = (r0 + q) * d;
    const xn = xNorms[r0 + q];
    const o = q * m;
    for (let s = 0; s < m; s++) {
      const c = s * d;
      let a = 0;
      for (let f = 0; f < d; f++) a += data[b + f] * sv[c + f];
      args[o + s] = g * (xn + svNorms[s] - 2 * a);
    }
  }
}

/**
 * Writes -gamma |x_r - sv_s|^2 to args[q * m + s] for rows r = r0 + q of X (q < rows) and every support
 * vector s, four rows against two support vectors at a time: eight independent dot products keep the CPU
 * busy while each loaded value serves two or four of them.
 */
function scoreArguments(
  X: Matrix,
  r0: number,
  rows: number,
  xNorms: Float64Array,
  sv: Float64Array,
  svNorms: Float64Array,
  gamma: number,
  args: Float64Array,
): void {
  const data = X.data;
  const d = X.cols;
  const m = svNorms.length;
  const g = -gamma;
  const blockedRows = rows - (rows % 4);
  scoreArgumentsSingly(X, r0, blockedRows, rows, xNorms, sv, svNorms, gamma, args);
  const pairedSvs = m - (m % 2);
  for (let q = 0; q < blockedRows; q += 4) {
    const b0 = (r0 + q) * d;
    const b1 = b0 + d;
    const b2 = b1 + d;
    const b3 = b2 + d;
    const x0 = xNorms[r0 + q];
    const x1 = xNorms[r0 + q + 1];
    const x2 = xNorms[r0 + q + 2];
    const x3 = xNorms[r0 + q + 3];
    const o0 = q * m;
    const o1 = o0 + m;
    const o2 = o1 + m;
    const o3 = o2 + m;
    // An odd last support vector first (see the JIT note above).
    for (let s = pairedSvs; s < m; s++) {
      const c0 = s * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let f = 0; f < d; f++) {
        const v = sv[c0 + f];
        a0 += data[b0 + f] * v;
        a1 += data[b1 + f] * v;
        a2 += data[b2 + f] * v;
        a3 += data[b3 + f] * v;
      }
      const ns = svNorms[s];
      args[o0 + s] = g * (x0 + ns - 2 * a0);
      args[o1 + s] = g * (x1 + ns - 2 * a1);
      args[o2 + s] = g * (x2 + ns - 2 * a2);
      args[o3 + s] = g * (x3 + ns - 2 * a3);
    }
    for (let s = 0; s < pairedSvs; s += 2) {
      const c0 = s * d;
      const c1 = c0 + d;
      let a00 = 0;
      let a01 = 0;
      let a10 = 0;
      let a11 = 0;
      let a20 = 0;
      let a21 = 0;
      let a30 = 0;
      let a31 = 0;
      for (let f = 0; f < d; f++) {
        const v0 = sv[c0 + f];
        const v1 = sv[c1 + f];
        let x = data[b0 + f];
        a00 += x * v0;
        a01 += x * v1;
        x = data[b1 + f];
        a10 += x * v0;
        a11 += x * v1;
        x = data[b2 + f];
        a20 += x * v0;
        a21 += x * v1;
        x = data[b3 + f];
        a30 += x * v0;
        a31 += x * v1;
      }
      const n0 = svNorms[s];
      const n1 = svNorms[s + 1];
      args[o0 + s] = g * (x0 + n0 - 2 * a00);
      args[o0 + s + 1] = g * (x0 + n1 - 2 * a01);
      args[o1 + s] = g * (x1 + n0 - 2 * a10);
      args[o1 + s + 1] = g * (x1 + n1 - 2 * a11);
      args[o2 + s] = g * (x2 + n0 - 2 * a20);
      args[o2 + s + 1] = g * (x2 + n1 - 2 * a21);
      args[o3 + s] = g * (x3 + n0 - 2 * a30);
      args[o3 + s + 1] = g * (x3 + n1 - 2 * a31);
    }
  }
}

const SCORE_BLOCK_ROWS = 16;

/**
 * out[r] = sum over s of coef[s] K(sv_s, x_r), for every row r of X; `sv` holds the support vectors
 * row-major (coef.length x X.cols), `svNorms` their squared norms. Rows go in blocks of 16: the block's
 * kernel arguments first (register-tiled dot products, see scoreArguments), then their exponentials in one
 * loop (one fastExp call site, so V8 inlines it). The support vectors stay in cache across the pass. Each
 * row's dot products and sum run in the same order whatever block it falls in, so a row's result does not
 * depend on the rows scored with it.
 */
export function rbfWeightedSums(
  X: Matrix,
  sv: Float64Array,
  svNorms: Float64Array,
  coef: Float64Array,
  gamma: number,
  out: Float64Array,
): void {
  const n = X.rows;
  const m = coef.length;
  const xNorms = squaredNorms(X.data, n, X.cols);
  const args = new Float64Array(SCORE_BLOCK_ROWS * m);
  for (let r0 = 0; r0 < n; r0 += SCORE_BLOCK_ROWS) {
    const rows = Math.min(SCORE_BLOCK_ROWS, n - r0);
    scoreArguments(X, r0, rows, xNorms, sv, svNorms, gamma, args);
    for (let q = 0, o = 0; q < rows; q++, o += m) {
      let t = 0;
      for (let s = 0; s < m; s++) t += coef[s] * fastExp(args[o + s]);
      out[r0 + q] = t;
    }
  }
}
