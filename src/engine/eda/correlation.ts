/**
 * Pearson and Spearman correlation matrices over pairwise-complete observations, as pandas'
 * `DataFrame.corr` computes them (pandas 1.5 `nancorr` / `nancorr_spearman`).
 */

/** A correlated pair of columns. */
export interface CorrelatedPair {
  a: string;
  b: string;
  r: number;
}

function asFloat64(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** Ascending order of the finite values of a column and the average (1-based) rank of each row. */
interface Ranking {
  /** Rank of each row among the column's finite values, ties averaged; NaN where the value is not finite. */
  rank: Float64Array;
  /** Rows with finite values in ascending order of value (ties in row order). */
  order: Int32Array;
}

const RADIX = 1 << 16;
const SMALL_SORT = 2048;

/**
 * Ranks a column: by its distinct values when it has few ({@link rankByDistinct}, the usual case for
 * metrics), else by a radix sort ({@link radixRank}). Both give the same ranks and, when `needOrder`,
 * the same stable order.
 */
function rankColumn(x: Float64Array, needOrder = true): Ranking {
  return rankByDistinct(x, needOrder) ?? radixRank(x);
}

/** Below this many distinct values per row (1 in 4), ranking by hashing the distinct values wins. */
const DISTINCT_SHARE = 4;

/**
 * A table slot (the top `32 - shift` bits) for the double with words `lo`, `hi`: the words are mixed
 * and multiplied, and the high bits taken, since the low bits of decimals like 9.3 repeat (0x...999a).
 */
function hashSlot(lo: number, hi: number, shift: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ hi;
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> shift;
}

/**
 * Ranks a column with few distinct values (metrics rounded to 0.01, counters): hashes each finite value
 * to an id of its distinct value (open addressing on the double's bits), sorts only the distinct
 * values, and gives each row the average rank of its value; the order, when wanted, is a stable
 * counting sort of the rows by value. Two passes over the rows and one sort of the distinct values,
 * instead of four radix passes. Null when the column has too many distinct values for that to pay
 * (more than a quarter of the rows, or too few rows): the caller falls back to the radix sort.
 *
 * Each pass over the rows is a function of its own: a function run once per column is compiled to
 * fast code while it runs (on-stack replacement), and a large one with several loops fell back to
 * slow code after each loop, whose next code had never run (a third of Spearman's time on 1M rows).
 */
function rankByDistinct(x: Float64Array, needOrder: boolean): Ranking | null {
  const n = x.length;
  if (n <= SMALL_SORT) return null;
  const table = distinctIds(x, Math.floor(n / DISTINCT_SHARE));
  if (!table) return null;
  const { ids, values, counts, d, m, keys, slots, shift, mask } = table;
  // Start (0-based position in ascending order) of each distinct value's run of rows.
  const sorted = values.slice(0, d).sort();
  const startOf = new Float64Array(d);
  const sw = new Uint32Array(sorted.buffer, sorted.byteOffset, 2 * d);
  let acc = 0;
  for (let p = 0; p < d; p++) {
    // sorted[p] is a distinct value: find its id through the table.
    const u = sorted[p];
    const l = u === 0 ? 0 : sw[2 * p];
    const g = u === 0 ? 0 : sw[2 * p + 1];
    let t = hashSlot(l, g, shift);
    while (keys[t] !== u) t = (t + 1) & mask;
    const id = slots[t];
    startOf[id] = acc;
    acc += counts[id];
  }
  const avg = new Float64Array(d);
  for (let id = 0; id < d; id++) {
    const p = startOf[id];
    const q = p + counts[id];
    avg[id] = (p + q + 1) / 2;
  }
  const rank = gatherRanks(ids, avg);
  if (!needOrder) return { rank, order: new Int32Array(0) };
  return { rank, order: orderByValue(ids, startOf, m) };
}

/** The distinct-value table of a column: each row's id (-1 where not finite), and per id its value and rows. */
interface DistinctIds {
  ids: Int32Array;
  values: Float64Array;
  counts: Int32Array;
  /** Distinct values. */
  d: number;
  /** Finite values. */
  m: number;
  /** The open-addressing table: value and id per slot, slot from {@link hashSlot} with `shift`. */
  keys: Float64Array;
  slots: Int32Array;
  shift: number;
  mask: number;
}

/** Hashes each finite value of `x` to the id of its distinct value; null beyond `maxDistinct` values. */
function distinctIds(x: Float64Array, maxDistinct: number): DistinctIds | null {
  const n = x.length;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  let size = 4096;
  let mask = size - 1;
  let shift = 32 - 12;
  let keys = new Float64Array(size);
  let slots = new Int32Array(size).fill(-1);
  let values = new Float64Array(1024);
  let counts = new Int32Array(1024);
  const ids = new Int32Array(n);
  let d = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v - v !== 0) {
      ids[i] = -1; // NaN or infinite
      continue;
    }
    m++;
    // +0 and -0 are one value: hash both as +0.
    const lo = v === 0 ? 0 : words[2 * i];
    const hi = v === 0 ? 0 : words[2 * i + 1];
    let h = hashSlot(lo, hi, shift);
    let id = slots[h];
    while (id !== -1 && keys[h] !== v) {
      h = (h + 1) & mask;
      id = slots[h];
    }
    if (id === -1) {
      if (d === maxDistinct) return null;
      id = d++;
      if (id === values.length) {
        const grownValues = new Float64Array(2 * id);
        grownValues.set(values);
        values = grownValues;
        const grownCounts = new Int32Array(2 * id);
        grownCounts.set(counts);
        counts = grownCounts;
      }
      values[id] = v + 0;
      keys[h] = v;
      slots[h] = id;
      if (2 * d > size) {
        // Rehash into a table twice as large, from the distinct values.
        size *= 2;
        mask = size - 1;
        shift--;
        keys = new Float64Array(size);
        slots = new Int32Array(size).fill(-1);
        rehash(values, d, keys, slots, shift, mask);
      }
    }
    counts[id]++;
    ids[i] = id;
  }
  return { ids, values, counts, d, m, keys, slots, shift, mask };
}

