/**
 * Histogram plus Gaussian kernel density estimate of one metric, sized for a chart.
 */
import { finiteValues, quantilesInPlace } from './box-stats';

/** Options of {@link histogramKde}; every field is optional. */
export interface HistogramKdeOptions {
  /**
   * Number of equal-width bins over [min, max]. Default: the Freedman-Diaconis count
   * (width 2 IQR n^(-1/3)) clamped to [10, 100]; Sturges' count when the IQR is 0.
   */
  bins?: number;
  /** Kernel standard deviation in data units (log10 units with `log`), or `'silverman'` (default). */
  bandwidth?: number | 'silverman';
  /** Work on log10 of the positive values; non-positive values are skipped (default false). */
  log?: boolean;
  /** Points of the density curve, evenly spaced over [min - 3h, max + 3h] (default 200). */
  gridPoints?: number;
  /**
   * `'direct'` sums every kernel (cut at 8 bandwidths, beyond double precision); `'binned'` uses
   * linear binning (see {@link histogramKde}); `'auto'` (default) picks the cheaper.
   */
  method?: 'auto' | 'binned' | 'direct';
}

/** Histogram and density of one metric. */
export interface HistogramKde {
  /** Parallel arrays, one entry per bin: edges [x0, x1) (the last bin is closed), count, count / (n * width). */
  bins: { x0: Float64Array; x1: Float64Array; count: Float64Array; density: Float64Array };
  /** The density curve; it integrates to 1 over the (transformed) values. */
  kde: { x: Float64Array; density: Float64Array };
  /** The kernel standard deviation used (in log10 units when `log`). NaN when `n` is 0. */
  bandwidth: number;
  /** Values used. */
  n: number;
  /** Whether x is log10 of the values. */
  log: boolean;
  /** Values not used: non-finite, and non-positive when `log`. */
  skipped: number;
  /** Range of the used (transformed) values. */
  min: number;
  max: number;
  /** x of the highest point of the density curve. */
  mode: number;
  /** How the density was computed. */
  method: 'binned' | 'direct';
}

const DEFAULT_GRID = 200;
/** Fine-grid nodes per bandwidth for linear binning: the binning error is O((1/20)^2) of the curvature term. */
const NODES_PER_BANDWIDTH = 20;
/** Kernels are cut at this many bandwidths: exp(-8^2/2) ~ 1e-14, below double precision. */
const CUT = 8;
const MAX_NODES = 1 << 20;
const DIRECT_BUDGET = 4e6;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Silverman's rule of thumb, the robust variant of Silverman (1986, eq. 3.31):
 * `h = 0.9 * min(s, IQR / 1.34) * n^(-1/5)`, with `s` the sample standard deviation (ddof 1) and the
 * IQR from linear quantiles. When the IQR is 0 (more than half the values tied) `s` is used alone; a
 * constant sample gets `0.05 * max(|x|, 1)` so that it still draws as a narrow peak.
 *
 * This is not scipy's `gaussian_kde(bw_method='silverman')`, whose factor is
 * `(n (d + 2) / 4)^(-1/(d + 4))`, i.e. about `1.06 s n^(-1/5)` in one dimension: the `min(s, IQR/1.34)`
 * keeps a few large anomalies from inflating the bandwidth and flattening the bulk of the distribution.
 *
 * @param std sample standard deviation
 * @param iqr interquartile range
 */
export function silvermanBandwidth(n: number, std: number, iqr: number): number {
  if (n === 0) return NaN;
  let a = Math.min(std, iqr / 1.34);
  if (!(a > 0)) a = std > 0 ? std : iqr > 0 ? iqr / 1.34 : 0;
  if (!(a > 0)) return NaN;
  return 0.9 * a * Math.pow(n, -0.2);
}

/** Mean and sample standard deviation (ddof 1; NaN for n < 2), two passes. */
function meanStd(xs: Float64Array): { mean: number; std: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    ss += d * d;
  }
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/**
 * numpy's `histogram` with equal bins over [min, max]: same edges (`linspace`) and the same
 * rounding corrections, so counts match numpy exactly. A zero range uses [min - 0.5, max + 0.5].
 */
