import { quantilesInPlace } from '../../eda/box-stats';

/**
 * Robust location and scale of a column: the median and the MAD scaled to a standard deviation, with
 * fallbacks for the columns whose MAD is 0 (mostly-constant metrics are common in server data).
 */

/** 1 / Phi^-1(3/4): makes the MAD of normal data estimate its standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

/** sqrt(pi / 2): makes the mean absolute deviation of normal data estimate its standard deviation. */
export const MEAN_AD_TO_SIGMA = 1.2533;

/**
 * Share of a column's training scale below which a local (rolling or per-slot) scale is not trusted:
 * a window of identical values has MAD 0 and would turn the smallest change into an infinite z.
 * On ASD omi-1 and the NAB AWS series, 0.02 to 0.1 gave ROC-AUCs within 0.005 of each other (0.25 and up
 * lost up to 0.1 on ASD); 0.1 is the most conservative of them (fewer alarms out of quiet stretches).
 */
export const LOCAL_SCALE_FLOOR = 0.1;

/** The median of the first `n` values of an ascending array (the mean of the two middle ones when n is even). */
export function sortedMedian(sorted: ArrayLike<number>, n = sorted.length): number {
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n & 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and robust scale of some values. */
export interface RobustLocationScale {
  median: number;
  /** The median absolute deviation from the median (unscaled). */
  mad: number;
  /**
   * A standard-deviation estimate, never 0: `MAD_TO_SIGMA * mad`; when the MAD is 0 (more than half
   * the values equal, up to rounding noise), `MEAN_AD_TO_SIGMA *` the mean absolute deviation from the
   * median; when that is 0 too (a constant column, or no values), 1, the unit the pipeline's scaler
   * gives constant columns.
   */
  scale: number;
  /** Where the scale came from: 0 = the MAD, 1 = the mean absolute deviation, 2 = the unit fallback. */
  source: 0 | 1 | 2;
}

const HALF = [0.5] as const;

/**
 * A spread this small relative to the values' magnitude is floating-point noise, not variation: a
 * rolling feature of a mostly flat metric (ASD omi-1's m03) equals its median up to the last bits in
 * most rows, its MAD was 1.4e-15 and its robust z-scores reached 1e15.
 */
const ROUNDING_NOISE = 1e-9;

/**
 * The median, MAD and robust scale (see {@link RobustLocationScale}) of `values[from .. to)`, which are
 * reordered in place (expected O(n): `quantilesInPlace`'s selection, no full sort); `scratch` (at least
 * `to - from` long) receives the absolute deviations. Medians are numpy's linear 0.5-quantiles, equal to
 * pandas' `median()` up to rounding in the last place for an even count.
 */
export function robustLocationScale(
  values: Float64Array,
  scratch: Float64Array,
  from = 0,
  to = values.length,
): RobustLocationScale {
  const n = to - from;
  if (n <= 0) return { median: NaN, mad: NaN, scale: 1, source: 2 };
  const part = values.subarray(from, to);
  // + 0 turns a median of -0 into 0: JSON writes -0 as 0, and fitted state must survive it exactly.
  const median = quantilesInPlace(part, HALF)[0] + 0;
  const dev = scratch.subarray(0, n);
  let sumAbs = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(part[i] - median);
    dev[i] = v;
    sumAbs += v;
    if (v > maxAbs) maxAbs = v;
  }
  const mad = quantilesInPlace(dev, HALF)[0];
  const noise = ROUNDING_NOISE * Math.max(Math.abs(median), maxAbs);
  const scale = MAD_TO_SIGMA * mad;
  if (scale > noise) return { median, mad, scale, source: 0 };
  const meanAd = (MEAN_AD_TO_SIGMA * sumAbs) / n;
  if (meanAd > noise) return { median, mad, scale: meanAd, source: 1 };
  return { median, mad, scale: 1, source: 2 };
}
