import { alertEvents, checkSegments } from './events';
import { labelledEvents, type LabelledEvent } from './latency';
import { checkBinary, checkSameLength } from './validate';

/** Positional bias delta: which rows of a range matter most when it is partly covered. */
export type PositionalBias = 'flat' | 'front' | 'back' | 'middle';
/** Cardinality factor gamma for a range overlapped by several ranges of the other side. */
export type Cardinality = 'one' | 'reciprocal';

export interface RangePrOptions {
  /** Recall's existence-reward weight in [0, 1]: 1 = any overlap earns full credit. Default 0. */
  alpha?: number;
  /** Precision's existence-reward weight in [0, 1]. Default 0, the paper's precision (no existence term). */
  precisionAlpha?: number;
  /** 'one' (default): no penalty; 'reciprocal': a range overlapped by x > 1 ranges earns 1/x of its overlap. */
  gamma?: Cardinality;
  /** Recall's positional bias. Default 'flat'. */
  delta?: PositionalBias;
  /** Precision's positional bias. Default 'flat' (the paper's recommendation for precision). */
  precisionDelta?: PositionalBias;
}

export interface RangePr {
  precision: number;
  recall: number;
  /** 2PR / (P + R); 0 when both are 0. */
  f1: number;
}

const BIASES: readonly string[] = ['flat', 'front', 'back', 'middle'];
const CARDINALITIES: readonly string[] = ['one', 'reciprocal'];

/** The paper's delta(i, length) for the i-th row (1-based) of a range. */
function bias(delta: PositionalBias, i: number, length: number): number {
  switch (delta) {
    case 'flat':
      return 1;
    case 'front':
      return length - i + 1;
    case 'back':
      return i;
    case 'middle':
      return i <= length / 2 ? i : length - i + 1;
  }
}

/**
 * Mean over `ranges` of alpha * existence + (1 - alpha) * gamma * omega, where the "other" side's ranges are
 * the runs of 1 in `other` (cut at segment boundaries, as `ranges` never cross them). Summing omega over
 * the disjoint overlapping ranges equals omega of their union, so one pass over each range suffices.
 */
function meanRangeReward(
  ranges: readonly LabelledEvent[],
  other: ArrayLike<number>,
  alpha: number,
  gamma: Cardinality,
  delta: PositionalBias,
): number {
  if (ranges.length === 0) return 0;
  let total = 0;
  for (const r of ranges) {
    const length = r.lastRow - r.firstRow + 1;
    let covered = 0;
    let full = 0;
    let overlaps = 0;
    for (let i = 1; i <= length; i++) {
      const k = r.firstRow + i - 1;
      const b = bias(delta, i, length);
      full += b;
      if (other[k] === 1) {
        covered += b;
        if (k === r.firstRow || other[k - 1] !== 1) overlaps++;
      }
    }
    const existence = overlaps > 0 ? 1 : 0;
    const cardinality = gamma === 'reciprocal' && overlaps > 1 ? 1 / overlaps : 1;
    total += alpha * existence + (1 - alpha) * cardinality * (covered / full);
  }
  return total / ranges.length;
}

function checkAlpha(fn: string, name: string, alpha: number): void {
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new Error(`${fn}: ${name} is ${String(alpha)}; it must be a number in [0, 1]`);
  }
}

function checkChoice(fn: string, name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw new Error(`${fn}: ${name} is '${String(value)}'; it must be one of ${allowed.join(', ')}`);
  }
}

/**
 * Range-based precision and recall for time series (Tatbul et al., NeurIPS 2018, "Precision and Recall for
 * Time Series"), with the formulas of the paper and of its reference package `prts`.
 *
 * Real ranges R_i are the runs of label 1 and predicted ranges P_j the runs of alert 1, both cut at segment
 * boundaries. For a range X against the other side's ranges Y_j:
 * - existence(X) = 1 when X overlaps some Y_j, else 0;
 * - omega(X) = sum over X's rows covered by some Y_j of delta(i, |X|) / sum over all X's rows of
 *   delta(i, |X|), with i the 1-based position in X; delta is 1 ('flat'), |X| - i + 1 ('front'), i ('back'),
 *   or i up to |X| / 2 and |X| - i + 1 after ('middle');
 * - gamma(X) = 1, or 1/x ('reciprocal') when X overlaps x > 1 ranges Y_j;
 * - reward(X) = alpha * existence(X) + (1 - alpha) * gamma(X) * omega(X).
 *
 * Recall is the mean reward of the real ranges (alpha = `alpha`, delta = `delta`), precision the mean reward
 * of the predicted ranges (alpha = `precisionAlpha`, delta = `precisionDelta`). With no real range recall
 * is 0, with no predicted range precision is 0 (as in `prts` and {@link rates}). With alpha = 0, flat bias
 * and gamma 'one' both reduce to averages over ranges of the covered share of each range.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param alerts - 0/1 decisions for the same rows.
 * @param segments - disjoint [start, end) row ranges, one per entity; rows outside them are ignored.
 * @throws if lengths differ, a label or alert is not 0/1, a segment is invalid, an alpha is outside [0, 1]
 *   or gamma/delta is not one of the names above.
 */
export function rangePrecisionRecall(
  labels: ArrayLike<number>,
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
  options: RangePrOptions = {},
): RangePr {
  const fn = 'rangePrecisionRecall';
  const { alpha = 0, precisionAlpha = 0, gamma = 'one', delta = 'flat', precisionDelta = 'flat' } = options;
  checkSameLength(fn, 'labels', labels, 'alerts', alerts);
  checkBinary(fn, 'labels', labels);
  checkBinary(fn, 'alerts', alerts);
  checkSegments(fn, segments, labels.length);
  checkAlpha(fn, 'alpha', alpha);
  checkAlpha(fn, 'precisionAlpha', precisionAlpha);
  checkChoice(fn, 'gamma', gamma, CARDINALITIES);
  checkChoice(fn, 'delta', delta, BIASES);
  checkChoice(fn, 'precisionDelta', precisionDelta, BIASES);

  const recall = meanRangeReward(labelledEvents(labels, segments), alerts, alpha, gamma, delta);
  const precision = meanRangeReward(
    alertEvents(alerts, segments),
    labels,
    precisionAlpha,
    gamma,
    precisionDelta,
  );
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
