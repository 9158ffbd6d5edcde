import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../../util/matrix';
import { fusedReconstruct, weightTensors } from './network';
import type { RowScore } from './params';
import type { LstmAeShape } from './weights';
import { gatherWindows, type WindowIndex } from './windows';

/** Windows per forward pass when scoring: big enough to amortise the per-step calls, small in memory. */
const SCORE_BATCH = 512;

/**
 * Reconstruction errors of the windows of `index` (each the trailing window of the row it ends at),
 * written to that row of a new array of `X.rows` scores: with 'last', the mean over features of the
 * squared error of the window's last step (the row itself); with 'window', the mean over all its steps.
 * Rows no window ends at keep 0. Synchronous: the backend must be ready.
 */
export function windowRowScores(
  shape: LstmAeShape,
  weights: readonly ArrayLike<number>[],
  X: Matrix,
  index: WindowIndex,
  rule: RowScore,
): Float64Array {
  const scores = new Float64Array(X.rows);
  const n = index.ends.length;
  if (n === 0) return scores;
  const L = index.length;
  const w = weightTensors(shape, weights);
  try {
    for (let from = 0; from < n; from += SCORE_BATCH) {
      const count = Math.min(SCORE_BATCH, n - from);
      const picks = Int32Array.from({ length: count }, (_, k) => from + k);
      const errors = tf.tidy(() => {
        const x = tf.tensor3d(gatherWindows(X, index, picks), [count, L, X.cols]);
        // [count, L]: mean over features of the squared error per step.
        return tf.mean(tf.squaredDifference(fusedReconstruct(shape, w, x), x), 2).dataSync();
      });
      for (let k = 0; k < count; k++) {
        let s: number;
        if (rule === 'last') s = errors[k * L + L - 1];
        else {
          s = 0;
          for (let t = 0; t < L; t++) s += errors[k * L + t];
          s /= L;
        }
        scores[index.ends[from + k]] = s;
      }
    }
  } finally {
    w.forEach((t) => t.dispose());
  }
  return scores;
}
