import type { Random } from '../../util/random';

/** Squared Euclidean distance between row i of `a` (width d) and row j of `b`. */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const oa = i * d;
  const ob = j * d;
  for (let f = 0; f < d; f++) {
    const t = a[oa + f] - b[ob + f];
    s += t * t;
  }
  return s;
}

/** The first index whose running sum of `weights` exceeds `target` (the last index when none does). */
function drawByWeight(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Greedy k-means++ seeding as scikit-learn does it (Arthur and Vassilvitskii 2007, with 2 + ln k local
 * trials per centre, keeping the candidate that lowers the potential most). Returns k x d centres.
 */
export function kmeansPlusPlus(X: Float64Array, n: number, d: number, k: number, rng: Random): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centres.set(X.subarray(first * d, (first + 1) * d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i] = squaredDistance(X, i, centres, 0, d);
  const cumulative = new Float64Array(n);
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let run = 0;
    for (let i = 0; i < n; i++) cumulative[i] = run += closest[i];
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let t = 0; t < trials; t++) {
      const id = Math.min(drawByWeight(cumulative, rng.next() * potential), n - 1);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i], squaredDistance(X, i, X, id, d));
        candidate[i] = v;
        pot += v;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestIndex = id;
        best.set(candidate);
      }
    }
    centres.set(X.subarray(bestIndex * d, (bestIndex + 1) * d), c * d);
    closest.set(best);
    potential = bestPotential;
  }
  return centres;
}
