/**
 * The mean of `values[from..to)` summed oldest first: the batch scorer and the stream both call it, so a
 * smoothed score is the same number on every surface.
 */
export function windowMean(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
}

/**
 * Trailing mean over each group's last `k` values (the row itself included), in the group's order;
 * `k` <= 1 leaves the values as they are. Rows outside every group keep their value.
 */
export function smoothGroups(
  values: Float64Array,
  groups: readonly ArrayLike<number>[],
  k: number,
): Float64Array {
  if (k <= 1) return values;
  const out = Float64Array.from(values);
  const buf: number[] = [];
  for (const g of groups) {
    buf.length = 0;
    for (let p = 0; p < g.length; p++) {
      buf.push(values[g[p]]);
      out[g[p]] = windowMean(buf, Math.max(0, buf.length - k), buf.length);
    }
  }
  return out;
}
