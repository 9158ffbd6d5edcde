/**
 * Box-plot statistics (Tukey's 1.5 IQR rule) per metric, optionally split into groups (entities).
 */

/** One box of a box plot. Every number is NaN when the group has no finite value. */
export interface BoxStats {
  key: string;
  /** Finite values in the group. */
  n: number;
  /** Non-finite values (missing) in the group. */
  missing: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Lower fence q1 - 1.5 IQR and upper fence q3 + 1.5 IQR. */
  fenceLo: number;
  fenceHi: number;
  /** The most extreme values still inside the fences (the whisker ends), but not inside the box. */
  whiskerLo: number;
  whiskerHi: number;
  /** Number of values below `fenceLo` / above `fenceHi`. */
  outliersLow: number;
  outliersHigh: number;
  /** Up to {@link OUTLIER_SAMPLE} outlier values for drawing: evenly spaced in sorted order, extremes included. */
  outlierSample: Float64Array;
}

/** The most outlier values a {@link BoxStats} carries for drawing. */
export const OUTLIER_SAMPLE = 50;

/**
 * Quantile `q` in [0, 1] of ascending `sorted` values by linear interpolation between closest ranks:
 * numpy's default (`method='linear'`, R type 7, pandas' `quantile`). NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

/** The finite values of `values` (at `rows`, or all of them) in row order, in a new `Float64Array`. */
export function finiteValues(values: ArrayLike<number>, rows?: ArrayLike<number>): Float64Array {
  const m = rows ? rows.length : values.length;
  const buf = new Float64Array(m);
  let n = 0;
  if (rows) {
    for (let i = 0; i < m; i++) {
      const v = values[rows[i]];
      if (Number.isFinite(v)) buf[n++] = v;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const v = values[i];
      if (Number.isFinite(v)) buf[n++] = v;
    }
  }
  return n === m ? buf : buf.slice(0, n);
}

// Hoare-partition quickselect: afterwards a[k] holds the k-th smallest of a[lo..hi], everything left of
// k is <= a[k] and everything right is >= a[k]. Handles many ties well (equal keys are swapped, so
// partitions stay balanced), which matters for metrics rounded to 0.01.
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    let t: number;
    if (a[mid] < a[lo]) {
      t = a[mid];
      a[mid] = a[lo];
      a[lo] = t;
    }
    if (a[hi] < a[lo]) {
      t = a[hi];
      a[hi] = a[lo];
      a[lo] = t;
    }
    if (a[hi] < a[mid]) {
      t = a[hi];
      a[hi] = a[mid];
      a[mid] = t;
    }
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

const BUCKETS = 4096;
const SMALL = 4096;

/**
 * Order statistics `ranks` (0-based, ascending, distinct) of `a`, reordering `a`. Large arrays are
 * narrowed with a value histogram first (two sequential passes, then only the few buckets holding a
 * wanted rank are searched), which is several times faster than quickselect on a million values;
 * small ones, or buckets that still hold most of the values after a few rounds, use quickselect.
 */
function orderStatistics(
  a: Float64Array,
  ranks: readonly number[],
  depth = 0,
  range?: { min: number; max: number },
): number[] {
  const n = a.length;
  if (n <= SMALL || depth >= 3) {
    const out: number[] = [];
    let lo = 0;
    for (const r of ranks) {
      select(a, r, lo, n - 1);
      out.push(a[r]);
      lo = r;
    }
    return out;
  }
  let min = Infinity;
  let max = -Infinity;
  if (range) ({ min, max } = range);
  else {
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === max) return ranks.map(() => min);
  const scale = BUCKETS / (max - min);
  const counts = new Uint32Array(BUCKETS);
  for (let i = 0; i < n; i++) {
    const b = ((a[i] - min) * scale) | 0;
    counts[b < BUCKETS ? b : BUCKETS - 1]++;
  }
  // Bucket of each rank and the rank within it.
  const slotOf = new Int32Array(BUCKETS).fill(-1);
  const parts: { bucket: number; size: number; ranks: number[]; at: number[] }[] = [];
  let cum = 0;
  let b = 0;
  ranks.forEach((r, at) => {
    while (cum + counts[b] <= r) cum += counts[b++];
    if (slotOf[b] < 0) {
      slotOf[b] = parts.length;
      parts.push({ bucket: b, size: counts[b], ranks: [], at: [] });
    }
    const part = parts[slotOf[b]];
    part.ranks.push(r - cum);
    part.at.push(at);
  });
  const buffers = parts.map((p) => new Float64Array(p.size));
  const fill = new Int32Array(parts.length);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    let k = ((v - min) * scale) | 0;
    if (k >= BUCKETS) k = BUCKETS - 1;
    const slot = slotOf[k];
    if (slot >= 0) buffers[slot][fill[slot]++] = v;
  }
  const out = new Array<number>(ranks.length);
  parts.forEach((p, s) => {
    const vals = orderStatistics(buffers[s], p.ranks, depth + 1);
    p.at.forEach((at, j) => (out[at] = vals[j]));
  });
  return out;
}

