import { runSteps, type Steps } from './steps';

/** The outcome of a farthest-first traversal. */
export interface FarthestFirst {
  /** Indices of the chosen points, in the order they were chosen (the first is point 0). */
  chosen: Int32Array;
  /** For every point, the position in `chosen` of its nearest chosen point. */
  assign: Int32Array;
  /** For every point, its squared distance to that chosen point. */
  distSquared: Float64Array;
  /** The largest of those: every point is within sqrt(coverSquared) of a chosen one. */
  coverSquared: number;
}

/**
 * Farthest-first traversal (Gonzalez 1985): starting from point 0, repeatedly choose the point
 * farthest from those chosen so far, up to k points or until every point coincides with a chosen one.
 * The chosen points cover the set within twice the best possible radius for k centres. `points` holds
 * `count` rows of `dims` values, row-major. O(count x k x dims); yields the fraction of k done.
 */
export function* farthestFirstSteps(
  points: Float64Array,
  count: number,
  dims: number,
  k: number,
): Steps<FarthestFirst> {
  const chosen: number[] = [];
  const assign = new Int32Array(count);
  const dist = new Float64Array(count).fill(Infinity);
  let next = 0;
  const want = Math.min(k, count);
  while (chosen.length < want && count > 0) {
    const c = next;
    const slot = chosen.length;
    chosen.push(c);
    const oc = c * dims;
    let far = -1;
    let farD = -1;
    for (let i = 0; i < count; i++) {
      let di = dist[i];
      if (di > 0) {
        const oi = i * dims;
        let s = 0;
        for (let j = 0; j < dims; j++) {
          const t = points[oi + j] - points[oc + j];
          s += t * t;
          if (s >= di) break;
        }
        if (s < di) {
          dist[i] = di = s;
          assign[i] = slot;
        }
      }
      if (di > farD) {
        farD = di;
        far = i;
      }
    }
    if (farD <= 0) break;
    next = far;
    yield chosen.length / want;
  }
  let cover = 0;
  for (let i = 0; i < count; i++) if (dist[i] > cover) cover = dist[i];
  return { chosen: Int32Array.from(chosen), assign, distSquared: dist, coverSquared: count ? cover : 0 };
}

/** Farthest-first traversal run synchronously; see farthestFirstSteps. */
export function farthestFirst(points: Float64Array, count: number, dims: number, k: number): FarthestFirst {
  return runSteps(farthestFirstSteps(points, count, dims, k));
}
