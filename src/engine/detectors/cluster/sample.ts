import type { Random } from '../../util/random';

/** `take` row indices spread evenly over 0..n-1 in order (all of them when take >= n). */
export function evenlySpacedIndices(n: number, take: number): Int32Array {
  const m = Math.min(n, take);
  const out = new Int32Array(m);
  for (let s = 0; s < m; s++) out[s] = Math.floor((s * n) / m);
  return out;
}

/** `take` distinct row indices of 0..n-1 drawn uniformly without replacement, in ascending order. */
export function randomIndices(n: number, take: number, rng: Random): Int32Array {
  const m = Math.min(n, take);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let s = 0; s < m; s++) {
    const r = s + rng.int(n - s);
    const t = pool[s];
    pool[s] = pool[r];
    pool[r] = t;
  }
  return pool.slice(0, m).sort();
}
