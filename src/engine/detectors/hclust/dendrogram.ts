import type { Linkage } from './linkage';

/** A subtree hanging below the kept merges of a compact dendrogram. */
export interface DendrogramLeaf {
  /** Rows in the subtree. */
  size: number;
  /** Height of the subtree's own top merge; 0 for a single row. */
  height: number;
  /** The flat cluster of its rows, or -1 when they belong to several. */
  cluster: number;
}

/** One kept merge: ids below `leaves.length` are leaves, `leaves.length + j` is merge j. */
export interface DendrogramMerge {
  left: number;
  right: number;
  height: number;
  size: number;
}

/**
 * The top of a merge tree as plain JSON (scipy's `truncate_mode='lastp'`): the highest merges, lowest
 * first, over the subtrees below them, and the height where the tree was cut into flat clusters.
 */
export interface CompactDendrogram {
  leaves: DendrogramLeaf[];
  merges: DendrogramMerge[];
  cutHeight: number;
}

/**
 * Keeps the top `maxMerges` merges of a tree (all of them when there are fewer); `labels` gives each
 * row's flat cluster so leaves can be coloured by cluster.
 */
export function compactDendrogram(
  tree: Linkage,
  labels: ArrayLike<number>,
  maxMerges: number,
  cutHeight: number,
): CompactDendrogram {
  const n = tree.n;
  const m = tree.height.length;
  const keep = Math.min(m, Math.max(0, Math.floor(maxMerges)));
  const first = m - keep;
  // The cluster of every node's rows (-1 when mixed), bottom up.
  const cluster = new Int32Array(n + m);
  for (let i = 0; i < n; i++) cluster[i] = labels[i];
  for (let k = 0; k < m; k++) {
    const a = cluster[tree.left[k]];
    cluster[n + k] = a === cluster[tree.right[k]] ? a : -1;
  }
  const leafId = new Map<number, number>();
  const leafNodes: number[] = [];
  for (let k = first; k < m; k++) {
    for (const child of [tree.left[k], tree.right[k]]) if (child < n + first) leafNodes.push(child);
  }
  leafNodes.sort((a, b) => a - b);
  const leaves = leafNodes.map((node, i): DendrogramLeaf => {
    leafId.set(node, i);
    return node < n
      ? { size: 1, height: 0, cluster: cluster[node] }
      : { size: tree.size[node - n], height: tree.height[node - n], cluster: cluster[node] };
  });
  if (keep === 0 && n > 0) {
    const top = n + m - 1;
    leaves.push({ size: n, height: m > 0 ? tree.height[m - 1] : 0, cluster: cluster[top] });
  }
  const L = leaves.length;
  const id = (node: number): number =>
    node < n + first ? (leafId.get(node) as number) : L + node - n - first;
  const merges: DendrogramMerge[] = [];
  for (let k = first; k < m; k++) {
    merges.push({
      left: id(tree.left[k]),
      right: id(tree.right[k]),
      height: tree.height[k],
      size: tree.size[k],
    });
  }
  return { leaves, merges, cutHeight };
}

/** A node of a dendrogram laid out for drawing. */
export interface DendrogramNode {
  /** Same ids as the compact dendrogram: leaves first, then merges. */
  id: number;
  /** Leaves sit at 0, 1, 2... left to right; a merge sits midway between its two children. */
  x: number;
  height: number;
  size: number;
  /** The flat cluster of the node's rows, or -1 when they belong to several. */
  cluster: number;
  /** [left, right] node ids for a merge, [] for a leaf. */
  children: number[];
}

/** What a chart needs to draw a dendrogram. */
export interface DendrogramLayout {
  /** Indexed by id. */
  nodes: DendrogramNode[];
  /** Id of the top node (-1 when there is none). */
  root: number;
  /** Leaf ids from left to right. */
  leafOrder: number[];
  cutHeight: number;
  /** The root's height (the y-axis extent). */
  maxHeight: number;
}

/**
 * Lays out a compact dendrogram as scipy's `dendrogram` does: leaves in the order of a depth-first walk
 * from the root taking left children first, evenly spaced, each merge at the midpoint of its children.
 * Each merge is drawn as a bar at its height from its left child's x to its right child's x, with
 * vertical lines down to each child's height.
 */
export function dendrogramTop(d: CompactDendrogram): DendrogramLayout {
  const L = d.leaves.length;
  const nodes: DendrogramNode[] = d.leaves.map((leaf, i) => ({
    id: i,
    x: 0,
    height: leaf.height,
    size: leaf.size,
    cluster: leaf.cluster,
    children: [],
  }));
  for (let j = 0; j < d.merges.length; j++) {
    const mg = d.merges[j];
    if (!(mg.left >= 0 && mg.left < L + j && mg.right >= 0 && mg.right < L + j)) {
      throw new Error(`dendrogram: merge ${j} refers to a node that does not exist yet`);
    }
    const a = nodes[mg.left].cluster;
    nodes.push({
      id: L + j,
      x: 0,
      height: mg.height,
      size: mg.size,
      cluster: a === nodes[mg.right].cluster ? a : -1,
      children: [mg.left, mg.right],
    });
  }
  const root = nodes.length - 1;
  const leafOrder: number[] = [];
  if (root >= 0) {
    // Iterative walk: a stack of (node, visited) pairs; merges are placed after their children.
    const stack: [number, boolean][] = [[root, false]];
    while (stack.length) {
      const [node, done] = stack.pop() as [number, boolean];
      const c = nodes[node].children;
      if (c.length === 0) {
        nodes[node].x = leafOrder.length;
        leafOrder.push(node);
      } else if (done) {
        nodes[node].x = (nodes[c[0]].x + nodes[c[1]].x) / 2;
      } else {
        stack.push([node, true], [c[1], false], [c[0], false]);
      }
    }
  }
  return {
    nodes,
    root,
    leafOrder,
    cutHeight: d.cutHeight,
    maxHeight: root >= 0 ? nodes[root].height : 0,
  };
}
