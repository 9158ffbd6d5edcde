import { lloyd, scaledTolerance, type LloydResult } from '../detectors/kmeans/lloyd';
import { kmeansPlusPlus } from '../detectors/kmeans/plus-plus';
import { createRandom } from '../util/random';
import { loadScore } from './load-score';

/** The risk levels, from the least loaded cluster to the most loaded. */
export const RISK_NAMES = ['Idle', 'Normal', 'High Load', 'Critical'] as const;

export type RiskName = (typeof RISK_NAMES)[number];

/** The most clusters: one per risk name. */
export const MAX_RISK_CLUSTERS = RISK_NAMES.length;

/**
 * The names of k clusters by ascending load. Four clusters use all four names. Fewer clusters (a fleet
 * of fewer than four distinct instances) drop the extremes a small fleet cannot establish: Critical
 * first (3: Idle, Normal, High Load), then Idle (2: Normal, High Load; 1: Normal).
 */
export function riskNames(k: number): RiskName[] {
  if (!Number.isInteger(k) || k < 0 || k > MAX_RISK_CLUSTERS) {
    throw new Error(`risk clusters: k must be an integer in [0, ${MAX_RISK_CLUSTERS}], got ${k}`);
  }
  switch (k) {
    case 0:
      return [];
    case 1:
      return ['Normal'];
    case 2:
      return ['Normal', 'High Load'];
    case 3:
      return ['Idle', 'Normal', 'High Load'];
    default:
      return [...RISK_NAMES];
  }
}

export interface RiskClusterOptions {
  /** Seed of the k-means++ starts. */
  seed: number;
  /** Seeded k-means++ starts; the one of least inertia wins (default 10, as scikit-learn). */
  nInit?: number;
  /** Lloyd iterations per start (default 300). */
  maxIterations?: number;
  /** Relative tolerance on the centres' shift, scaled by the mean feature variance (default 1e-4). */
  tol?: number;
}

/** Clusters ordered by ascending load: cluster 0 is the least loaded. */
export interface RiskClustering {
  k: number;
  /** Each row's cluster (0..k-1, by ascending load). */
  labels: Int32Array;
  /** k x d centroids in the standardised space. */
  centres: Float64Array;
  sizes: number[];
  /** Each centroid's load ({@link loadScore} with the given weights). */
  loads: number[];
  names: RiskName[];
  inertia: number;
}

/** How many distinct rows a row-major matrix has (k-means cannot make more clusters than that). */
export function distinctRows(X: Float64Array, n: number, d: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) seen.add(Array.from(X.subarray(i * d, (i + 1) * d)).join(','));
  return seen.size;
}

/**
 * Clusters behaviour vectors with k-means (k-means++ starts, Lloyd iterations, scikit-learn's stopping
 * rule) into k = min(4, distinct rows) clusters and names them by their centroids' load, lowest first
 * ({@link riskNames}). Equal loads keep k-means' order, so the result depends on the seed only.
 *
 * @param Z n x d standardised behaviour vectors (finite), row-major
 * @param weights the load weight of each feature ({@link loadWeights})
 */
export function riskClusters(
  Z: Float64Array,
  n: number,
  d: number,
  weights: Float64Array,
  options: RiskClusterOptions,
): RiskClustering {
  const nInit = options.nInit ?? 10;
  const maxIterations = options.maxIterations ?? 300;
  const tol = options.tol ?? 1e-4;
  if (!Number.isFinite(options.seed))
    throw new Error(`risk clusters: 'seed' must be finite, got ${options.seed}`);
  if (!Number.isInteger(nInit) || nInit < 1)
    throw new Error(`risk clusters: 'nInit' must be >= 1, got ${nInit}`);
  if (weights.length !== d)
    throw new Error(`risk clusters: ${weights.length} load weights for ${d} features`);
  for (let i = 0; i < n * d; i++) {
    if (!Number.isFinite(Z[i])) {
      throw new Error(`risk clusters: behaviour row ${Math.floor(i / d)}, feature ${i % d} is not finite`);
    }
  }
  const k = Math.min(MAX_RISK_CLUSTERS, n === 0 ? 0 : distinctRows(Z, n, d));
  if (k === 0) {
    return {
      k,
      labels: new Int32Array(0),
      centres: new Float64Array(0),
      sizes: [],
      loads: [],
      names: [],
      inertia: 0,
    };
  }
  const rng = createRandom(options.seed);
  const tolerance = scaledTolerance(Z, n, d, tol);
  let best: LloydResult | null = null;
  for (let r = 0; r < nInit; r++) {
    const start = kmeansPlusPlus(Z, n, d, k, rng.fork());
    const run = lloyd(Z, n, d, start, k, maxIterations, tolerance);
    if (best === null || run.inertia < best.inertia) best = run;
  }
  const fit = best as LloydResult;
  // Values that differ by less than a squared distance can hold (1e-320 apart) leave a cluster empty:
  // it is dropped, so every named cluster has members.
  const rawLoads = Array.from({ length: k }, (_, c) => loadScore(fit.centres, c, weights));
  const order = rawLoads
    .map((_, c) => c)
    .filter((c) => fit.sizes[c] > 0)
    .sort((a, b) => rawLoads[a] - rawLoads[b] || a - b);
  const kept = order.length;
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  const centres = new Float64Array(kept * d);
  order.forEach((c, r) => centres.set(fit.centres.subarray(c * d, (c + 1) * d), r * d));
  const labels = Int32Array.from(fit.labels, (c) => rank[c]);
  return {
    k: kept,
    labels,
    centres,
    sizes: order.map((c) => fit.sizes[c]),
    loads: order.map((c) => rawLoads[c]),
    names: riskNames(kept),
    inertia: fit.inertia,
  };
}
