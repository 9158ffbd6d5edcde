import type { CombineKind } from './params';

/**
 * Adds one member's normalized scores into the ensemble's: `weight * score` for a weighted mean, the
 * running maximum for 'max' (members of weight 0 left out; `out` starts at -Infinity), or `weight` where
 * the member's raw score reaches its alert level for a vote. Members are folded in order, so the result
 * is the same on every surface.
 */
export function foldMember(
  out: Float64Array,
  weight: number,
  normalized: Float64Array,
  raw: ArrayLike<number>,
  voteLevel: number | null,
  combine: CombineKind = voteLevel === null ? 'weighted-mean' : 'vote',
): void {
  if (combine === 'weighted-mean') {
    for (let i = 0; i < out.length; i++) out[i] += weight * normalized[i];
  } else if (combine === 'max') {
    if (!(weight > 0)) return;
    for (let i = 0; i < out.length; i++) if (normalized[i] > out[i]) out[i] = normalized[i];
  } else {
    const level = voteLevel ?? Infinity;
    for (let i = 0; i < out.length; i++) if (raw[i] >= level) out[i] += weight;
  }
}

/** The value a combination starts from before any member is folded in. */
export function combineStart(combine: CombineKind): number {
  return combine === 'max' ? -Infinity : 0;
}

/**
 * Combines members' held-out values (normalized scores, or 0/1 alerts for a vote) with weights, as
 * `foldMember` would: for choosing weights, the rule and the smoothing on held-out rows.
 */
export function combineHeld(
  held: readonly Float64Array[],
  weights: readonly number[],
  combine: CombineKind,
): Float64Array {
  const n = held[0]?.length ?? 0;
  const out = new Float64Array(n).fill(combineStart(combine));
  held.forEach((h, k) => {
    if (combine === 'vote') {
      for (let i = 0; i < n; i++) out[i] += weights[k] * h[i];
    } else foldMember(out, weights[k], h, h, null, combine);
  });
  return out;
}
