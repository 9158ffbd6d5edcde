/**
 * Forward-fills NaN values within each entity's rows (in row order), so a gap repeats the last
 * observation, as a live scorer would see it. Leading NaNs stay NaN; the caller fills them.
 */
export function forwardFill(values: ArrayLike<number>, groups: readonly number[][]): Float64Array {
  const out = Float64Array.from(values);
  for (const idx of groups) {
    let last = NaN;
    for (const i of idx) {
      if (Number.isNaN(out[i])) out[i] = last;
      else last = out[i];
    }
  }
  return out;
}
