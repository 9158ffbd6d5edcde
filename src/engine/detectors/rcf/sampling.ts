import type { Random } from '../../util/random';
import { TimeDecayReservoir } from './reservoir';

/**
 * k distinct indices of [0, n) drawn uniformly without replacement: a partial Fisher-Yates shuffle of
 * `pool` (a permutation of [0, n), kept between calls), whose first k entries are returned as a copy.
 */
export function sampleWithoutReplacement(pool: Int32Array, k: number, rng: Random): Int32Array {
  const n = pool.length;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/**
 * Streams the training rows through a time-decayed reservoir, entity by entity, each row with its
 * position in its entity as sequence index (entities are taken to run side by side in time), as an AWS
 * forest fed the training data would. Returns the reservoir (row indices and weights).
 */
export function sampleStreamed(
  groups: readonly ArrayLike<number>[],
  capacity: number,
  timeDecay: number,
  rng: Random,
): TimeDecayReservoir {
  const r = new TimeDecayReservoir(capacity, timeDecay);
  for (const g of groups) for (let k = 0; k < g.length; k++) r.offer(g[k], k, rng);
  return r;
}
