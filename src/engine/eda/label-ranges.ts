/**
 * Turns a row-level 0/1 label column into time ranges: each run of consecutive labelled rows becomes
 * one `{start, end}` range, from the time of its first row to the time of its last row (inclusive, so
 * a single labelled row gives `start === end`; charts widen such ranges to stay visible).
 *
 * A row is labelled when its label is a finite non-zero number (1 in a 0/1 column). NaN means "unknown"
 * and counts as not labelled, so it ends a run. Rows are taken in the given order, which is expected
 * to be time order.
 *
 * @throws RangeError when `t` and `labels` differ in length
 */
export function rangesFromLabels(
  t: ArrayLike<number>,
  labels: ArrayLike<number>,
): { start: number; end: number }[] {
  if (t.length !== labels.length) {
    throw new RangeError(`rangesFromLabels: t has ${t.length} values but labels has ${labels.length}`);
  }
  const ranges: { start: number; end: number }[] = [];
  let runStart = -1;
  for (let i = 0; i <= labels.length; i++) {
    const labelled = i < labels.length && labels[i] !== 0 && Number.isFinite(labels[i]);
    if (labelled && runStart < 0) runStart = i;
    else if (!labelled && runStart >= 0) {
      ranges.push({ start: t[runStart], end: t[i - 1] });
      runStart = -1;
    }
  }
  return ranges;
}
