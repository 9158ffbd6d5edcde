import type { Matrix } from '../../util/matrix';
import { distanceMatrixSteps } from './distance-matrix';
import { fasterPamSteps } from './fasterpam';
import { buildSteps, pamSwapSteps } from './pam';
import { runSteps, within, type Steps } from './steps';

/** The swap strategies for k-medoids on rows that fit a distance matrix. */
export type MedoidMethod = 'pam' | 'fasterpam';

/** k-medoids' outcome: the medoids as row indices of X, in medoid order, and the swaps made. */
export interface KMedoidsResult {
  medoids: Int32Array;
  swaps: number;
}

/** PAM's iteration cap, scikit-learn-extra's max_iter default. */
const PAM_MAX_ITERATIONS = 300;
/** FasterPAM's cap on rounds over the points (the kmedoids package's default); a few are typical. */
const FASTERPAM_MAX_ROUNDS = 100;

/**
 * k-medoids of the rows of X under Euclidean distance: BUILD initialisation, then PAM's SWAP or
 * FasterPAM's eager swaps. Needs the n x n distance matrix (4 n^2 bytes), so callers cap n. k is
 * clamped to the row count. Yields the fraction done.
 */
export function* kMedoidsSteps(X: Matrix, k: number, method: MedoidMethod): Steps<KMedoidsResult> {
  const n = X.rows;
  const kk = Math.min(k, n);
  const D = yield* within(distanceMatrixSteps(X), 0, 0.3);
  const medoids = yield* within(buildSteps(D, n, kk), 0.3, 0.5);
  const swap =
    method === 'pam'
      ? pamSwapSteps(D, n, medoids, PAM_MAX_ITERATIONS)
      : fasterPamSteps(D, n, medoids, FASTERPAM_MAX_ROUNDS);
  return yield* within(swap, 0.5, 1);
}

/** k-medoids run synchronously; see kMedoidsSteps. */
export function kMedoids(X: Matrix, k: number, method: MedoidMethod = 'fasterpam'): KMedoidsResult {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`kMedoids: k must be an integer >= 1, got ${k}`);
  if (X.rows < 1) throw new Error('kMedoids: no rows');
  return runSteps(kMedoidsSteps(X, k, method));
}
