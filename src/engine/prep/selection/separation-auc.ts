/**
 * ROC-AUC of a feature used as a score for 0/1 labels, by the Mann-Whitney count: the share of
 * (anomaly, normal) pairs where the anomaly has the higher value, ties counting one half. Equal to
 * `rocAuc` from the metrics (same integer count, one division) but only the smaller class is sorted and
 * the larger one binary-searched in it: anomalies are rare, so this is O(n log P) instead of a full sort,
 * which matters when ranking hundreds of features over 100,000 training rows.
 *
 * @param values - feature values, no NaN.
 * @param labels - 0/1, same length; both classes must occur (else NaN).
 */
export function separationAuc(values: ArrayLike<number>, labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  const smallIsPositive = positives <= negatives;
  const small = new Float64Array(smallIsPositive ? positives : negatives);
  for (let i = 0, k = 0; i < values.length; i++) {
    if ((labels[i] === 1) === smallIsPositive) small[k++] = values[i];
  }
  small.sort();
  const m = small.length;
  // area2 = 2 * (pairs the anomaly wins) + (tied pairs): an integer, as in rocAuc.
  let area2 = 0;
  for (let i = 0; i < values.length; i++) {
    if ((labels[i] === 1) === smallIsPositive) continue;
    const v = values[i];
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (small[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const below = lo;
    hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (small[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    const ties = lo - below;
    // v is a normal row when the small class is the anomalies, else an anomaly.
    area2 += smallIsPositive ? 2 * (m - lo) + ties : 2 * below + ties;
  }
  return area2 / (2 * positives * negatives);
}
