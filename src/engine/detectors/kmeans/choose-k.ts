import type { Matrix } from '../../util/matrix';
import { createRandom } from '../../util/random';
import { throwIfAborted, yieldToEventLoop, type FitOptions } from '../detector';
import { kneeIndex } from '../cluster/knee';
import { lloyd, scaledTolerance } from './lloyd';
import { kmeansPlusPlus, squaredDistance } from './plus-plus';

/** One k of the sweep: the clustering's inertia and mean silhouette. */
export interface KSweepPoint {
  k: number;
  inertia: number;
  /** Mean silhouette of the silhouette sample, in [-1, 1]. */
  silhouette: number;
}

export interface KSweep {
  points: KSweepPoint[];
  /** The k at the elbow of the inertia curve (the point farthest from its chord). */
  elbowK: number;
  /** The k with the highest mean silhouette. */
  silhouetteK: number;
  /** Rows clustered, and rows the silhouette was measured on (it is quadratic in rows). */
  fittedRows: number;
  silhouetteRows: number;
}

export interface KSweepOptions extends FitOptions {
  ks?: readonly number[];
  seed?: number;
  nInit?: number;
  maxSamples?: number;
  silhouetteSamples?: number;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) of labelled rows, as scikit-learn's `silhouette_score`
 * with the Euclidean metric: a row in a cluster of its own scores 0.
 */
export function meanSilhouette(X: Float64Array, n: number, d: number, labels: Int32Array, k: number): number {
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]] += Math.sqrt(squaredDistance(X, i, X, j, d));
    const own = labels[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return n ? total / n : 0;
}

/**
 * Clusters the rows for each k and reports inertia (for the elbow method) and mean silhouette (on a
 * seeded sample of at most `silhouetteSamples` rows), so a user can choose KMeans' k from both charts.
 */
export async function kmeansSweep(X: Matrix, options: KSweepOptions = {}): Promise<KSweep> {
  const ks = options.ks ?? [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16];
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 2;
  const d = X.cols;
  const take = Math.min(X.rows, options.maxSamples ?? 20_000);
  if (take < 3) throw new Error(`kmeansSweep: need at least 3 rows, got ${X.rows}`);
  const data = new Float64Array(take * d);
  for (let s = 0; s < take; s++) {
    const i = Math.floor((s * X.rows) / take);
    data.set(X.data.subarray(i * d, (i + 1) * d), s * d);
  }
  const usable = ks.filter((k) => Number.isInteger(k) && k >= 2 && k < take);
  if (!usable.length) throw new Error(`kmeansSweep: no k in [2, ${take - 1}] to try`);
  const rng = createRandom(seed);
  const m = Math.min(take, options.silhouetteSamples ?? 2_000);
  const pick = new Int32Array(take).map((_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(take - i);
    [pick[i], pick[j]] = [pick[j], pick[i]];
  }
  const sample = new Float64Array(m * d);
  for (let s = 0; s < m; s++) sample.set(data.subarray(pick[s] * d, (pick[s] + 1) * d), s * d);
  const tolerance = scaledTolerance(data, take, d, 1e-4);
  const points: KSweepPoint[] = [];
  for (const [step, k] of usable.entries()) {
    throwIfAborted(options.signal);
    let best: ReturnType<typeof lloyd> | null = null;
    for (let r = 0; r < nInit; r++) {
      const run = lloyd(data, take, d, kmeansPlusPlus(data, take, d, k, rng), k, 300, tolerance);
      if (!best || run.inertia < best.inertia) best = run;
    }
    const kept = best as ReturnType<typeof lloyd>;
    const labels = Int32Array.from({ length: m }, (_, s) => kept.labels[pick[s]]);
    points.push({ k, inertia: kept.inertia, silhouette: meanSilhouette(sample, m, d, labels, k) });
    options.onProgress?.((step + 1) / usable.length);
    await yieldToEventLoop();
  }
  const reversed = points.map((p) => p.inertia).reverse();
  const elbowK = points[points.length - 1 - kneeIndex(reversed)].k;
  const silhouetteK = points.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)).k;
  return { points, elbowK, silhouetteK, fittedRows: take, silhouetteRows: m };
}
