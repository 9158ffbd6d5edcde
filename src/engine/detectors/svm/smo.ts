import type { Matrix } from '../../util/matrix';
import { squaredNorms } from './kernel';
import { RbfColumnCache } from './kernel-cache';

/** The solved one-class dual. */
export interface OneClassSolution {
  /** One coefficient per training row, in [0, 1], summing to nu * rows. */
  alpha: Float64Array;
  /** The offset: decision(x) = sum_i alpha_i K(x_i, x) - rho. */
  rho: number;
  iterations: number;
  /** False when the iteration cap stopped the solver before the KKT gap fell below the tolerance. */
  converged: boolean;
  /** Kernel columns computed (cache misses). */
  kernelColumns: number;
}

/** libsvm's floor for a non-positive curvature along the working-set direction. */
const TAU = 1e-12;
const CHECK_CLOCK_EVERY = 16;
/** Share of the progress bar given to the initial gradient (the rest follows the KKT gap). */
const INIT_SHARE = 0.4;

/**
 * libsvm's SMO solver (Fan, Chen and Lin 2005) for the one-class SVM dual of Scholkopf et al. (2001),
 *   minimize 1/2 a'Qa  subject to  0 <= a_i <= 1,  sum_i a_i = nu * l,  Q_ij = K(x_i, x_j),
 * with an RBF kernel, written to follow libsvm's Solver step by step (same start, working-set choice, ties,
 * clipping, stopping rule and rho) so that it reaches the same solution as scikit-learn's OneClassSVM.
 * Each iteration picks the pair (i, j) by the second-order rule WSS2: i maximizes -G_i over a_i < 1, j
 * minimizes -(G_j - G_i)^2 / (Q_ii + Q_jj - 2 Q_ij) over a_j > 0 with G_j > G_i; the solver stops when
 * max(-G_i : a_i < 1) + max(G_j : a_j > 0) < tolerance.
 *
 * No shrinking (scikit-learn's default, so results can differ within the tolerance once libsvm shrinks):
 * libsvm first shrinks after min(l, 1000) iterations, and on 10,000 x 20 standard normal rows the solve ends
 * after 633; over its first 500 or so iterations each one moves a row from the bound and another to it, and
 * libsvm then needs both full kernel columns (for its G_bar) anyway. The kernel columns are the cost; the
 * gradient update over all rows is small beside them.
 *
 * Work is done in slices (`run(deadline)`) so the caller can yield to the event loop and honour an abort.
 */
export class OneClassSmo {
  iterations = 0;
  converged = false;
  private readonly rows: number;
  private readonly alpha: Float64Array;
  private readonly grad: Float64Array;
  private readonly cache: RbfColumnCache;
  private readonly maxIterations: number;
  /** Rows that start with a_i > 0: the initial gradient sums their kernel columns. */
  private readonly initial: Int32Array;
  private initNext = 0;
  /**
   * The rows with a > 0 in increasing order (the first nPositive entries): the candidates for j, scanned in
   * the order libsvm scans them so that ties go the same way.
   */
  private readonly positive: Int32Array;
  private nPositive: number;
  /** The next working-set i, found during the gradient update (-2: not yet found). */
  private nextI = -2;
  /** selectJ's second result. */
  private readonly scratch = new Float64Array(1);
  private phase: 'init' | 'iterate' | 'done' = 'init';
  private firstGap = NaN;
  private progressValue = 0;

  /**
   * @param X the training rows (kept by reference; must not change during the solve)
   * @param cacheBytes memory for the kernel column cache
   */
  constructor(
    X: Matrix,
    gamma: number,
    nu: number,
    private readonly tolerance: number,
    cacheBytes: number,
  ) {
    const l = X.rows;
    this.rows = l;
    this.alpha = new Float64Array(l);
    this.grad = new Float64Array(l);
    // libsvm's start: the first floor(nu l) rows at the bound, the next one taking the remainder.
    const n = Math.floor(nu * l);
    for (let i = 0; i < n && i < l; i++) this.alpha[i] = 1;
    if (n < l) this.alpha[n] = nu * l - n;
    const start: number[] = [];
    for (let i = 0; i <= n && i < l; i++) if (this.alpha[i] > 0) start.push(i);
    this.initial = Int32Array.from(start);
    this.positive = new Int32Array(l);
    this.positive.set(this.initial);
    this.nPositive = this.initial.length;
    this.maxIterations = Math.max(10_000_000, 100 * l);
    const norms = squaredNorms(X.data, l, X.cols);
    this.cache = new RbfColumnCache(X.data, X.cols, norms, gamma, cacheBytes);
  }

