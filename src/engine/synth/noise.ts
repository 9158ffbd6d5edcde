import type { Random } from '../util/random';

/** Fast standard-normal draws for bulk generation. */
export interface Noise {
  /** A standard normal draw. */
  normal(): number;
}

const POOL_BITS = 16;
const POOL_SIZE = 1 << POOL_BITS;
const POOL_MASK = POOL_SIZE - 1;

/** 65,536 standard normals drawn from `rng`, shared by the noise streams of one generation. */
export function createNormalPool(rng: Random): Float64Array {
  const pool = new Float64Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = rng.normal();
  return pool;
}

/**
 * Normal draws picked from a shared pool by 16-bit indices (two per uniform draw of `rng`).
 * A million rows need about ten million normals; drawing each through Box-Muller took most of the
 * generation time, while pool draws are indistinguishable for synthetic metrics. All randomness
 * still comes from the seeded generators.
 */
export function createNoise(pool: Float64Array, rng: Random): Noise {
  if (pool.length !== POOL_SIZE) throw new Error(`synth: normal pool must hold ${POOL_SIZE} values`);
  let pending = -1;
  return {
    normal(): number {
      if (pending >= 0) {
        const v = pool[pending];
        pending = -1;
        return v;
      }
      const u = Math.floor(rng.next() * 4294967296);
      pending = (u >>> POOL_BITS) & POOL_MASK;
      return pool[u & POOL_MASK];
    },
  };
}
