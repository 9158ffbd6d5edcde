import type { BehaviourFeature } from './behaviour';

/**
 * Metric names that measure spare capacity (`cpu_idle`, `mem_free`, `disk_available`): more of them
 * means less load, so they count negatively.
 */
export const SPARE_CAPACITY = /idle|free|avail/i;

/** +1 when more of a metric means more load, -1 for spare-capacity metrics ({@link SPARE_CAPACITY}). */
export function loadDirection(metric: string): 1 | -1 {
  return SPARE_CAPACITY.test(metric) ? -1 : 1;
}

/**
 * The direction of one behaviour feature: the metric's for its median and peak, +1 for the hot share,
 * which already counts time on the loaded side (below the fleet's 10th percentile for spare capacity).
 */
export function featureDirection(feature: BehaviourFeature): 1 | -1 {
  return feature.stat === 'hotShare' ? 1 : loadDirection(feature.metric);
}

/**
 * The weight of each behaviour feature in the load score: its {@link featureDirection} divided by the
 * number of counted features, so the score is the mean signed robust z over the load metrics'
 * summaries. Every metric counts by default; with `loadMetrics`, only those (the others weigh 0).
 *
 * @throws Error when no feature counts (no load metric among the features)
 */
export function loadWeights(
  features: readonly BehaviourFeature[],
  loadMetrics?: readonly string[],
): Float64Array {
  const counted = (f: BehaviourFeature): boolean => !loadMetrics || loadMetrics.includes(f.metric);
  const n = features.filter(counted).length;
  if (n === 0) {
    throw new Error(
      `risk clusters: none of the load metrics (${(loadMetrics ?? []).join(', ')}) is among the chosen metrics`,
    );
  }
  return Float64Array.from(features, (f) => (counted(f) ? featureDirection(f) / n : 0));
}

/** The load of row `i` of a row-major matrix of width `weights.length`: its weighted sum. */
export function loadScore(Z: Float64Array, i: number, weights: Float64Array): number {
  const d = weights.length;
  let s = 0;
  for (let f = 0; f < d; f++) s += Z[i * d + f] * weights[f];
  return s;
}

/** {@link loadScore} of every row. */
export function loadScores(Z: Float64Array, n: number, weights: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = loadScore(Z, i, weights);
  return out;
}
