import { RCF_TYPE } from './params';
import { RcTree } from './tree';

/** Copies of one point a stored tree may hold (far above any sampleSize; `expectedCoDisp` needs < 2^26). */
const MAX_LEAF_COUNT = 1_000_000;

/** Flat pre-order node arrays of several trees (the tree part of `RcfState`). */
export interface FlatTrees {
  nodeStart: number[];
  cutDim: number[];
  cutValue: number[];
  leafPoint: number[];
  leafCount: number[];
}

/**
 * Appends a tree's nodes in pre-order, mapping each leaf's store index through `pointId`, and closes the
 * tree's range in `nodeStart` (which must start as [0]).
 */
export function appendTree(tree: RcTree, flat: FlatTrees, pointId: (pi: number) => number): void {
  const stack: number[] = tree.root >= 0 ? [tree.root] : [];
  while (stack.length) {
    const node = stack.pop() as number;
    const q = tree.cutDimOf(node);
    flat.cutDim.push(q);
    if (q < 0) {
      flat.cutValue.push(0);
      flat.leafPoint.push(pointId(tree.pointOf(node)));
      flat.leafCount.push(tree.massOf(node));
    } else {
      flat.cutValue.push(tree.cutValueOf(node));
      flat.leafPoint.push(-1);
      flat.leafCount.push(0);
      stack.push(tree.kid(node, 1), tree.kid(node, 0));
    }
  }
  flat.nodeStart.push(flat.cutDim.length);
}

/**
 * Rebuilds tree t of `flat` over the point store `points` (`dim` wide), with room for `maxLeaves`
 * distinct points (at least the leaves it has); masses, boxes and spans are recomputed bottom-up.
 * Throws on a malformed node sequence.
 */
export function readTree(
  flat: FlatTrees,
  t: number,
  dim: number,
  maxLeaves: number,
  points: Float64Array,
): RcTree {
  const start = flat.nodeStart[t];
  const end = flat.nodeStart[t + 1];
  const nPoints = points.length / dim;
  let leaves = 0;
  for (let k = start; k < end; k++) if (flat.cutDim[k] < 0) leaves++;
  const bad = (why: string): never => {
    throw new Error(`${RCF_TYPE}: invalid fitted state: tree ${t}: ${why}`);
  };
  if (end > start && 2 * leaves - 1 !== end - start) bad('not a binary tree');
  const tree = new RcTree(dim, Math.max(maxLeaves, leaves, 1), points);
  if (end === start) return tree;
  let k = start;
  const parse = (parent: number): number => {
    if (k >= end) bad('node sequence ends early');
    const q = flat.cutDim[k];
    if (q === -1) {
      const pi = flat.leafPoint[k];
      const count = flat.leafCount[k];
      if (!Number.isInteger(pi) || pi < 0 || pi >= nPoints) bad(`leaf point ${pi}`);
      if (!Number.isInteger(count) || count < 1 || count > MAX_LEAF_COUNT) bad(`leaf count ${count}`);
      k++;
      const leaf = tree.allocLeaf();
      tree.setLeaf(leaf, pi, count, parent);
      return leaf;
    }
    if (!Number.isInteger(q) || q < 0 || q >= dim) bad(`cut dimension ${q}`);
    const node = tree.allocBranch();
    tree.setCut(node, q, flat.cutValue[k], parent);
    k++;
    const left = parse(node);
    tree.setKids(node, left, parse(node));
    return node;
  };
  tree.root = parse(-1);
  if (k !== end) bad('trailing nodes');
  return tree;
}
