import { checkBinary, checkSameLength, checkScores } from './validate';

/** Counts of a binary confusion matrix (positive = label 1 = anomaly). */
export interface Confusion {
  /** Label 1, alert 1. */
  tp: number;
  /** Label 0, alert 1. */
  fp: number;
  /** Label 0, alert 0. */
  tn: number;
  /** Label 1, alert 0. */
  fn: number;
}

/** Rates derived from a {@link Confusion}. */
export interface Rates {
  /** tp / (tp + fp): the share of alerts that are real anomalies. */
  precision: number;
  /** tp / (tp + fn): the share of anomalies that raised an alert (true-positive rate). */
  recall: number;
  /** 2tp / (2tp + fp + fn): the harmonic mean of precision and recall. */
  f1: number;
  /** fp / (fp + tn): the share of normal rows that raised an alert. */
  fpr: number;
}

/**
 * Counts true/false positives/negatives of `alerts` against `labels`.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param alerts - 0/1 decisions, 1 = alert (e.g. from {@link alertsAt}).
 * @returns the four counts; `tp + fp + tn + fn === labels.length`.
 * @throws if lengths differ or a value is not 0 or 1 (the message names the index).
 */
export function confusion(labels: ArrayLike<number>, alerts: ArrayLike<number>): Confusion {
  checkSameLength('confusion', 'labels', labels, 'alerts', alerts);
  checkBinary('confusion', 'labels', labels);
  checkBinary('confusion', 'alerts', alerts);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (alerts[i] === 1) {
      if (labels[i] === 1) tp++;
      else fp++;
    } else if (labels[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * Precision, recall, F1 and false-positive rate of a confusion matrix.
 *
 * A rate whose denominator is 0 is reported as 0 rather than NaN: precision with no alerts, recall with no
 * positives, F1 with neither, FPR with no negatives. This is scikit-learn's `zero_division=0` choice; it keeps
 * every value a finite number in [0, 1] (JSON-safe, chart-safe), at the cost of not distinguishing "undefined"
 * from "zero". F1 is computed from counts, `2tp / (2tp + fp + fn)`, as scikit-learn >= 1.3 does.
 */
export function rates(c: Confusion): Rates {
  const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  return {
    precision: div(c.tp, c.tp + c.fp),
    recall: div(c.tp, c.tp + c.fn),
    f1: div(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    fpr: div(c.fp, c.fp + c.tn),
  };
}

/**
 * Turns scores into alerts with the workbench's one rule: alert = score >= threshold.
 *
 * @param scores - anomaly scores, higher = more anomalous; NaN is refused.
 * @param threshold - any number except NaN; `+Infinity` alerts nothing (unless a score is `+Infinity`),
 *   `-Infinity` alerts everything.
 * @returns a 0/1 `Uint8Array` of the same length as `scores`.
 * @throws if the threshold or a score is NaN (the message names the index).
 */
export function alertsAt(scores: ArrayLike<number>, threshold: number): Uint8Array {
  if (Number.isNaN(threshold)) throw new Error('alertsAt: threshold is NaN; it must be a number');
  checkScores('alertsAt', scores);
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] >= threshold ? 1 : 0;
  return out;
}
