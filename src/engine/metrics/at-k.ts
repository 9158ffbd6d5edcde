import { checkBinary, checkSameLength, checkScores } from './validate';

/**
 * Expected number of positives among the K highest scores, with ties at the K-th score broken uniformly at
 * random: the rows strictly above the K-th score all count, and the remaining slots are filled from the
 * rows tied with it, each slot holding a positive with probability (tied positives) / (tied rows).
 */
function topKHits(
  fn: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  k: number,
): { hits: number; positives: number } {
  checkSameLength(fn, 'labels', labels, 'scores', scores);
  const positives = checkBinary(fn, 'labels', labels);
  checkScores(fn, scores);
  const n = labels.length;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new Error(`${fn}: k is ${String(k)}; it must be an integer from 1 to ${n} (the number of rows)`);
  }
  const sorted = Float64Array.from(scores).sort();
  const kth = sorted[n - k];
  let above = 0;
  let tied = 0;
  let posAbove = 0;
  let posTied = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i] > kth) {
      above++;
      posAbove += labels[i];
    } else if (scores[i] === kth) {
      tied++;
      posTied += labels[i];
    }
  }
  return { hits: posAbove + ((k - above) * posTied) / tied, positives };
}

/**
 * Precision at K: the share of anomalies (label 1) among the K rows with the highest scores.
 *
 * Ties at the K-th highest score: the result is the **expected** precision when the tied rows are ordered
 * uniformly at random, so it does not depend on row order. With `a` rows strictly above the K-th score,
 * `p_a` positives among them, `t` rows tied with it and `p_t` positives among those,
 * precision@K = (p_a + (K - a) * p_t / t) / K. Without ties this is the plain top-K count.
 *
 * With K equal to the number of positives this is the R-precision, and it then equals {@link recallAtK}.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param scores - higher = more anomalous; NaN is refused, infinities are fine.
 * @param k - an integer from 1 to the number of rows.
 * @throws if lengths differ, a label is not 0/1, a score is NaN or K is out of range.
 */
export function precisionAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  return topKHits('precisionAtK', labels, scores, k).hits / k;
}

/**
 * Recall at K: the share of all anomalies that are among the K rows with the highest scores.
 *
 * Ties at the K-th score are resolved as in {@link precisionAtK} (expected value over random tie order).
 * With no positive label the recall is undefined and reported as 0, as in {@link rates}.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param scores - higher = more anomalous; NaN is refused, infinities are fine.
 * @param k - an integer from 1 to the number of rows.
 * @throws if lengths differ, a label is not 0/1, a score is NaN or K is out of range.
 */
export function recallAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k: number): number {
  const { hits, positives } = topKHits('recallAtK', labels, scores, k);
  return positives ? hits / positives : 0;
}
