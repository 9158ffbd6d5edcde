import { binaryCurve, type BinaryCurve } from './binary-curve';

/** A precision-recall curve in scikit-learn's order: increasing thresholds, decreasing recall. */
export interface PrCurve {
  /** `precision[k]` at `thresholds[k]`; one longer than `thresholds`, ending with 1. */
  precision: Float64Array;
  /** `recall[k]` at `thresholds[k]`, non-increasing; one longer than `thresholds`, ending with 0. */
  recall: Float64Array;
  /** The distinct scores in increasing order. */
  thresholds: Float64Array;
}

function curveWithPositives(labels: ArrayLike<number>, scores: ArrayLike<number>, fn: string): BinaryCurve {
  const c = binaryCurve(labels, scores, fn);
  if (c.positives === 0) {
    throw new Error(
      `${fn}: labels contain no positives (all ${labels.length} rows are 0); recall is undefined. ` +
        'Precision-recall needs at least one label 1',
    );
  }
  return c;
}

/**
 * Precision-recall pairs at every distinct score, as `sklearn.metrics.precision_recall_curve`.
 *
 * Ordering (scikit-learn's, kept so that results compare element by element): `thresholds` are the distinct
 * scores in **increasing** order, so recall is non-increasing along the arrays; `precision` and `recall` have
 * one extra final element (precision 1, recall 0) with no threshold, the "alert on nothing" end of the
 * curve. Note this is the reverse of {@link rocCurve}, whose thresholds decrease. All thresholds are kept,
 * even after recall reaches 1 (scikit-learn >= 1.1).
 *
 * Unlike scikit-learn, which warns and sets recall to 1 when there are no positives, this throws; labels
 * with no negatives are fine (precision is 1 everywhere).
 *
 * @param labels - 0/1 ground truth, 1 = anomaly; at least one 1.
 * @param scores - higher = more anomalous; NaN is refused.
 * @throws if lengths differ, a label is not 0/1, a score is NaN (naming the index), or there is no positive.
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrCurve {
  const c = curveWithPositives(labels, scores, 'prCurve');
  const d = c.thresholds.length;
  const precision = new Float64Array(d + 1);
  const recall = new Float64Array(d + 1);
  const thresholds = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const r = d - 1 - k;
    precision[r] = c.tps[k] / (c.tps[k] + c.fps[k]);
    recall[r] = c.tps[k] / c.positives;
    thresholds[r] = c.thresholds[k];
  }
  precision[d] = 1;
  recall[d] = 0;
  return { precision, recall, thresholds };
}

/**
 * Average precision, as `sklearn.metrics.average_precision_score` for binary labels: the step-wise sum
 * AP = sum over distinct thresholds (highest first) of (R_n - R_{n-1}) * P_n, with R_0 = 0.
 *
 * No interpolation (it is not the trapezoid area under the PR curve, which is optimistic). This is what the
 * CLI reports as `pr_auc`. Terms are accumulated as (tp_n - tp_{n-1}) * P_n and divided by the positive count
 * once at the end.
 *
 * @returns a number in (0, 1]; equal to the positive rate for uninformative scores in expectation.
 * @throws like {@link prCurve}: mismatched lengths, non-0/1 labels, NaN scores, or no positives.
 */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const c = curveWithPositives(labels, scores, 'averagePrecision');
  let sum = 0;
  let tpPrev = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const tp = c.tps[k];
    if (tp !== tpPrev) sum += (tp - tpPrev) * (tp / (tp + c.fps[k]));
    tpPrev = tp;
  }
  return sum / c.positives;
}
