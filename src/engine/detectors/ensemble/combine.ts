/**
 * Adds one member's normalized scores into the ensemble's: `weight * score` for a weighted mean, or
 * `weight` where the member's raw score reaches its alert level for a vote. Members are folded in
 * order, so the sum is the same on every surface.
 */
export function foldMember(
  out: Float64Array,
  weight: number,
  normalized: Float64Array,
  raw: ArrayLike<number>,
  voteLevel: number | null,
): void {
  if (voteLevel === null) {
    for (let i = 0; i < out.length; i++) out[i] += weight * normalized[i];
  } else {
    for (let i = 0; i < out.length; i++) if (raw[i] >= voteLevel) out[i] += weight;
  }
}
