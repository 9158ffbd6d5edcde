import { SortedWindow } from '../../features/window/sorted-window';
import { sortedMedian } from './robust-stats';

/**
 * The median absolute deviation from `median` of the `n` ascending values `s`, in O(log n): the
 * deviations below the median, read outwards from it, and those above, read outwards too, are two
 * ascending sequences, and the median of their union is found by a binary search for how many of its
 * lower half come from each (the k-th smallest of two sorted arrays).
 */
export function sortedMad(s: Float64Array, n: number, median: number): number {
  if (n === 0) return NaN;
  // Values s[0 .. c) are below the median: L(i) = median - s[c - 1 - i]; R(j) = s[c + j] - median.
  // (Written out rather than as closures: this runs once per row and column.)
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < median) lo = mid + 1;
    else hi = mid;
  }
  const c = lo;
  const nR = n - c;
  // The k-th smallest deviation (0-based) with k = (n - 1) >> 1, and the next one when n is even.
  const k = (n - 1) >> 1;
  // a = how many of the k + 1 smallest come from L: the smallest a with L(a) >= R(k - a).
  lo = Math.max(0, k + 1 - nR);
  hi = Math.min(k + 1, c);
  while (lo < hi) {
    const a = (lo + hi) >>> 1;
    if (median - s[c - 1 - a] < s[c + k - a] - median) lo = a + 1;
    else hi = a;
  }
  const a = lo;
  const b = k + 1 - a;
  const lastL = a > 0 ? median - s[c - a] : -Infinity;
  const lastR = b > 0 ? s[c + b - 1] - median : -Infinity;
  const kth = lastL > lastR ? lastL : lastR;
  if (n & 1) return kth;
  const nextL = a < c ? median - s[c - 1 - a] : Infinity;
  const nextR = b < nR ? s[c + b] - median : Infinity;
  return (kth + (nextL < nextR ? nextL : nextR)) / 2;
}

/**
 * For each t, the median and the MAD (unscaled) of the values before it, `values[max(0, t - window) .. t)`,
 * as pandas' `s.rolling(window, min_periods=1).median().shift(1)` and the same window's
 * `median(|v - median(v)|)`; NaN at t = 0. One sorted window of the last `window` values, O(log window)
 * per row plus its block moves.
 *
 * @param values one entity's column in time order, finite
 * @param median receives the trailing medians (length >= values.length)
 * @param mad receives the trailing MADs (length >= values.length)
 */
export function trailingMedianMad(
  values: ArrayLike<number>,
  window: number,
  median: Float64Array,
  mad: Float64Array,
): void {
  const n = values.length;
  if (n === 0) return;
  const win = new SortedWindow(window);
  const s = win.sortedBuffer();
  median[0] = NaN;
  mad[0] = NaN;
  for (let t = 1; t < n; t++) {
    win.push(values[t - 1]);
    const count = win.count;
    const m = sortedMedian(s, count);
    median[t] = m;
    mad[t] = sortedMad(s, count, m);
  }
}
