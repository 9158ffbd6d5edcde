import { rocAuc } from '../../metrics/roc';
import { binnedMutualInfo } from './mutual-info';

/** A ranking criterion: how well one feature alone separates labelled anomalies from normal rows. */
export type RankingMethod = 'auc' | 'mutual-info';

/**
 * The labelled training rows: those of `rows` whose label is 0 or 1 (other values, such as NaN for
 * unlabelled rows, are left out), with the number of anomalies among them.
 */
export function labelledRows(
  rows: ArrayLike<number>,
  labels: ArrayLike<number>,
): { rows: Int32Array; positives: number } {
  const out: number[] = [];
  let positives = 0;
  for (let k = 0; k < rows.length; k++) {
    const y = labels[rows[k]];
    if (y === 1) positives++;
    if (y === 0 || y === 1) out.push(rows[k]);
  }
  return { rows: Int32Array.from(out), positives };
}

/**
 * Univariate score of one feature over labelled rows, higher = more informative:
 * - 'auc': |AUC - 0.5| * 2 in [0, 1], AUC being the metrics' `rocAuc` of the feature used as a score,
 *   so a feature low on anomalies counts as much as one high on them;
 * - 'mutual-info': {@link binnedMutualInfo} in nats.
 *
 * Rows where the feature is NaN are left out; 0 when they leave fewer than both classes.
 */
export function featureScore(
  col: Float64Array,
  rows: Int32Array,
  labels: ArrayLike<number>,
  method: RankingMethod,
): number {
  const x = new Float64Array(rows.length);
  const y = new Float64Array(rows.length);
  let m = 0;
  let positives = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = col[rows[k]];
    if (Number.isNaN(v)) continue;
    x[m] = v;
    y[m] = labels[rows[k]];
    positives += y[m];
    m++;
  }
  const xs = x.subarray(0, m);
  const ys = y.subarray(0, m);
  if (positives === 0 || positives === m) return 0;
  if (method === 'auc') return Math.abs(rocAuc(ys, xs) - 0.5) * 2;
  return binnedMutualInfo(xs, ys);
}
