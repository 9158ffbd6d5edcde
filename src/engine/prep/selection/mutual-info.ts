import { binaryCurve } from '../../metrics/binary-curve';

/** Number of equal-frequency bins used by {@link binnedMutualInfo}. */
export const MI_BINS = 10;

/**
 * Mutual information (in nats) between a feature and a 0/1 label, the feature discretised into
 * `bins` equal-frequency bins: a value whose rank (the number of values strictly below it, 0-based) is
 * r goes to bin floor(bins * r / n). Ties share a bin, so a feature with few distinct values uses fewer
 * bins. Then MI = sum over bins b and classes y of p(b, y) ln(p(b, y) / (p(b) p(y))), the plug-in
 * estimate, which is biased upwards by about (bins - 1) / (2n) for an unrelated feature.
 *
 * @param values - finite feature values.
 * @param labels - 0/1, same length.
 * @returns MI in [0, ln 2]; 0 when only one class occurs or there are no values.
 */
export function binnedMutualInfo(
  values: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = MI_BINS,
): number {
  const n = values.length;
  if (n === 0) return 0;
  // binaryCurve groups equal values (highest first) with cumulative counts of each class.
  const c = binaryCurve(labels, values, 'binnedMutualInfo');
  if (c.positives === 0 || c.negatives === 0) return 0;
  const pos = new Float64Array(bins);
  const neg = new Float64Array(bins);
  let tpPrev = 0;
  let fpPrev = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const tp = c.tps[k] - tpPrev;
    const fp = c.fps[k] - fpPrev;
    tpPrev = c.tps[k];
    fpPrev = c.fps[k];
    const below = n - c.tps[k] - c.fps[k];
    const b = Math.floor((bins * below) / n);
    pos[b] += tp;
    neg[b] += fp;
  }
  const py1 = c.positives / n;
  const py0 = c.negatives / n;
  let mi = 0;
  for (let b = 0; b < bins; b++) {
    const pb = (pos[b] + neg[b]) / n;
    if (pos[b] > 0) mi += (pos[b] / n) * Math.log(pos[b] / n / (pb * py1));
    if (neg[b] > 0) mi += (neg[b] / n) * Math.log(neg[b] / n / (pb * py0));
  }
  return Math.max(0, mi);
}