  /** Fraction of the work done, in [0, 1], non-decreasing (an estimate from the KKT gap). */
  get progress(): number {
    return this.progressValue;
  }

  /**
   * Works until the solver finishes or the clock passes `deadline` (a performance.now() time); true when
   * finished.
   */
  run(deadline: number): boolean {
    if (this.phase === 'init' && !this.runInit(deadline)) return false;
    if (this.phase === 'iterate') return this.runIterations(deadline);
    return true;
  }

  /** The solution; valid once `run` returned true. */
  solution(): OneClassSolution {
    if (this.phase !== 'done') throw new Error('OneClassSmo: solution() called before the solver finished');
    return {
      alpha: this.alpha,
      rho: this.rho(),
      iterations: this.iterations,
      converged: this.converged,
      kernelColumns: this.cache.computed,
    };
  }

  /** G = Q alpha for the starting alpha, two columns per pass over the rows. */
  private runInit(deadline: number): boolean {
    const { initial, alpha, grad } = this;
    while (this.initNext < initial.length) {
      const i = initial[this.initNext];
      if (this.initNext + 1 < initial.length) {
        const j = initial[this.initNext + 1];
        const [qi, qj] = this.cache.pair(i, j);
        addColumns(grad, qi, alpha[i], qj, alpha[j]);
        this.initNext += 2;
      } else {
        const qi = this.cache.column(i);
        addColumns(grad, qi, alpha[i], qi, 0);
        this.initNext += 1;
      }
      this.progressValue = (INIT_SHARE * this.initNext) / initial.length;
      if (performance.now() > deadline && this.initNext < initial.length) return false;
    }
    this.phase = 'iterate';
    return true;
  }

