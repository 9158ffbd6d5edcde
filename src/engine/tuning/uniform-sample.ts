import type { Random } from '../util/random';
import type { ParamValue, SearchDimension, SearchSpace } from './space';

/**
 * One value drawn uniformly from a dimension, as Optuna's RandomSampler: floats uniform in [low, high]
 * (in log(value) on a log scale); integers uniform over low..high, or, on a log scale, uniform in
 * log over [low - 0.5, high + 0.5] and rounded, so each integer gets the share of log-space it covers.
 */
export function sampleDimension(d: SearchDimension, rng: Random): ParamValue {
  if (d.kind === 'choice') return d.choices[rng.int(d.choices.length)];
  if (d.kind === 'float') {
    if (!d.log) return rng.uniform(d.low, d.high);
    return clamp(Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high))), d.low, d.high);
  }
  if (!d.log) return d.low + rng.int(d.high - d.low + 1);
  const v = Math.exp(rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5)));
  return clamp(Math.round(v), d.low, d.high);
}

/** One value per dimension of the space, drawn independently (see {@link sampleDimension}). */
export function sampleSpace(space: SearchSpace, rng: Random): ParamValue[] {
  return space.dimensions.map((d) => sampleDimension(d, rng));
}

/** v limited to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
