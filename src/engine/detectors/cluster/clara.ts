import { selectRows, type Matrix } from '../../util/matrix';
import type { Random } from '../../util/random';
import { assignNearest, rowsOf } from './assign';
import { kMedoidsSteps } from './k-medoids';
import { randomIndices } from './sample';
import { within, type Steps } from './steps';

/** CLARA's outcome: medoids as row indices of X and their total deviation over all rows of X. */
export interface ClaraResult {
  medoids: Int32Array;
  totalDeviation: number;
  swaps: number;
}

/**
 * CLARA (Kaufman & Rousseeuw 1990) with FasterPAM inside: k-medoids on `draws` random samples of
 * `sampleSize` rows, each sample after the first holding the best medoids so far; the medoids with
 * the lowest total deviation over every row of X are kept. Memory is that of one sample's distance
 * matrix; time is draws x (sample^2 + n k). Yields the fraction done.
 */
export function* claraSteps(
  X: Matrix,
  k: number,
  draws: number,
  sampleSize: number,
  rng: Random,
): Steps<ClaraResult> {
  const n = X.rows;
  const size = Math.min(sampleSize, n);
  let best: ClaraResult | null = null;
  for (let t = 0; t < draws; t++) {
    const drawn = randomIndices(n, size, rng);
    let idx = drawn;
    if (best) {
      const keep = new Set(best.medoids);
      const merged = Array.from(best.medoids);
      for (let s = 0; s < drawn.length && merged.length < size; s++)
        if (!keep.has(drawn[s])) merged.push(drawn[s]);
      idx = Int32Array.from(merged).sort();
    }
    const r = yield* within(kMedoidsSteps(selectRows(X, idx), k, 'fasterpam'), t / draws, (t + 0.95) / draws);
    const medoids = Int32Array.from(r.medoids, (m) => idx[m]);
    const total = assignNearest(X, rowsOf(X, medoids), medoids.length).total;
    if (!best || total < best.totalDeviation) best = { medoids, totalDeviation: total, swaps: r.swaps };
    yield (t + 1) / draws;
  }
  return best as ClaraResult;
}