/** Puts the first `d` distinct values into an empty table. */
function rehash(
  values: Float64Array,
  d: number,
  keys: Float64Array,
  slots: Int32Array,
  shift: number,
  mask: number,
): void {
  const vw = new Uint32Array(values.buffer, 0, 2 * d);
  for (let k = 0; k < d; k++) {
    const u = values[k];
    const l = u === 0 ? 0 : vw[2 * k];
    const g = u === 0 ? 0 : vw[2 * k + 1];
    let t = hashSlot(l, g, shift);
    while (slots[t] !== -1) t = (t + 1) & mask;
    keys[t] = u;
    slots[t] = k;
  }
}

/** Each row's rank: the average rank of its distinct value, NaN where the value is not finite. */
function gatherRanks(ids: Int32Array, avg: Float64Array): Float64Array {
  const n = ids.length;
  const rank = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    rank[i] = id < 0 ? NaN : avg[id];
  }
  return rank;
}

/** The rows with a finite value in ascending order of value, ties in row order (a counting sort). */
function orderByValue(ids: Int32Array, startOf: Float64Array, m: number): Int32Array {
  const order = new Int32Array(m);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id >= 0) order[startOf[id]++] = i;
  }
  return order;
}

/**
 * Ranks a column with a least-significant-digit radix sort of its finite values (as order-preserving
 * 64-bit keys, four 16-bit digits, digits shared by every key skipped), carrying the row indices: about
 * 4 sequential passes instead of a comparator sort of indices, which is several times slower in V8
 * (so is the native `Float64Array` sort, and it loses the indices). Ties keep row order (stable).
 */
