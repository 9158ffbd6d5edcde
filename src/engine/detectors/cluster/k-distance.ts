import { selectRows, type Matrix } from '../../util/matrix';
import { evenlySpacedIndices } from './sample';
import { runSteps, type Steps } from './steps';

/**
 * Squared Euclidean distance from each row of X to its k-th nearest row, the row itself counted as
 * the first (k = 1 gives 0): as scikit-learn's `NearestNeighbors(n_neighbors=k).kneighbors(X)` on the
 * training rows, and exactly DBSCAN's core condition (a row is core for minPts = k iff this is at most
 * eps squared). Brute force over pairs, each computed once, with a partial-distance early exit: in
 * 10 to 100 dimensions a kd-tree or grid prunes little, and the caller caps the rows. k is clamped to
 * the row count. Yields the fraction of pairs done.
 */
export function* kDistanceSquaredSteps(X: Matrix, k: number): Steps<Float64Array> {
  const n = X.rows;
  const d = X.cols;
  const data = X.data;
  const m = Math.min(k, n) - 1;
  const out = new Float64Array(n);
  if (m <= 0) return out;
  // Per row, the m smallest squared distances to other rows, ascending; th = the largest of them.
  const top = new Float64Array(n * m).fill(Infinity);
  const th = new Float64Array(n).fill(Infinity);
  const totalPairs = (n * (n - 1)) / 2;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const bound = th[i] > th[j] ? th[i] : th[j];
      const oj = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = data[oi + c] - data[oj + c];
        s += t * t;
        if (s > bound) break;
      }
      if (s < th[i]) th[i] = insertSorted(top, i * m, m, s);
      if (s < th[j]) th[j] = insertSorted(top, j * m, m, s);
    }
    pairs += n - 1 - i;
    yield pairs / totalPairs;
  }
  for (let i = 0; i < n; i++) out[i] = top[i * m + m - 1];
  return out;
}

/** Inserts v into the ascending run top[base .. base+m), dropping its largest value; returns the new largest. */
function insertSorted(top: Float64Array, base: number, m: number, v: number): number {
  let p = base + m - 1;
  while (p > base && top[p - 1] > v) {
    top[p] = top[p - 1];
    p--;
  }
  top[p] = v;
  return top[base + m - 1];
}

/** Distance from each row of X to its k-th nearest row (the row itself counted first); see kDistanceSquaredSteps. */
export function kDistances(X: Matrix, k: number): Float64Array {
  const sq = runSteps(kDistanceSquaredSteps(X, k));
  for (let i = 0; i < sq.length; i++) sq[i] = Math.sqrt(sq[i]);
  return sq;
}

/**
 * The sorted k-distance curve DBSCAN's eps is read from (Ester et al. 1996): each row's distance to
 * its k-th nearest row (itself counted first, so k = minPts), ascending, over at most maxPoints evenly
 * spaced rows of X (the neighbours are searched among those rows too, as when DBSCAN is fitted on
 * that sample). Its knee (`kneeIndex`) is the suggested eps. Quadratic in min(rows, maxPoints).
 */
export function kDistanceCurve(X: Matrix, k: number, maxPoints = 5000): Float64Array {
  if (!(Number.isInteger(k) && k >= 1))
    throw new Error(`kDistanceCurve: k must be an integer >= 1, got ${k}`);
  const sample = X.rows > maxPoints ? selectRows(X, evenlySpacedIndices(X.rows, maxPoints)) : X;
  return kDistances(sample, k).sort();
}