function histogram(xs: Float64Array, bins: number, min: number, max: number): HistogramKde['bins'] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = first + i * step;
  edges[bins] = last;
  const count = new Float64Array(bins);
  const norm = bins / (last - first);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    let k = Math.floor((v - first) * norm);
    if (k >= bins) k = bins - 1;
    if (k > 0 && v < edges[k]) k--;
    else if (k < bins - 1 && v >= edges[k + 1]) k++;
    count[k]++;
  }
  const x0 = edges.slice(0, bins);
  const x1 = edges.slice(1);
  const density = new Float64Array(bins);
  const n = xs.length;
  for (let k = 0; k < bins; k++) density[k] = n > 0 ? count[k] / (n * (x1[k] - x0[k])) : 0;
  return { x0, x1, count, density };
}

/** Exact Gaussian KDE at the grid points, each kernel cut at CUT bandwidths (negligible error). */
function kdeDirect(xs: Float64Array, h: number, gx: Float64Array): Float64Array {
  const g = gx.length;
  const out = new Float64Array(g);
  const lo = gx[0];
  const dx = g > 1 ? gx[1] - gx[0] : 1;
  const inv2h2 = 1 / (2 * h * h);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    const a = Math.max(0, Math.ceil((v - CUT * h - lo) / dx));
    const b = Math.min(g - 1, Math.floor((v + CUT * h - lo) / dx));
    for (let k = a; k <= b; k++) {
      const d = gx[k] - v;
      out[k] += Math.exp(-d * d * inv2h2);
    }
  }
  const c = INV_SQRT_2PI / (xs.length * h);
  for (let k = 0; k < g; k++) out[k] *= c;
  return out;
}

/**
 * Linear-binning KDE (Wand & Jones 1995, ch. D; what KernSmooth's bkde does): each value splits its
 * unit weight between the two nearest nodes of a fine grid of spacing h / 20 (in proportion to
 * closeness), then the density at each output point is the kernel-weighted sum over the nodes within
 * 8 h. Cost O(n + gridPoints * 320) instead of O(n * gridPoints); the approximation error is of order
 * (spacing / h)^2 relative to the curve's curvature, about 1e-4 of the peak (tested against the exact sum).
 */
function kdeBinned(xs: Float64Array, h: number, gx: Float64Array, min: number, max: number): Float64Array {
  const delta = h / NODES_PER_BANDWIDTH;
  const m = Math.floor((max - min) / delta) + 2;
  const w = new Float64Array(m);
  const inv = 1 / delta;
  for (let i = 0; i < xs.length; i++) {
    const pos = (xs[i] - min) * inv;
    const j = Math.floor(pos);
    const f = pos - j;
    w[j] += 1 - f;
    w[j + 1] += f;
  }
  const g = gx.length;
  const out = new Float64Array(g);
  const inv2h2 = 1 / (2 * h * h);
  const reach = CUT * NODES_PER_BANDWIDTH;
  for (let k = 0; k < g; k++) {
    const x = gx[k];
    const c = Math.round((x - min) * inv);
    const a = Math.max(0, c - reach);
    const b = Math.min(m - 1, c + reach);
    let s = 0;
    for (let j = a; j <= b; j++) {
      if (w[j] === 0) continue;
      const d = x - (min + j * delta);
      s += w[j] * Math.exp(-d * d * inv2h2);
    }
    out[k] = s;
  }
  const c = INV_SQRT_2PI / (xs.length * h);
  for (let k = 0; k < g; k++) out[k] *= c;
  return out;
}

/**
 * Histogram and Gaussian kernel density of a metric's finite values (or of log10 of its positive
 * values with `log: true`), with the bandwidth by Silverman's rule (see {@link silvermanBandwidth}).
 *
 * The density is evaluated on `gridPoints` points over [min - 3h, max + 3h] (seaborn's `cut=3`). For
 * large inputs it uses linear binning onto a fine grid (spacing h / 20) instead of summing a million
 * kernels per grid point: O(n) rather than O(n * gridPoints), within about 1e-4 of the exact density
 * relative to its peak. When the bandwidth is tiny against the range (more than 2^20 fine nodes), the
 * exact sum is cheap instead, since each value then reaches only a grid point or two.
 *
 * @param values the metric; NaN (missing) and infinite values are skipped and counted
 */