function radixRank(x: Float64Array): Ranking {
  const n = x.length;
  const f = new Float64Array(n);
  let idx = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v - v !== 0) continue; // NaN or infinite
    f[m] = v + 0; // -0 -> +0, so that equal values get equal keys
    idx[m++] = i;
  }
  if (m <= SMALL_SORT) {
    // Small columns: a comparator sort beats clearing the radix histograms.
    const order = idx.slice(0, m).sort((a, b) => x[a] + 0 - (x[b] + 0) || a - b);
    const rank = new Float64Array(n).fill(NaN);
    let p = 0;
    while (p < m) {
      let q = p + 1;
      while (q < m && x[order[q]] === x[order[p]]) q++;
      for (let s = p; s < q; s++) rank[order[s]] = (p + q + 1) / 2;
      p = q;
    }
    return { rank, order };
  }
  // Words of each double (little-endian on every platform JS runs on in practice): lo, hi.
  const w = new Uint32Array(f.buffer, 0, 2 * m);
  let lo = new Uint32Array(m);
  let hi = new Uint32Array(m);
  for (let j = 0; j < m; j++) {
    const l = w[2 * j];
    const h = w[2 * j + 1];
    if (h & 0x80000000) {
      lo[j] = ~l >>> 0;
      hi[j] = ~h >>> 0;
    } else {
      lo[j] = l;
      hi[j] = (h | 0x80000000) >>> 0;
    }
  }
  const counts = new Uint32Array(4 * RADIX);
  for (let j = 0; j < m; j++) {
    counts[lo[j] & 0xffff]++;
    counts[RADIX + (lo[j] >>> 16)]++;
    counts[2 * RADIX + (hi[j] & 0xffff)]++;
    counts[3 * RADIX + (hi[j] >>> 16)]++;
  }
  let lo2 = new Uint32Array(m);
  let hi2 = new Uint32Array(m);
  let idx2 = new Int32Array(m);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * RADIX;
    let skip = false;
    let acc = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[base + d];
      if (c === m) skip = true;
      counts[base + d] = acc;
      acc += c;
    }
    if (skip) continue;
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let j = 0; j < m; j++) {
      const d = (src[j] >>> shift) & 0xffff;
      const to = counts[base + d]++;
      lo2[to] = lo[j];
      hi2[to] = hi[j];
      idx2[to] = idx[j];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }

  const rank = new Float64Array(n).fill(NaN);
  let p = 0;
  while (p < m) {
    let q = p + 1;
    while (q < m && lo[q] === lo[p] && hi[q] === hi[p]) q++;
    const r = (p + q + 1) / 2;
    for (let s = p; s < q; s++) rank[idx[s]] = r;
    p = q;
  }
  return { rank, order: idx.length === m ? idx : idx.slice(0, m) };
}

/**
 * Average ranks (1-based, ties get the mean of their positions), like pandas `rank()` or
 * `scipy.stats.rankdata`; NaN where the value is not finite.
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  return rankColumn(asFloat64(values), false).rank;
}

/**
 * Ranks of `r.order`'s rows among those where `keep` is finite, ties averaged, written to `out`
 * (other rows untouched). Walks the precomputed order, so O(n) per call.
 */
function rerank(x: Float64Array, r: Ranking, keep: Float64Array, out: Float64Array): number {
  const order = r.order;
  const m = order.length;
  let count = 0;
  let p = 0;
  while (p < m) {
    const v = x[order[p]];
    let q = p;
    let kept = 0;
    while (q < m && x[order[q]] === v) {
      if (Number.isFinite(keep[order[q]])) kept++;
      q++;
    }
    if (kept > 0) {
      const avg = count + (kept + 1) / 2;
      for (let s = p; s < q; s++) if (Number.isFinite(keep[order[s]])) out[order[s]] = avg;
      count += kept;
    }
    p = q;
  }
  return count;
}

function pearsonPair(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let c = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      c++;
      sx += a;
      sy += b;
    }
  }
  if (c === 0) return NaN;
  const mx = sx / c;
  const my = sy / c;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isFinite(a) && Number.isFinite(b)) {
      const da = a - mx;
      const db = b - my;
      sxy += da * db;
      sxx += da * da;
      syy += db * db;
    }
  }
  return ratio(sxy, sxx, syy);
}

