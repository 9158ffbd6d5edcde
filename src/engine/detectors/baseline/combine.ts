/** How the per-column robust z-scores of a row make its score. */
export type CombineRule = 'max' | 'mean';

export const COMBINE_RULES: readonly CombineRule[] = ['max', 'mean'];

/**
 * Folds |z| of column j into the running row scores: the largest |z| ('max': one metric far off is
 * enough) or their sum, divided by the column count at the end ('mean': a shift shared by many metrics
 * outweighs one noisy metric). `finishCombine` completes 'mean'.
 */
export function foldDeviation(rule: CombineRule, scores: Float64Array, row: number, absZ: number): void {
  if (rule === 'max') {
    if (absZ > scores[row]) scores[row] = absZ;
  } else {
    scores[row] += absZ;
  }
}

/** Turns the sums of 'mean' into means over `cols` columns; nothing to do for 'max'. */
export function finishCombine(rule: CombineRule, scores: Float64Array, cols: number): void {
  if (rule !== 'mean') return;
  for (let i = 0; i < scores.length; i++) scores[i] /= cols;
}