export function histogramKde(values: ArrayLike<number>, options: HistogramKdeOptions = {}): HistogramKde {
  const log = options.log ?? false;
  const gridPoints = options.gridPoints ?? DEFAULT_GRID;
  if (!Number.isInteger(gridPoints) || gridPoints < 2) {
    throw new RangeError(`histogramKde: gridPoints must be an integer >= 2, got ${gridPoints}`);
  }
  if (options.bins !== undefined && (!Number.isInteger(options.bins) || options.bins < 1)) {
    throw new RangeError(`histogramKde: bins must be an integer >= 1, got ${options.bins}`);
  }
  const bw = options.bandwidth ?? 'silverman';
  if (typeof bw === 'number' && !(bw > 0 && Number.isFinite(bw))) {
    throw new RangeError(`histogramKde: bandwidth must be a positive number or 'silverman', got ${bw}`);
  }

  let xs: Float64Array;
  if (log) {
    const buf = new Float64Array(values.length);
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v > 0 && v < Infinity) buf[n++] = Math.log10(v);
    }
    xs = buf.slice(0, n);
  } else {
    xs = finiteValues(values);
  }
  const n = xs.length;
  const skipped = values.length - n;
  if (n === 0) {
    const e = new Float64Array(0);
    return {
      bins: { x0: e, x1: e, count: e, density: e },
      kde: { x: e, density: e },
      bandwidth: NaN,
      n: 0,
      log,
      skipped,
      min: NaN,
      max: NaN,
      mode: NaN,
      method: 'direct',
    };
  }

  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const { mean, std } = meanStd(xs);
  // Quartiles by quickselect reorder xs, which neither the histogram nor the density cares about.
  const [q1, q3] = quantilesInPlace(xs, [0.25, 0.75]);
  const iqr = q3 - q1;

  let h = typeof bw === 'number' ? bw : silvermanBandwidth(n, std, iqr);
  if (!(h > 0)) h = 0.05 * Math.max(Math.abs(mean), 1);

  let bins = options.bins;
  if (bins === undefined) {
    if (max === min) bins = 1;
    else if (iqr > 0) bins = Math.ceil((max - min) / (2 * iqr * Math.cbrt(1 / n)));
    else bins = Math.ceil(Math.log2(n)) + 1;
    bins = Math.min(100, Math.max(10, bins));
  }
  const hist = histogram(xs, bins, min, max);

  const gx = new Float64Array(gridPoints);
  const lo = min - 3 * h;
  const span = max + 3 * h - lo;
  for (let k = 0; k < gridPoints; k++) gx[k] = lo + (span * k) / (gridPoints - 1);

  const dx = span / (gridPoints - 1);
  const directCost = n * Math.min(gridPoints, (2 * CUT * h) / dx + 1);
  const nodes = (max - min) / (h / NODES_PER_BANDWIDTH) + 2;
  let method: 'binned' | 'direct';
  if (options.method === 'binned' || options.method === 'direct') method = options.method;
  else method = directCost <= DIRECT_BUDGET || nodes > MAX_NODES ? 'direct' : 'binned';
  if (method === 'binned' && nodes > 64 * MAX_NODES) method = 'direct';
  const density = method === 'binned' ? kdeBinned(xs, h, gx, min, max) : kdeDirect(xs, h, gx);

  let mode = gx[0];
  let best = -Infinity;
  for (let k = 0; k < gridPoints; k++) {
    if (density[k] > best) {
      best = density[k];
      mode = gx[k];
    }
  }

  return {
    bins: hist,
    kde: { x: gx, density },
    bandwidth: h,
    n,
    log,
    skipped,
    min,
    max,
    mode,
    method,
  };
}

/**
 * Whether a log scale would show a metric better (the default of the log toggle): at least 90% of
 * its finite values are positive (log drops the rest), and either its skewness (the biased
 * moment estimator, `scipy.stats.skew`'s default) exceeds 2 or its maximum exceeds 10 times its 99th
 * percentile. Needs at least 3 finite values.
 */
export function isHeavyTailed(values: ArrayLike<number>): boolean {
  const xs = finiteValues(values);
  const n = xs.length;
  if (n < 3) return false;
  let positive = 0;
  let max = -Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (v > 0) positive++;
    if (v > max) max = v;
    s += v;
  }
  if (positive < 0.9 * n) return false;
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  m2 /= n;
  m3 /= n;
  if (m2 > 0 && m3 / Math.pow(m2, 1.5) > 2) return true;
  const [p99] = quantilesInPlace(xs, [0.99]);
  return p99 > 0 && max > 10 * p99;
}