function ratio(sxy: number, sxx: number, syy: number): number {
  const d = Math.sqrt(sxx * syy);
  if (!(d > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / d));
}

/** Sums of products of deviations from fixed means over rows where both are finite. */
function centredSums(x: Float64Array, y: Float64Array, mx: number, my: number): [number, number, number] {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const da = x[i] - mx;
    const db = y[i] - my;
    if (da - da !== 0 || db - db !== 0) continue;
    sxy += da * db;
    sxx += da * da;
    syy += db * db;
  }
  return [sxy, sxx, syy];
}

/** Writes the number of finite values of `x` and the sum of all its values, in row order, to `out`. */
function finiteAndSum(x: Float64Array, out: Float64Array): void {
  let c = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    s += v;
    if (v - v === 0) c++;
  }
  out[0] = c;
  out[1] = s;
}

const BLOCK = 4096;

/**
 * Sums of products of deviations, `G[i][j] = sum_t (x_i - m_i)(x_j - m_j)`, of columns without missing
 * values, for every pair of `which`. Rows are taken in blocks that stay in cache, so each column is
 * read from memory once instead of once per pair.
 */
function gram(
  xs: readonly Float64Array[],
  means: readonly number[],
  which: readonly number[],
  k: number,
): Float64Array {
  const g = new Float64Array(k * k);
  const w = which.length;
  if (!w) return g;
  const n = xs[which[0]].length;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    for (let a = 0; a < w; a++) {
      const i = which[a];
      const x = xs[i];
      const mx = means[i];
      // Four (or two) pairs (i, j) per pass over the block, each with its own sum in row order: the
      // sums are those of one pair at a time, with fewer reads of x and independent additions.
      let c = a;
      for (; c + 3 < w; c += 4) {
        const j0 = which[c];
        const j1 = which[c + 1];
        const j2 = which[c + 2];
        const j3 = which[c + 3];
        const y0 = xs[j0];
        const y1 = xs[j1];
        const y2 = xs[j2];
        const y3 = xs[j3];
        const m0 = means[j0];
        const m1 = means[j1];
        const m2 = means[j2];
        const m3 = means[j3];
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = b0; t < b1; t++) {
          const d = x[t] - mx;
          s0 += d * (y0[t] - m0);
          s1 += d * (y1[t] - m1);
          s2 += d * (y2[t] - m2);
          s3 += d * (y3[t] - m3);
        }
        g[i * k + j0] += s0;
        g[i * k + j1] += s1;
        g[i * k + j2] += s2;
        g[i * k + j3] += s3;
      }
      for (; c + 1 < w; c += 2) {
        const j0 = which[c];
        const j1 = which[c + 1];
        const y0 = xs[j0];
        const y1 = xs[j1];
        const m0 = means[j0];
        const m1 = means[j1];
        let s0 = 0;
        let s1 = 0;
        for (let t = b0; t < b1; t++) {
          const d = x[t] - mx;
          s0 += d * (y0[t] - m0);
          s1 += d * (y1[t] - m1);
        }
        g[i * k + j0] += s0;
        g[i * k + j1] += s1;
      }
      if (c < w) {
        const j = which[c];
        const y = xs[j];
        const my = means[j];
        let s = 0;
        for (let t = b0; t < b1; t++) s += (x[t] - mx) * (y[t] - my);
        g[i * k + j] += s;
      }
    }
  }
  return g;
}

/**
 * Correlation matrix of `columns` (row-major k x k `Float64Array`), each pair over the rows where
 * both values are finite (pandas' pairwise-complete default, `min_periods=1`). An entry is NaN when a
 * pair has no variance on its common rows (a constant column, fewer than 2 common rows), also on the
 * diagonal, as in pandas.
 *
 * Spearman is the Pearson correlation of average ranks; like pandas, each pair with missing values
 * is re-ranked on its common rows. Each column is ranked once (native sort plus binary search), so a
 * re-rank is an O(n) walk rather than a new sort.
 *
 * @param columns equally long numeric columns; NaN (or any non-finite value) marks a missing value
 */
