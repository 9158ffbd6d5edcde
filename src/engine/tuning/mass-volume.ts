import { checkVolume, countAtLeast, sortedNormality } from './level-sets';
import { trapezoid } from './trapezoid';

/** The mass levels of the mass-volume curve, with Goix's (2016) values as defaults. */
export interface MassVolumeOptions {
  /** Lowest mass (default 0.9). */
  alphaMin?: number;
  /** Highest mass (default 0.999). */
  alphaMax?: number;
  /** Step between masses (default 0.001). */
  alphaStep?: number;
}

export interface MassVolumeCurve {
  alpha: Float64Array;
  mv: Float64Array;
  /** Area under the curve over `alpha` (trapezoid): the MV criterion, lower is better. */
  auc: number;
}

/**
 * The empirical mass-volume curve of Goix (2016): for each mass alpha, the volume of the smallest level
 * set {s >= u} of the scores that holds at least a share alpha of the data rows, MV(alpha) =
 * Leb(s >= u_alpha), where u_alpha is the ceil(alpha n)-th highest normality score and Leb is the share of
 * uniform points (in the rows' bounding box) at or above u_alpha times the box's volume.
 *
 * @param dataScores - detector scores of the evaluation rows (higher = more anomalous).
 * @param uniformScores - detector scores of points uniform in the rows' bounding box.
 * @param volume - the bounding box's volume.
 */
export function massVolumeCurve(
  dataScores: ArrayLike<number>,
  uniformScores: ArrayLike<number>,
  volume: number,
  options: MassVolumeOptions = {},
): MassVolumeCurve {
  const { alphaMin = 0.9, alphaMax = 0.999, alphaStep = 0.001 } = options;
  checkVolume(volume, 'massVolumeCurve');
  if (!(alphaMin > 0 && alphaMax <= 1 && alphaMin <= alphaMax && alphaStep > 0)) {
    throw new Error(`massVolumeCurve: need 0 < alphaMin <= alphaMax <= 1 and alphaStep > 0`);
  }
  if (dataScores.length === 0 || uniformScores.length === 0) {
    throw new Error('massVolumeCurve: needs at least one data score and one uniform score');
  }
  const sX = sortedNormality(dataScores, 'massVolumeCurve data');
  const sU = sortedNormality(uniformScores, 'massVolumeCurve uniform');
  const n = sX.length;
  const N = sU.length;
  const count = Math.round((alphaMax - alphaMin) / alphaStep) + 1;
  const alpha = new Float64Array(count);
  const mv = new Float64Array(count);
  let taken = 0;
  let mass = 0;
  let u = sX[n - 1];
  for (let k = 0; k < count; k++) {
    alpha[k] = Math.min(alphaMax, alphaMin + k * alphaStep);
    // Take rows from the most normal down until they hold the mass.
    while (mass < alpha[k] && taken < n) {
      taken++;
      u = sX[n - taken];
      mass = (1 / n) * taken; // as in Goix's code, so ties with alpha n resolve the same way
    }
    mv[k] = (countAtLeast(sU, u) / N) * volume;
  }
  return { alpha, mv, auc: trapezoid(alpha, mv) };
}
