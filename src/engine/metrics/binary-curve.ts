import { checkBinary, checkSameLength, checkScores } from './validate';

/** Cumulative counts at every distinct score, highest score first. */
export interface BinaryCurve {
  /** Distinct scores in decreasing order; `thresholds[k]` is the k-th highest distinct score. */
  thresholds: Float64Array;
  /** `tps[k]`: rows with label 1 and score >= `thresholds[k]` (true positives at that threshold). */
  tps: Float64Array;
  /** `fps[k]`: rows with label 0 and score >= `thresholds[k]` (false positives at that threshold). */
  fps: Float64Array;
  /** Number of rows with label 1. */
  positives: number;
  /** Number of rows with label 0. */
  negatives: number;
}

/**
 * True- and false-positive counts at every distinct score, with the rule alert = score >= threshold.
 * The equivalent of scikit-learn's private `_binary_clf_curve`: the building block of the ROC and PR curves.
 *
 * Runs in O(n log n): the scores of each class are copied into a `Float64Array`, sorted natively, and merged
 * from the top, so ties (equal scores, including 0 and -0) collapse into one threshold.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param scores - anomaly scores, higher = more anomalous; must not contain NaN (±Infinity is fine).
 * @param fn - name used in error messages (the public caller).
 * @throws if lengths differ, a label is not 0/1, or a score is NaN.
 */
export function binaryCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  fn = 'binaryCurve',
): BinaryCurve {
  checkSameLength(fn, 'labels', labels, 'scores', scores);
  const positives = checkBinary(fn, 'labels', labels);
  checkScores(fn, scores);
  const n = labels.length;
  const negatives = n - positives;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  let d = 0;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    thresholds[d] = v;
    tps[d] = tp;
    fps[d] = fp;
    d++;
  }
  return {
    thresholds: thresholds.slice(0, d),
    tps: tps.slice(0, d),
    fps: fps.slice(0, d),
    positives,
    negatives,
  };
}
