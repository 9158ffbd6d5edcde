import { averagePrecision } from '../metrics/pr';

/**
 * The supervised tuning objective: PR-AUC (average precision, as scikit-learn's) of the scores of the
 * validation rows against their labels. Higher is better; a random scorer gets the anomaly share.
 *
 * @param labels - 0/1 per row of the whole dataset (1 = anomaly).
 * @param scores - per row of the whole dataset, higher = more anomalous.
 * @param rows - the validation rows (indices into both).
 * @throws when the validation rows hold no labelled anomaly (PR-AUC is then undefined).
 */
export function validationPrAuc(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  rows: ArrayLike<number>,
): number {
  const y = new Float64Array(rows.length);
  const s = new Float64Array(rows.length);
  let positives = 0;
  for (let k = 0; k < rows.length; k++) {
    y[k] = labels[rows[k]] === 1 ? 1 : 0;
    s[k] = scores[rows[k]];
    positives += y[k];
  }
  if (positives === 0) {
    throw new Error(
      `validation PR-AUC: none of the ${rows.length} validation rows is a labelled anomaly; ` +
        'move the split or tune without labels (excess mass)',
    );
  }
  return averagePrecision(y, s);
}
