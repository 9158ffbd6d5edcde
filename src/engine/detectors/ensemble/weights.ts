/**
 * Member weights from validation PR-AUC: each member's lift over chance (PR-AUC minus the positive rate,
 * which is what random scores get), normalized to sum to 1. A member no better than chance gets 0; when
 * none is better, all weigh the same.
 */
export function weightsFromPrAuc(prAuc: readonly number[], positiveRate: number): number[] {
  const lift = prAuc.map((ap) => Math.max(0, ap - positiveRate));
  const total = lift.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return equalWeights(prAuc.length);
  return lift.map((l) => l / total);
}

/** m weights of 1 / m. */
export function equalWeights(m: number): number[] {
  return Array.from({ length: m }, () => 1 / m);
}

/** Given weights scaled to sum to 1. */
export function normalizedWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** Rounds of greedy selection: enough for weights in steps of 1/20. */
export const SELECTION_ROUNDS = 20;

/**
 * Ensemble selection (Caruana et al., ICML 2004): starting empty, each round adds (with replacement) the
 * member whose addition gives the combined held-out scores the highest PR-AUC; the weights are the
 * members' counts at the best round (the earliest, on ties). It keeps the best member alone unless
 * mixing in others raises held-out PR-AUC, so weak members cannot dilute a strong one.
 *
 * @param held - each member's normalized (or vote) scores on the held-out rows.
 * @param score - PR-AUC of combined scores against the held-out labels.
 */
export function selectionWeights(
  held: readonly Float64Array[],
  score: (combined: Float64Array) => number,
): number[] {
  const m = held.length;
  const n = held[0]?.length ?? 0;
  const counts = new Array<number>(m).fill(0);
  let best = { value: -Infinity, counts: [...counts] };
  const sum = new Float64Array(n);
  const trial = new Float64Array(n);
  for (let round = 1; round <= SELECTION_ROUNDS; round++) {
    let pick = 0;
    let pickValue = -Infinity;
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < n; i++) trial[i] = (sum[i] + held[k][i]) / round;
      const v = score(trial);
      if (v > pickValue) {
        pickValue = v;
        pick = k;
      }
    }
    counts[pick]++;
    for (let i = 0; i < n; i++) sum[i] += held[pick][i];
    if (pickValue > best.value) best = { value: pickValue, counts: [...counts] };
  }
  return normalizedWeights(best.counts);
}
