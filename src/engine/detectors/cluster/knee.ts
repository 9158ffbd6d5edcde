/**
 * The knee (elbow) of an ascending curve, such as a sorted k-distance curve: the index of the point
 * farthest below the chord joining the first and last points once both axes are scaled to [0, 1].
 * That is Kneedle's difference-curve maximum (Satopaa et al. 2011) without its smoothing and
 * threshold. A flat curve has no knee: the last index is returned. Ties go to the first index.
 */
export function kneeIndex(curve: ArrayLike<number>): number {
  const n = curve.length;
  if (n === 0) throw new Error('kneeIndex: the curve is empty');
  if (n < 3) return n - 1;
  const y0 = curve[0];
  const span = curve[n - 1] - y0;
  if (!(span > 0)) return n - 1;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    const gap = i / (n - 1) - (curve[i] - y0) / span;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}