/**
 * Linear (numpy default) quantiles of finite values in expected O(n), without a full sort (see
 * {@link orderStatistics}). May reorder `scratch` (pass a copy whose order you do not need). NaN for
 * each quantile when `scratch` is empty.
 *
 * @param scratch finite values
 * @param qs quantiles in [0, 1], in any order
 * @param range the values' minimum and maximum, when the caller knows them (saves a pass)
 */
export function quantilesInPlace(
  scratch: Float64Array,
  qs: readonly number[],
  range?: { min: number; max: number },
): number[] {
  const n = scratch.length;
  if (n === 0) return qs.map(() => NaN);
  const pos = qs.map((q) => Math.min(Math.max(q, 0), 1) * (n - 1));
  const wanted = new Set<number>();
  for (const p of pos) {
    const k = Math.floor(p);
    wanted.add(k);
    if (p > k) wanted.add(k + 1);
  }
  const ranks = [...wanted].sort((x, y) => x - y);
  const vals = orderStatistics(scratch, ranks, 0, range);
  const at = new Map(ranks.map((r, i) => [r, vals[i]]));
  return pos.map((p) => {
    const k = Math.floor(p);
    const v0 = at.get(k) as number;
    return p > k ? v0 + ((at.get(k + 1) as number) - v0) * (p - k) : v0;
  });
}

function emptyBox(key: string, missing: number): BoxStats {
  return {
    key,
    n: 0,
    missing,
    min: NaN,
    q1: NaN,
    median: NaN,
    q3: NaN,
    max: NaN,
    fenceLo: NaN,
    fenceHi: NaN,
    whiskerLo: NaN,
    whiskerHi: NaN,
    outliersLow: 0,
    outliersHigh: 0,
    outlierSample: new Float64Array(0),
  };
}

/** Box statistics of finite values (reordered in place); see {@link boxStats}. */
export function boxStatsOf(key: string, finite: Float64Array, missing = 0): BoxStats {
  const n = finite.length;
  if (n === 0) return emptyBox(key, missing);
  const [q1, median, q3] = quantilesInPlace(finite, [0.25, 0.5, 0.75]);
  const iqr = q3 - q1;
  const fenceLo = q1 - 1.5 * iqr;
  const fenceHi = q3 + 1.5 * iqr;
  let min = Infinity;
  let max = -Infinity;
  let whiskerLo = Infinity;
  let whiskerHi = -Infinity;
  let outliersLow = 0;
  let outliersHigh = 0;
  for (let i = 0; i < n; i++) {
    const v = finite[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < fenceLo) outliersLow++;
    else if (v > fenceHi) outliersHigh++;
    else {
      if (v < whiskerLo) whiskerLo = v;
      if (v > whiskerHi) whiskerHi = v;
    }
  }

  const total = outliersLow + outliersHigh;
  const outliers = new Float64Array(total);
  if (total > 0) {
    for (let i = 0, j = 0; i < n; i++) {
      const v = finite[i];
      if (v < fenceLo || v > fenceHi) outliers[j++] = v;
    }
    outliers.sort();
  }
  const take = Math.min(total, OUTLIER_SAMPLE);
  const outlierSample = new Float64Array(take);
  for (let s = 0; s < take; s++) {
    // Evenly spaced ranks in the sorted outliers, both extremes included.
    outlierSample[s] = outliers[take === 1 ? 0 : Math.round((s * (total - 1)) / (take - 1))];
  }

  return {
    key,
    n,
    missing,
    min,
    q1,
    median,
    q3,
    max,
    fenceLo,
    fenceHi,
    // As matplotlib's boxplot_stats: a whisker never ends inside the box (possible in tiny samples,
    // e.g. [-1, 0, 0, 0], whose q1 = -0.25 lies between an outlier and the next value).
    whiskerLo: Math.min(whiskerLo, q1),
    whiskerHi: Math.max(whiskerHi, q3),
    outliersLow,
    outliersHigh,
    outlierSample,
  };
}

/**
 * Box-plot statistics of `values`, one box per group (or a single box keyed `'all'` when `groups` is
 * omitted). Quantiles are numpy's linear ones (`np.percentile` default); whiskers end at the most
 * extreme values inside the fences q1 - 1.5 IQR and q3 + 1.5 IQR; values beyond are outliers, counted
 * per side. Non-finite values (NaN = missing) are skipped and counted in `missing`.
 *
 * Cost: expected O(n) per group (quickselect for the quartiles, one pass for the rest, a sort of the
 * outliers only).
 *
 * @param values the metric, one value per row
 * @param groups optional row indices per group, e.g. per entity from `entityGroups`
 */
export function boxStats(
  values: ArrayLike<number>,
  groups?: readonly { key: string; rows: ArrayLike<number> }[],
): BoxStats[] {
  if (!groups) {
    const finite = finiteValues(values);
    return [boxStatsOf('all', finite, values.length - finite.length)];
  }
  return groups.map(({ key, rows }) => {
    const finite = finiteValues(values, rows);
    return boxStatsOf(key, finite, rows.length - finite.length);
  });
}
