import { confusion, rates } from './confusion';
import { averagePrecision } from './pr';
import { rocAuc } from './roc';
import { checkSameLength, checkScores } from './validate';

/** The keys of the CLI's `evaluate --json` output (snake_case on purpose: it is a wire format). */
export interface Evaluation {
  /** ROC AUC ({@link rocAuc}); `null` when the labels contain only one class. */
  roc_auc: number | null;
  /** Average precision ({@link averagePrecision}), the step-wise PR AUC; `null` when only one class. */
  pr_auc: number | null;
  /** Precision of `alerts` (0 when there are no alerts). */
  precision: number;
  /** Recall of `alerts` (0 when there are no positives). */
  recall: number;
  /** F1 of `alerts` (0 when undefined). */
  f1: number;
  /** False-positive rate of `alerts` (0 when there are no negatives). */
  fpr: number;
  /** Number of rows. */
  n: number;
  /** Number of rows labelled 1. */
  positives: number;
}

/**
 * Threshold-free (AUCs from `scores`) and thresholded (rates from `alerts`) metrics in one object.
 *
 * When the labels contain a single class (or no rows) both AUCs are undefined; they are reported as `null`,
 * not NaN, so that the JSON stays valid and a reader cannot mistake them for numbers. The rates follow
 * {@link rates}: 0 when a denominator is 0.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param scores - anomaly scores, higher = more anomalous; NaN is refused.
 * @param alerts - 0/1 decisions for the same rows.
 * @throws if lengths differ, a label or alert is not 0/1, or a score is NaN (naming the index).
 */
export function evaluateScores(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  alerts: ArrayLike<number>,
): Evaluation {
  checkSameLength('evaluateScores', 'labels', labels, 'scores', scores);
  const c = confusion(labels, alerts);
  const n = labels.length;
  const positives = c.tp + c.fn;
  const twoClasses = positives > 0 && positives < n;
  // The AUCs validate the scores; with one class they are skipped, so check the scores here too.
  checkScores('evaluateScores', scores);
  const r = rates(c);
  return {
    roc_auc: twoClasses ? rocAuc(labels, scores) : null,
    pr_auc: twoClasses ? averagePrecision(labels, scores) : null,
    precision: r.precision,
    recall: r.recall,
    f1: r.f1,
    fpr: r.fpr,
    n,
    positives,
  };
}
