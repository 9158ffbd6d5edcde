import type { Linkage } from './linkage';

/** Flat clusters from a merge tree. */
export interface FlatClusters {
  /** Each row's cluster, 0 = the largest (ties: the one holding the lowest row index). */
  labels: Int32Array;
  /** Rows per cluster, non-increasing. */
  sizes: number[];
  /** How many of the lowest merges were applied (n - number of clusters). */
  merges: number;
  /** A height between the last applied merge and the first one left out, for drawing the cut. */
  height: number;
}

/**
 * Cuts a tree into flat clusters by applying its lowest `merges` merges: `n - k` of them gives k
 * clusters (scipy's `fcluster(Z, k, 'maxclust')` when no two heights tie at the cut), and the merges
 * of height <= t give `fcluster(Z, t, 'distance')`; see `mergesForClusters` and `mergesUpToHeight`.
 */
export function cutTree(tree: Linkage, merges: number): FlatClusters {
  const n = tree.n;
  const m = tree.height.length;
  if (!Number.isInteger(merges) || merges < 0 || merges > m) {
    throw new Error(`cutTree: merges must be an integer in [0, ${m}], got ${merges}`);
  }
  // Every row's cluster is the highest applied merge above it: walk the applied merges top down.
  const root = new Int32Array(n + m);
  for (let i = 0; i < n + m; i++) root[i] = i;
  for (let k = merges - 1; k >= 0; k--) {
    const id = n + k;
    root[tree.left[k]] = root[id];
    root[tree.right[k]] = root[id];
  }
  const count = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = root[i];
    count.set(r, (count.get(r) ?? 0) + 1);
    if (!first.has(r)) first.set(r, i);
  }
  const roots = [...count.keys()].sort(
    (a, b) =>
      (count.get(b) as number) - (count.get(a) as number) ||
      (first.get(a) as number) - (first.get(b) as number),
  );
  const label = new Map(roots.map((r, c) => [r, c]));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = label.get(root[i]) as number;
  let height = 0;
  if (m > 0) {
    if (merges === 0) height = tree.height[0] / 2;
    else if (merges === m) height = tree.height[m - 1];
    else height = (tree.height[merges - 1] + tree.height[merges]) / 2;
  }
  return { labels, sizes: roots.map((r) => count.get(r) as number), merges, height };
}

/** The number of merges to apply for k clusters (at most the number of rows). */
export function mergesForClusters(tree: Linkage, k: number): number {
  return tree.n - Math.min(Math.max(k, 1), tree.n);
}

/** The number of merges at or below height t (heights are sorted). */
export function mergesUpToHeight(tree: Linkage, t: number): number {
  let lo = 0;
  let hi = tree.height.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tree.height[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
