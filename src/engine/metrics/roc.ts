import { binaryCurve } from './binary-curve';
import { checkBothClasses } from './validate';

/** A ROC curve: parallel arrays, one point per distinct score plus the origin. */
export interface RocCurve {
  /** False-positive rate at each threshold, non-decreasing, from 0 to 1. */
  fpr: Float64Array;
  /** True-positive rate (recall) at each threshold, non-decreasing, from 0 to 1. */
  tpr: Float64Array;
  /** Decreasing thresholds; `thresholds[0]` is `+Infinity` (no alerts, the point (0, 0)). */
  thresholds: Float64Array;
}

/**
 * Receiver operating characteristic, as `sklearn.metrics.roc_curve(labels, scores, drop_intermediate=False)`
 * (scikit-learn >= 1.3, whose first threshold is `+Infinity`; 1.2 used max score + 1 there).
 *
 * Point k has threshold `thresholds[k]` with alert = score >= threshold; thresholds are the distinct scores in
 * decreasing order, preceded by `+Infinity` so that the curve starts at (0, 0) and ends at (1, 1).
 *
 * @param labels - 0/1 ground truth, 1 = anomaly; both classes must occur.
 * @param scores - higher = more anomalous; NaN is refused.
 * @throws if lengths differ, a label is not 0/1, a score is NaN (naming the index), or only one class occurs.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  const c = binaryCurve(labels, scores, 'rocCurve');
  checkBothClasses('rocCurve', c.positives, labels.length);
  const m = c.thresholds.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Infinity;
  for (let k = 1; k < m; k++) {
    fpr[k] = c.fps[k - 1] / c.negatives;
    tpr[k] = c.tps[k - 1] / c.positives;
    thresholds[k] = c.thresholds[k - 1];
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the ROC curve, as `sklearn.metrics.roc_auc_score` for binary labels.
 *
 * The trapezoid rule over {@link rocCurve}, which equals the Mann-Whitney statistic: the probability that a
 * random anomaly scores higher than a random normal row, a tie counting one half. It is accumulated in integer
 * counts, sum of (fp_k - fp_{k-1}) (tp_k + tp_{k-1}), and divided once by 2 * positives * negatives, so the
 * result is exact up to one rounding (for n below about 10^8).
 *
 * @returns a number in [0, 1]; 0.5 for uninformative scores.
 * @throws like {@link rocCurve}: mismatched lengths, non-0/1 labels, NaN scores, or a single class.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const c = binaryCurve(labels, scores, 'rocAuc');
  checkBothClasses('rocAuc', c.positives, labels.length);
  let area2 = 0;
  let tpPrev = 0;
  let fpPrev = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    area2 += (c.fps[k] - fpPrev) * (c.tps[k] + tpPrev);
    tpPrev = c.tps[k];
    fpPrev = c.fps[k];
  }
  return area2 / (2 * c.positives * c.negatives);
}