  private runIterations(deadline: number): boolean {
    const { alpha, grad, cache, scratch } = this;
    if (this.nextI === -2) this.nextI = selectI(alpha, grad);
    for (;;) {
      // Working-set selection (libsvm's select_working_set, all labels +1, C = 1, Q_ii = 1). i, the
      // maximizer of -G over a < 1, was found while updating the gradient.
      const i = this.nextI;
      const gmax = i >= 0 ? -grad[i] : -Infinity;
      const j = i >= 0 ? selectJ(this.positive, this.nPositive, grad, cache.column(i), gmax, scratch) : -1;
      const gap = gmax + (i >= 0 ? scratch[0] : -Infinity);
      if (j < 0 || gap < this.tolerance) {
        this.converged = true;
        return this.finish();
      }
      if (this.iterations >= this.maxIterations) return this.finish();
      this.iterations++;
      this.track(gap);

      const [qi, qj] = cache.pair(i, j);
      const q = 2 - 2 * qi[j];
      const quad = q > 0 ? q : TAU;
      const oldI = alpha[i];
      const oldJ = alpha[j];
      const delta = (grad[i] - grad[j]) / quad;
      const sum = oldI + oldJ;
      // libsvm's clipping to the box. Every value is computed on every pass so that the JIT has seen
      // each operation before it compiles this loop.
      const sumLess1 = sum - 1;
      let ai = oldI - delta;
      let aj = oldJ + delta;
      if (sum > 1) {
        if (ai > 1) {
          ai = 1;
          aj = sumLess1;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > 1) {
        if (aj > 1) {
          aj = 1;
          ai = sumLess1;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
      alpha[i] = ai;
      alpha[j] = aj;
      if (oldI > 0 !== ai > 0) this.togglePositive(i);
      if (oldJ > 0 !== aj > 0) this.togglePositive(j);
      this.nextI = updateGradient(alpha, grad, qi, qj, ai - oldI, aj - oldJ);

      if (this.iterations % CHECK_CLOCK_EVERY === 0 && performance.now() > deadline) return false;
    }
  }

  /** Progress from the KKT gap, which falls roughly geometrically from its first value to the tolerance. */
  private track(gap: number): void {
    if (Number.isNaN(this.firstGap)) this.firstGap = gap;
    if (!(this.firstGap > this.tolerance) || !(gap > 0)) return;
    const f = Math.log(this.firstGap / gap) / Math.log(this.firstGap / this.tolerance);
    const p = INIT_SHARE + (1 - INIT_SHARE) * Math.min(1, Math.max(0, f));
    if (p > this.progressValue) this.progressValue = p;
  }

  private finish(): true {
    this.phase = 'done';
    this.progressValue = 1;
    return true;
  }

  /** Adds row t to the sorted list of rows with a > 0, or removes it when it is there. */
  private togglePositive(t: number): void {
    const list = this.positive;
    let lo = 0;
    let hi = this.nPositive;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.nPositive && list[lo] === t) {
      list.copyWithin(lo, lo + 1, this.nPositive);
      this.nPositive--;
    } else {
      list.copyWithin(lo + 1, lo, this.nPositive);
      list[lo] = t;
      this.nPositive++;
    }
  }

  /**
   * libsvm's calculate_rho: the mean gradient over free coefficients (0 < a_i < 1), else the midpoint of
   * the bounds the KKT conditions put on it. With every a_i at 1 (nu = 1) only the lower bound exists.
   */
  private rho(): number {
    const { alpha, grad } = this;
    let ub = Infinity;
    let lb = -Infinity;
    let nFree = 0;
    let sumFree = 0;
    for (let i = 0; i < this.rows; i++) {
      const g = grad[i];
      if (alpha[i] >= 1) {
        if (g > lb) lb = g;
      } else if (alpha[i] <= 0) {
        if (g < ub) ub = g;
      } else {
        nFree++;
        sumFree += g;
      }
    }
    if (nFree > 0) return sumFree / nFree;
    if (!Number.isFinite(ub)) return lb;
    if (!Number.isFinite(lb)) return ub;
    return (ub + lb) / 2;
  }
}

/** The maximizer of -G over a < 1 (the last one on ties, as libsvm), or -1 when every a is 1. */
function selectI(alpha: Float64Array, grad: Float64Array): number {
  let best = -Infinity;
  let i = -1;
  for (let t = 0; t < alpha.length; t++) {
    if (alpha[t] < 1 && -grad[t] >= best) {
      best = -grad[t];
      i = t;
    }
  }
  return i;
}

/**
 * libsvm's second-order choice of j given i: among rows with a > 0 (`positive`, in increasing order, so
 * that ties go as in libsvm) with G_j > G_i, the one minimizing -(G_j - G_i)^2 / (2 - 2 Q_ij); -1 when there
 * is none. Writes max(G_j : a_j > 0) to out[0].
 */
function selectJ(
  positive: Int32Array,
  nPositive: number,
  grad: Float64Array,
  qi: Float32Array,
  gmax: number,
  out: Float64Array,
): number {
  let gmax2 = -Infinity;
  let j = -1;
  let objMin = Infinity;
  for (let p = 0; p < nPositive; p++) {
    const t = positive[p];
    const g = grad[t];
    if (g >= gmax2) gmax2 = g;
    const diff = gmax + g;
    if (diff > 0) {
      const quad = 2 - 2 * qi[t];
      const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
      if (obj <= objMin) {
        j = t;
        objMin = obj;
      }
    }
  }
  out[0] = gmax2;
  return j;
}

/**
 * G += di Q_i + dj Q_j, fused with the next choice of i (the maximizer of -G over a < 1, the last one on
 * ties, as a separate pass would find it); returns that i, or -1 when every a is 1.
 */
function updateGradient(
  alpha: Float64Array,
  grad: Float64Array,
  qi: Float32Array,
  qj: Float32Array,
  di: number,
  dj: number,
): number {
  let best = -Infinity;
  let next = -1;
  for (let k = 0; k < grad.length; k++) {
    const g = grad[k] + (qi[k] * di + qj[k] * dj);
    grad[k] = g;
    if (alpha[k] < 1 && -g >= best) {
      best = -g;
      next = k;
    }
  }
  return next;
}

/** G += ai Q_i, then G += aj Q_j (libsvm's order of summation), row by row. */
function addColumns(grad: Float64Array, qi: Float32Array, ai: number, qj: Float32Array, aj: number): void {
  for (let k = 0; k < grad.length; k++) {
    grad[k] += ai * qi[k];
    grad[k] += aj * qj[k];
  }
}
