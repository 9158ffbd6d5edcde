import { kmeansSweep, type KSweep } from '../detectors/kmeans/choose-k';
import { lloyd, scaledTolerance } from '../detectors/kmeans/lloyd';
import { kmeansPlusPlus } from '../detectors/kmeans/plus-plus';
import { compactDendrogram, dendrogramTop, type DendrogramLayout } from '../detectors/hclust/dendrogram';
import { linkage } from '../detectors/hclust/linkage';
import { behaviourPca } from '../risk/behaviour-pca';
import { createRandom } from '../util/random';
import type { Matrix } from '../util/matrix';

/** One behaviour cluster of the scored rows. */
export interface BehaviourCluster {
  /** 0 = the largest cluster. */
  index: number;
  size: number;
  /** Share of the cluster's rows that alert, and their mean score. */
  alertShare: number;
  meanScore: number;
}

/** Clusters of the scored rows' behaviour: how good the clustering is, where the alerts fall. */
export interface BehaviourClusters {
  /** Rows clustered (an evenly spaced sample of the part). */
  rows: number;
  sweep: KSweep;
  /** The k used: the best mean silhouette of the sweep. */
  k: number;
  clusters: BehaviourCluster[];
  /** Per sampled row: its cluster, alert and PCA coordinates (null coordinates when there is no PCA). */
  points: { cluster: number[]; alert: number[]; x: number[] | null; y: number[] | null };
  explained: [number, number] | null;
  pcaAbsent: string | null;
  /** [cluster][metric]: mean robust z of each source metric against its training level; NaN = none. */
  intensity: { metrics: string[]; z: number[][] };
  /** Ward dendrogram of the sampled rows (its top merges), leaves coloured by k-means cluster. */
  dendrogram: DendrogramLayout;
}

export interface BehaviourClusterOptions {
  seed?: number;
  ks?: readonly number[];
  /** Merges kept at the top of the dendrogram (default 40). */
  maxMerges?: number;
}

/**
 * Clusters scored rows by their prepared features with k-means, k chosen by mean silhouette over `ks`
 * (the elbow of the inertia is reported too), and describes the clusters where labels cannot: each
 * cluster's size, alert share and mean score, the metrics' intensity (mean robust z) per cluster, a PCA
 * projection and a Ward dendrogram of the same rows. A cluster that alerts far more than the others is
 * a behaviour the model treats as anomalous; its intensity row says which metrics make it so.
 *
 * @param X - n x d prepared (scaled) features of the rows; n at most a few thousand (silhouette and Ward
 *   are quadratic in n).
 * @param metricZ - per source metric, n robust z-scores of the raw values against their training level.
 */
export async function behaviourClusters(
  X: Matrix,
  metrics: readonly string[],
  metricZ: readonly ArrayLike<number>[],
  scores: ArrayLike<number>,
  alerts: ArrayLike<number>,
  options: BehaviourClusterOptions = {},
): Promise<BehaviourClusters> {
  const n = X.rows;
  const d = X.cols;
  if (n < 4) throw new Error(`behaviour clusters need at least 4 rows, got ${n}`);
  const seed = options.seed ?? 0;
  const ks = (options.ks ?? [2, 3, 4, 5, 6, 7, 8]).filter((k) => k < n);
  const sweep = await kmeansSweep(X, { seed, ks, nInit: 3, maxSamples: n, silhouetteSamples: n });
  const k = sweep.silhouetteK;
  const rng = createRandom(seed + 1);
  const tolerance = scaledTolerance(X.data, n, d, 1e-4);
  let best: ReturnType<typeof lloyd> | null = null;
  for (let r = 0; r < 4; r++) {
    const run = lloyd(X.data, n, d, kmeansPlusPlus(X.data, n, d, k, rng), k, 300, tolerance);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const fit = best as ReturnType<typeof lloyd>;
  // Clusters named by size, largest first, so the usual behaviour is cluster 0.
  const bySize = Array.from({ length: k }, (_, c) => c).sort((a, b) => fit.sizes[b] - fit.sizes[a] || a - b);
  const rename = new Int32Array(k);
  bySize.forEach((c, i) => (rename[c] = i));
  const labels = Int32Array.from(fit.labels, (c) => rename[c]);

  const clusters: BehaviourCluster[] = Array.from({ length: k }, (_, index) => ({
    index,
    size: 0,
    alertShare: 0,
    meanScore: 0,
  }));
  for (let i = 0; i < n; i++) {
    const c = clusters[labels[i]];
    c.size++;
    c.alertShare += alerts[i] === 1 ? 1 : 0;
    c.meanScore += scores[i];
  }
  for (const c of clusters) {
    c.alertShare = c.size ? c.alertShare / c.size : 0;
    c.meanScore = c.size ? c.meanScore / c.size : NaN;
  }
  const z = clusters.map((c) =>
    metricZ.map((col) => {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (labels[i] === c.index && Number.isFinite(col[i])) {
          sum += col[i];
          count++;
        }
      }
      return count ? sum / count : NaN;
    }),
  );

  const pca = behaviourPca(X.data, n, d, new Float64Array(d).fill(1), 'rows');
  const tree = await linkage(X, 'ward');
  const merges = tree.height.length;
  const cutHeight =
    k > 1 && merges >= k ? (tree.height[merges - k] + tree.height[merges - k + 1]) / 2 : Number.NaN;
  const dendrogram = dendrogramTop(compactDendrogram(tree, labels, options.maxMerges ?? 40, cutHeight));
  return {
    rows: n,
    sweep,
    k,
    clusters,
    points: {
      cluster: Array.from(labels),
      alert: Array.from({ length: n }, (_, i) => (alerts[i] === 1 ? 1 : 0)),
      x: pca.x ? Array.from(pca.x) : null,
      y: pca.y ? Array.from(pca.y) : null,
    },
    explained: pca.explained,
    pcaAbsent: pca.absent,
    intensity: { metrics: [...metrics], z },
    dendrogram,
  };
}
