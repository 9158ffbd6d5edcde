import { throwIfAborted } from '../detectors/detector';
import type { Matrix } from '../util/matrix';
import { createRandom } from '../util/random';
import { excessMassCurve, type ExcessMassOptions } from './excess-mass';
import { massVolumeCurve, type MassVolumeOptions } from './mass-volume';

/** For the page: what the label-free criteria measure, in plain words. */
export const EM_MV_EXPLANATION =
  'Without labels, a model is judged by the shape of what it calls normal. Random points are thrown ' +
  "evenly into the box spanned by the validation rows, and the model's scores of rows and points are " +
  'compared: a good model calls normal a small region that still holds most rows. Excess mass (higher ' +
  'is better) rewards normal regions that hold many rows for their size; mass volume (lower is better) ' +
  'is the size of the normal region needed to hold 90% to 99.9% of the rows. With many features the ' +
  'criteria are averaged over random groups of a few features, the model refitted on each (Goix 2016). ' +
  'They judge how tightly the model wraps the data, not whether it flags the incidents you care about: ' +
  'label a few anomalies to tune on PR-AUC instead when you can.';

export interface EmMvOptions extends ExcessMassOptions, MassVolumeOptions {
  /** Features per draw, d' (default 5); with this many or fewer, one draw over every feature. */
  maxFeatures?: number;
  /** Feature groups drawn and averaged over when there are more features, m (default 50). */
  draws?: number;
  /** Uniform points per draw for the Monte-Carlo volumes (default 100,000). */
  uniformPoints?: number;
  /** Seeds the feature groups and the uniform points: keep it fixed across the trials of a search. */
  seed?: number;
  signal?: AbortSignal;
}

/**
 * Fits the model under evaluation on the training rows restricted to some features (`features`, in
 * column order, are the columns of `train`) and returns its scorer (higher = more anomalous).
 */
export type FitScorer = (train: Matrix, features: readonly number[]) => Promise<(X: Matrix) => Float64Array>;

export interface EmMvDraw {
  features: number[];
  /** Volume of the validation rows' bounding box on these features. */
  volume: number;
  em: number;
  mv: number;
  /** Whether the EM curve fell to its stopping level on the grid. */
  emReached: boolean;
}

export interface EmMvResult {
  /** Mean area under the excess-mass curves: higher is better. */
  em: number;
  /** Mean area under the mass-volume curves: lower is better. */
  mv: number;
  draws: EmMvDraw[];
  /** Features left out because they are constant on the evaluation rows (their box has no volume). */
  constant: number[];
}

/** The columns `features` of a matrix, as a new matrix. */
export function selectColumns(X: Matrix, features: readonly number[]): Matrix {
  const c = features.length;
  const data = new Float64Array(X.rows * c);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < c; j++) data[i * c + j] = X.data[i * X.cols + features[j]];
  }
  return { data, rows: X.rows, cols: c };
}

/**
 * The feature groups of the criterion: every non-constant feature at once when there are at most
 * `maxFeatures`, else `draws` groups of `maxFeatures` drawn uniformly without replacement (sorted).
 */
export function emMvFeatureGroups(
  evaluation: Matrix,
  options: Pick<EmMvOptions, 'maxFeatures' | 'draws' | 'seed'> = {},
): { groups: number[][]; constant: number[] } {
  const { maxFeatures = 5, draws = 50, seed = 0 } = options;
  const varying: number[] = [];
  const constant: number[] = [];
  for (let j = 0; j < evaluation.cols; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < evaluation.rows; i++) {
      const v = evaluation.data[i * evaluation.cols + j];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    (hi > lo ? varying : constant).push(j);
  }
  if (varying.length === 0) throw new Error('excess mass: every feature is constant on the evaluation rows');
  if (varying.length <= maxFeatures) return { groups: [varying], constant };
  const rng = createRandom(seed);
  const groups: number[][] = [];
  for (let k = 0; k < draws; k++) {
    const pool = [...varying];
    for (let c = 0; c < maxFeatures; c++) {
      const pick = c + rng.int(pool.length - c);
      [pool[c], pool[pick]] = [pool[pick], pool[c]];
    }
    groups.push(pool.slice(0, maxFeatures).sort((a, b) => a - b));
  }
  return { groups, constant };
}

/**
 * The label-free criteria of Goix (2016), "How to evaluate the quality of unsupervised anomaly detection
 * algorithms?": for each feature group, the model is fitted on the training rows (those features only),
 * `uniformPoints` points are drawn uniformly in the evaluation rows' bounding box, and the areas under
 * the excess-mass curve (t from 0 to where EM falls to 0.9) and the mass-volume curve (alpha in
 * [0.9, 0.999]) are computed from the scores of rows and points; the criteria are their means over
 * groups. Seeded: the groups and points depend only on `seed` and the evaluation rows, so every trial of
 * a search is judged on the same draws.
 */
export async function emMvCriteria(
  train: Matrix,
  evaluation: Matrix,
  fit: FitScorer,
  options: EmMvOptions = {},
): Promise<EmMvResult> {
  if (train.cols !== evaluation.cols) {
    throw new Error(`excess mass: ${train.cols} training columns but ${evaluation.cols} evaluation columns`);
  }
  if (evaluation.rows < 2) throw new Error('excess mass: needs at least 2 evaluation rows');
  const points = options.uniformPoints ?? 100_000;
  const { groups, constant } = emMvFeatureGroups(evaluation, options);
  const seeds = createRandom((options.seed ?? 0) ^ 0x5bd1e995);
  const draws: EmMvDraw[] = [];
  for (const features of groups) {
    throwIfAborted(options.signal);
    const rng = seeds.fork();
    const X = selectColumns(evaluation, features);
    const d = features.length;
    const lo = new Float64Array(d).fill(Infinity);
    const hi = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < d; j++) {
        const v = X.data[i * d + j];
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
    let volume = 1;
    for (let j = 0; j < d; j++) volume *= hi[j] - lo[j];
    const U = new Float64Array(points * d);
    for (let i = 0; i < points; i++) for (let j = 0; j < d; j++) U[i * d + j] = rng.uniform(lo[j], hi[j]);
    const score = await fit(
      features.length === train.cols ? train : selectColumns(train, features),
      features,
    );
    const sX = score(X);
    const sU = score({ data: U, rows: points, cols: d });
    const em = excessMassCurve(sX, sU, volume, options);
    const mv = massVolumeCurve(sX, sU, volume, options);
    draws.push({ features, volume, em: em.auc, mv: mv.auc, emReached: em.reached });
  }
  const mean = (f: (d: EmMvDraw) => number): number => draws.reduce((s, d) => s + f(d), 0) / draws.length;
  return { em: mean((d) => d.em), mv: mean((d) => d.mv), draws, constant };
}
