/** Shared helpers for the Random Cut Forest tests: hand-built trees, snapshots, invariant checks. */
import { expect } from 'vitest';
import type { RcTree } from '../../../../src/engine/detectors/rcf/tree';
import { readTree } from '../../../../src/engine/detectors/rcf/tree-codec';

/** A tree from pre-order node arrays (cut dimension -1 = leaf holding `leafPoint`, `leafCount` copies). */
export function treeFrom(
  points: readonly (readonly number[])[],
  nodes: { cutDim: number[]; cutValue: number[]; leafPoint: number[]; leafCount: number[] },
  maxLeaves = points.length,
): RcTree {
  const dim = points[0].length;
  const store = Float64Array.from(points.flat());
  const flat = { nodeStart: [0, nodes.cutDim.length], ...nodes };
  return readTree(flat, 0, dim, maxLeaves, store);
}

/** Every live node's fields in pre-order, node slots included: equal snapshots mean identical trees. */
export function snapshot(tree: RcTree): number[] {
  const w = 2 * tree.dim;
  const out: number[] = [tree.root, tree.nodeCount];
  const stack = tree.root >= 0 ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop() as number;
    out.push(n, tree.cutDim[n], tree.cutValue[n], tree.mass[n], tree.point[n], tree.parent[n]);
    out.push(tree.span[n], tree.ratio[n], ...tree.box.subarray(n * w, (n + 1) * w));
    if (tree.cutDim[n] >= 0) stack.push(tree.kids[2 * n + 1], tree.kids[2 * n]);
  }
  return out;
}

/** The leaf of each point index below `node`, with its mass. */
export function leafMasses(tree: RcTree): Map<number, number> {
  const out = new Map<number, number>();
  const stack = tree.root >= 0 ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop() as number;
    if (tree.cutDim[n] < 0) out.set(tree.point[n], tree.mass[n]);
    else stack.push(tree.kids[2 * n], tree.kids[2 * n + 1]);
  }
  return out;
}

/**
 * Checks the tree's invariants: masses add up, boxes are the union of the children's (a leaf's is its
 * point), spans and ratios match, parent links agree, and every cut separates the children's boxes.
 */
export function expectValidTree(tree: RcTree): void {
  const d = tree.dim;
  const box = (n: number, j: number, hi: 0 | 1): number => tree.box[n * 2 * d + 2 * j + hi];
  if (tree.root < 0) return;
  expect(tree.parent[tree.root]).toBe(-1);
  let live = 0;
  const visit = (n: number): void => {
    live++;
    let span = 0;
    for (let j = 0; j < d; j++) span += box(n, j, 1) - box(n, j, 0);
    expect(tree.span[n]).toBe(span);
    if (tree.cutDim[n] < 0) {
      expect(tree.mass[n]).toBeGreaterThanOrEqual(1);
      for (let j = 0; j < d; j++) {
        expect(box(n, j, 0)).toBe(tree.points[tree.point[n] * d + j]);
        expect(box(n, j, 1)).toBe(box(n, j, 0));
      }
      return;
    }
    const l = tree.kids[2 * n];
    const r = tree.kids[2 * n + 1];
    expect(tree.parent[l]).toBe(n);
    expect(tree.parent[r]).toBe(n);
    expect(tree.mass[n]).toBe(tree.mass[l] + tree.mass[r]);
    expect(tree.ratio[l]).toBe(tree.mass[r] / (tree.mass[l] + 1));
    expect(tree.ratio[r]).toBe(tree.mass[l] / (tree.mass[r] + 1));
    const q = tree.cutDim[n];
    expect(box(l, q, 1)).toBeLessThanOrEqual(tree.cutValue[n]);
    expect(box(r, q, 0)).toBeGreaterThan(tree.cutValue[n]);
    for (let j = 0; j < d; j++) {
      expect(box(n, j, 0)).toBe(Math.min(box(l, j, 0), box(r, j, 0)));
      expect(box(n, j, 1)).toBe(Math.max(box(l, j, 1), box(r, j, 1)));
    }
    visit(l);
    visit(r);
  };
  visit(tree.root);
  expect(tree.nodeCount).toBe(live);
}