export function correlationMatrix(
  columns: readonly ArrayLike<number>[],
  method: 'pearson' | 'spearman' = 'pearson',
): Float64Array {
  const k = columns.length;
  const out = new Float64Array(k * k);
  if (k === 0) return out;
  const n = columns[0].length;
  for (const c of columns) {
    if (c.length !== n) throw new RangeError(`correlationMatrix: columns have ${n} and ${c.length} rows`);
  }
  const xs = columns.map(asFloat64);
  // Finite values per column, and the sum of all values in row order (the mean of a complete column).
  const totals = new Float64Array(2);
  const finite: number[] = [];
  const sums: number[] = [];
  for (const x of xs) {
    finiteAndSum(x, totals);
    finite.push(totals[0]);
    sums.push(totals[1]);
  }
  const complete = finite.map((c) => c === n);
  const set = (i: number, j: number, r: number): void => {
    out[i * k + j] = r;
    out[j * k + i] = r;
  };

  const fromGram = (g: Float64Array, i: number, j: number): number => {
    const sxx = g[i * k + i];
    if (i === j) return sxx > 0 ? 1 : NaN;
    return ratio(g[i * k + j], sxx, g[j * k + j]);
  };
  const completeIdx = complete.flatMap((c, i) => (c ? [i] : []));

  if (method === 'pearson') {
    const means = xs.map((_, i) => (complete[i] ? sums[i] / n : NaN));
    const g = gram(xs, means, completeIdx, k);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        if (complete[i] && complete[j]) set(i, j, fromGram(g, i, j));
        else {
          const r = pearsonPair(xs[i], xs[j]);
          set(i, j, i === j && !Number.isNaN(r) ? 1 : r);
        }
      }
    }
    return out;
  }

  // The rows' order by value is needed only to re-rank pairs with missing values.
  const needOrder = !complete.every(Boolean);
  const rankings = xs.map((x) => rankColumn(x, needOrder));
  const ranks = rankings.map((r) => r.rank);
  const g = gram(
    ranks,
    ranks.map(() => (n + 1) / 2),
    completeIdx,
    k,
  );
  const rx = new Float64Array(n);
  const ry = new Float64Array(n);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      if (complete[i] && complete[j]) {
        set(i, j, fromGram(g, i, j));
        continue;
      }
      let a = ranks[i];
      let b = ranks[j];
      let m = finite[i];
      if (i !== j) {
        rx.fill(NaN);
        ry.fill(NaN);
        m = rerank(xs[i], rankings[i], xs[j], rx);
        rerank(xs[j], rankings[j], xs[i], ry);
        a = rx;
        b = ry;
      }
      const mean = (m + 1) / 2;
      const [sxy, sxx, syy] = centredSums(a, b, mean, mean);
      set(i, j, i === j ? (sxx > 0 ? 1 : NaN) : ratio(sxy, sxx, syy));
    }
  }
  return out;
}

/**
 * The `k` most strongly correlated distinct pairs (by |r|, NaN skipped) of a k x k matrix from
 * {@link correlationMatrix}, strongest first; ties keep the matrix order.
 */
export function strongestPairs(names: readonly string[], matrix: ArrayLike<number>, k = 5): CorrelatedPair[] {
  const d = names.length;
  if (matrix.length !== d * d) {
    throw new RangeError(`strongestPairs: ${d} names need a ${d} x ${d} matrix, got ${matrix.length} values`);
  }
  const pairs: CorrelatedPair[] = [];
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const r = matrix[i * d + j];
      if (!Number.isNaN(r)) pairs.push({ a: names[i], b: names[j], r });
    }
  }
  pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
  return pairs.slice(0, Math.max(0, k));
}
