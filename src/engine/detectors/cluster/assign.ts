import type { Matrix } from '../../util/matrix';

/** Each row's nearest centre and Euclidean distance to it, and the sum of those distances. */
export interface Assignment {
  labels: Int32Array;
  distances: Float64Array;
  total: number;
}

/**
 * Assigns every row of X to its nearest of `count` centres (row-major in `centres`, X.cols wide) by
 * Euclidean distance, ties to the lower centre; brute force, for a handful of centres.
 */
export function assignNearest(X: Matrix, centres: Float64Array, count: number): Assignment {
  const d = X.cols;
  const data = X.data;
  const labels = new Int32Array(X.rows);
  const distances = new Float64Array(X.rows);
  let total = 0;
  for (let i = 0; i < X.rows; i++) {
    const oi = i * d;
    let best = Infinity;
    let at = 0;
    for (let c = 0; c < count; c++) {
      const oc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = data[oi + j] - centres[oc + j];
        s += t * t;
      }
      if (s < best) {
        best = s;
        at = c;
      }
    }
    labels[i] = at;
    distances[i] = Math.sqrt(best);
    total += distances[i];
  }
  return { labels, distances, total };
}

/** The rows of X at the given indices, row-major (for centres given as row indices). */
export function rowsOf(X: Matrix, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * X.cols);
  for (let k = 0; k < indices.length; k++) {
    out.set(X.data.subarray(indices[k] * X.cols, (indices[k] + 1) * X.cols), k * X.cols);
  }
  return out;
}
