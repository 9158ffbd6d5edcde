import { checkBinary, checkSameLength } from './validate';

/**
 * Pairwise agreement of several detectors' alerts: entry [i][j] is the Jaccard index |A_i ∩ A_j| / |A_i ∪ A_j|
 * of the sets of rows on which detectors i and j alert.
 *
 * When neither detector alerts anywhere the index is 0/0; it is reported as 1, because the two detectors
 * make identical decisions on every row (so the diagonal is always 1). This differs from scikit-learn's
 * `jaccard_score`, whose `zero_division` default gives 0 there.
 *
 * @param alertSets - one 0/1 alert vector per detector (e.g. from `alertsAt`), all over the same rows.
 * @returns a symmetric m x m matrix of numbers in [0, 1].
 * @throws if the vectors differ in length or a value is not 0 or 1 (naming the vector and index).
 */
export function jaccardMatrix(alertSets: readonly ArrayLike<number>[]): number[][] {
  const m = alertSets.length;
  alertSets.forEach((a, i) => {
    if (i > 0) checkSameLength('jaccardMatrix', 'alertSets[0]', alertSets[0], `alertSets[${i}]`, a);
    checkBinary('jaccardMatrix', `alertSets[${i}]`, a);
  });
  const n = m ? alertSets[0].length : 0;
  const sizes = alertSets.map((a) => {
    let c = 0;
    for (let r = 0; r < n; r++) c += a[r];
    return c;
  });
  const out = Array.from({ length: m }, () => new Array<number>(m).fill(1));
  for (let i = 0; i < m; i++) {
    const a = alertSets[i];
    for (let j = i + 1; j < m; j++) {
      const b = alertSets[j];
      let both = 0;
      for (let r = 0; r < n; r++) both += a[r] & b[r];
      const union = sizes[i] + sizes[j] - both;
      out[i][j] = out[j][i] = union === 0 ? 1 : both / union;
    }
  }
  return out;
}
