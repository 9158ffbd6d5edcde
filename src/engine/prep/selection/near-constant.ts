/** Whether one feature barely varies over the training rows. */

/** Why a column is near-constant, or null when it varies enough. */
export interface NearConstantVerdict {
  /** A sentence fragment for the UI, e.g. "top value covers 99.6% of rows". */
  detail: string;
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * The most frequent value among `rows` of `col` and its count, NaN counting as one value ("missing"),
 * or null when no value covers more than half of the rows. Boyer-Moore majority vote: O(n), no sort,
 * no allocation, which matters for hundreds of features over 100,000 rows.
 */
function majority(col: Float64Array, rows: ArrayLike<number>): { value: number; count: number } | null {
  let candidate = NaN;
  let votes = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = col[rows[k]];
    if (votes === 0) {
      candidate = v;
      votes = 1;
    } else if (same(v, candidate)) votes++;
    else votes--;
  }
  let count = 0;
  for (let k = 0; k < rows.length; k++) if (same(col[rows[k]], candidate)) count++;
  return count * 2 > rows.length ? { value: candidate, count } : null;
}

/** The most frequent value and its count (any share), by sorting a copy. */
function mode(col: Float64Array, rows: ArrayLike<number>): { value: number; count: number } {
  const sorted = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) sorted[k] = col[rows[k]];
  sorted.sort();
  let best = { value: NaN, count: 0 };
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && same(sorted[end], sorted[start])) end++;
    if (end - start > best.count) best = { value: sorted[start], count: end - start };
    start = end;
  }
  return best;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * Tests one feature over the training rows: near-constant when one value (NaN counting as one value,
 * "missing") covers more than `maxTopShare` of the rows, or when `minStdRatio` is set (> 0) and the
 * population std of the finite values is below `minStdRatio * |mean|`. A feature without rows or
 * without any finite value is near-constant.
 */
export function nearConstant(
  col: Float64Array,
  rows: ArrayLike<number>,
  maxTopShare: number,
  minStdRatio = 0,
): NearConstantVerdict | null {
  const n = rows.length;
  if (n === 0) return { detail: 'no training rows' };
  const top = maxTopShare >= 0.5 ? majority(col, rows) : mode(col, rows);
  if (top && top.count > maxTopShare * n) {
    const share = top.count / n;
    if (Number.isNaN(top.value)) return { detail: `missing in ${percent(share)} of rows` };
    return { detail: `top value covers ${percent(share)} of rows` };
  }
  let m = 0;
  let mean = 0;
  let ss = 0;
  for (let k = 0; k < n; k++) {
    const v = col[rows[k]];
    if (!Number.isFinite(v)) continue;
    m++;
    const d = v - mean;
    mean += d / m;
    ss += d * (v - mean);
  }
  if (m === 0) return { detail: 'no finite value in the training rows' };
  if (minStdRatio > 0) {
    const std = Math.sqrt(ss / m);
    if (std < minStdRatio * Math.abs(mean)) {
      const ratio = std / Math.abs(mean);
      const bound = minStdRatio < 1e-3 ? minStdRatio.toExponential() : String(minStdRatio);
      return { detail: `std is ${ratio.toPrecision(2)} of |mean| (below ${bound})` };
    }
  }
  return null;
}
