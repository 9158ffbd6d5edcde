/**
 * Input checks shared by the metric functions. Internal: not re-exported from the metrics index.
 * Every error names the function, the argument and the offending index so that a bad row can be found.
 */

/** Throws unless `a` and `b` have the same length. */
export function checkSameLength(
  fn: string,
  aName: string,
  a: ArrayLike<number>,
  bName: string,
  b: ArrayLike<number>,
): void {
  if (a.length !== b.length) {
    throw new Error(
      `${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}; they must be the same length`,
    );
  }
}

/** Throws unless every value of `xs` is exactly 0 or 1; returns the number of ones. */
export function checkBinary(fn: string, name: string, xs: ArrayLike<number>): number {
  let ones = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x === 1) ones++;
    else if (x !== 0) throw new Error(`${fn}: ${name}[${i}] is ${String(x)}; ${name} must be 0 or 1`);
  }
  return ones;
}

/** Throws if any value of `scores` is NaN (infinities are allowed: they order fine). */
export function checkScores(fn: string, scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new Error(`${fn}: scores[${i}] is ${String(s)}; scores must be numbers, not NaN`);
    }
  }
}

/** Throws unless both classes are present (a ROC curve needs positives and negatives). */
export function checkBothClasses(fn: string, positives: number, n: number): void {
  if (positives === 0 || positives === n) {
    throw new Error(
      `${fn}: labels contain only one class (${positives} positives, ${n - positives} negatives); ` +
        'the metric is undefined unless both 0 and 1 occur',
    );
  }
}
