/**
 * Helpers shared by the excess-mass and mass-volume curves, which follow Goix (2016) in working on a
 * scoring function s where higher = more normal: here s = -score, since detectors score higher = more
 * anomalous.
 */

/** -score per value, sorted ascending: the normality scores in increasing order. */
export function sortedNormality(scores: ArrayLike<number>, what: string): Float64Array {
  const s = new Float64Array(scores.length);
  for (let i = 0; i < s.length; i++) {
    const v = scores[i];
    if (Number.isNaN(v)) throw new Error(`${what}: score ${i} is NaN`);
    s[i] = -v;
  }
  return s.sort();
}

/** The number of values of an ascending array strictly greater than u. */
export function countAbove(sorted: Float64Array, u: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** The number of values of an ascending array greater than or equal to u. */
export function countAtLeast(sorted: Float64Array, u: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Throws unless the volume of a bounding box is positive and finite. */
export function checkVolume(volume: number, what: string): void {
  if (!(volume > 0 && Number.isFinite(volume))) {
    throw new Error(`${what}: the support volume must be a positive finite number, got ${volume}`);
  }
}
