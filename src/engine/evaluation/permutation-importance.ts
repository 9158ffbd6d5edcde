import { throwIfAborted, yieldToEventLoop, type Detector, type RowContext } from '../detectors/detector';
import { averagePrecision } from '../metrics/index';
import type { Matrix } from '../util/matrix';
import { createRandom } from '../util/random';

/** How much a model's PR-AUC drops when one group of features is shuffled. */
export interface FeatureImportance {
  group: string;
  /** Feature columns in the group. */
  columns: number;
  /** Mean drop in PR-AUC over the repeats (positive: the model relies on the group). */
  drop: number;
  /** Standard deviation of the drop over the repeats. */
  std: number;
}

export interface PermutationOptions {
  repeats?: number;
  seed?: number;
  context?: RowContext;
  /** Stops between groups when it fires (rejects with an AbortError). */
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/**
 * The group a feature belongs to: its source metric (`cpu_pct__rolling__mean_w12` -> `cpu_pct`), so
 * hundreds of engineered features are judged per metric, which is what a user can act on.
 */
export function featureGroup(name: string): string {
  const cut = name.indexOf('__');
  return cut > 0 ? name.slice(0, cut) : name;
}

/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance` with scoring
 * `average_precision`): for each group of columns, the rows' values of those columns are shuffled together
 * (one seeded permutation per repeat) and the model rescored; importance = baseline PR-AUC minus the
 * shuffled PR-AUC. Groups come from `featureGroup` unless given.
 */
export async function permutationImportance(
  detector: Detector,
  X: Matrix,
  labels: ArrayLike<number>,
  names: readonly string[],
  options: PermutationOptions = {},
): Promise<{ baseline: number; importances: FeatureImportance[] }> {
  if (names.length !== X.cols)
    throw new Error(`permutationImportance: ${names.length} names for ${X.cols} columns`);
  const repeats = options.repeats ?? 3;
  const rng = createRandom(options.seed ?? 0);
  const baseline = averagePrecision(labels, detector.score(X, options.context));
  const groups = new Map<string, number[]>();
  names.forEach((n, j) => {
    const g = featureGroup(n);
    const list = groups.get(g);
    if (list) list.push(j);
    else groups.set(g, [j]);
  });
  const shuffled = Float64Array.from(X.data);
  const work: Matrix = { data: shuffled, rows: X.rows, cols: X.cols };
  const importances: FeatureImportance[] = [];
  let done = 0;
  for (const [group, cols] of groups) {
    throwIfAborted(options.signal);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const perm = Int32Array.from({ length: X.rows }, (_, i) => i);
      for (let i = X.rows - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        [perm[i], perm[k]] = [perm[k], perm[i]];
      }
      for (const j of cols)
        for (let i = 0; i < X.rows; i++) shuffled[i * X.cols + j] = X.data[perm[i] * X.cols + j];
      drops.push(baseline - averagePrecision(labels, detector.score(work, options.context)));
      for (const j of cols)
        for (let i = 0; i < X.rows; i++) shuffled[i * X.cols + j] = X.data[i * X.cols + j];
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(drops.reduce((a, d) => a + (d - mean) ** 2, 0) / repeats);
    importances.push({ group, columns: cols.length, drop: mean, std });
    options.onProgress?.(++done / groups.size);
    await yieldToEventLoop();
  }
  importances.sort((a, b) => b.drop - a.drop);
  return { baseline, importances };
}
