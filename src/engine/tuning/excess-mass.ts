import { checkVolume, countAbove, sortedNormality } from './level-sets';
import { trapezoid } from './trapezoid';

/** Grid and stopping level of the excess-mass curve, with Goix's (2016) values as defaults. */
export interface ExcessMassOptions {
  /** Step of the t grid, in units of 1 / volume (default 0.001). */
  tStep?: number;
  /** End of the t grid, in units of 1 / volume (default 100). */
  tLimit?: number;
  /** The curve is integrated from t = 0 until it first falls to this level (default 0.9). */
  emMin?: number;
}

export interface ExcessMassCurve {
  /** The t grid up to and including the first point where EM <= emMin. */
  t: Float64Array;
  em: Float64Array;
  /** Area under the curve over `t` (trapezoid): the EM criterion, higher is better. */
  auc: number;
  /** False when the curve never fell to emMin on the grid (then the whole grid is used). */
  reached: boolean;
}

/**
 * The empirical excess-mass curve of Goix (2016):
 * EM(t) = max over thresholds u of  P_n(s > u) - t * Leb(s > u),
 * with u over the distinct scores of the data rows, P_n the share of data rows above u, and Leb the volume
 * above u, estimated as the share of uniform points (drawn in the data's bounding box) above u times the
 * box's volume. EM(0) = 1, and EM never goes below 0 (the empty level set). The maximum is found on the
 * upper concave hull of the points (Leb, P_n), which gives the same values as scanning every threshold.
 *
 * @param dataScores - detector scores of the evaluation rows (higher = more anomalous).
 * @param uniformScores - detector scores of points uniform in the rows' bounding box.
 * @param volume - the bounding box's volume.
 */
export function excessMassCurve(
  dataScores: ArrayLike<number>,
  uniformScores: ArrayLike<number>,
  volume: number,
  options: ExcessMassOptions = {},
): ExcessMassCurve {
  const { tStep = 0.001, tLimit = 100, emMin = 0.9 } = options;
  checkVolume(volume, 'excessMassCurve');
  if (dataScores.length === 0 || uniformScores.length === 0) {
    throw new Error('excessMassCurve: needs at least one data score and one uniform score');
  }
  const sX = sortedNormality(dataScores, 'excessMassCurve data');
  const sU = sortedNormality(uniformScores, 'excessMassCurve uniform');
  const n = sX.length;
  const N = sU.length;
  // Level sets from the highest threshold down: volume and mass both grow. Keep the upper concave hull.
  const hl: number[] = [];
  const hm: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    if (i < n - 1 && sX[i] === sX[i + 1]) continue;
    const u = sX[i];
    const m = (n - 1 - i) / n; // rows strictly above u: those after index i (the values above are larger)
    const l = (countAbove(sU, u) / N) * volume;
    while (hl.length && hl[hl.length - 1] === l) {
      hl.pop();
      hm.pop();
    }
    while (hl.length >= 2) {
      const k = hl.length - 1;
      // Drop the last vertex when it is not strictly above the chord from its predecessor to (l, m).
      const cross = (hl[k] - hl[k - 1]) * (m - hm[k - 1]) - (hm[k] - hm[k - 1]) * (l - hl[k - 1]);
      if (cross >= 0) {
        hl.pop();
        hm.pop();
      } else break;
    }
    hl.push(l);
    hm.push(m);
  }
  const steps = Math.ceil(tLimit / tStep - 1e-9);
  const t: number[] = [0];
  const em: number[] = [1];
  let reached = false;
  let ptr = hl.length - 1;
  for (let k = 1; k < steps; k++) {
    const tk = (k * tStep) / volume;
    const value = (j: number): number => hm[j] - tk * hl[j];
    while (ptr > 0 && value(ptr - 1) >= value(ptr)) ptr--;
    const e = Math.max(0, value(ptr));
    t.push(tk);
    em.push(e);
    if (e <= emMin) {
      reached = true;
      break;
    }
  }
  const T = Float64Array.from(t);
  const E = Float64Array.from(em);
  return { t: T, em: E, auc: trapezoid(T, E), reached };
}
