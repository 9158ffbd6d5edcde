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
  const out: number[] = [tree.root, tree.nodeCount];
  const stack = tree.root >= 0 ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop() as number;
    out.push(n, tree.cutDimOf(n), tree.cutValueOf(n), tree.massOf(n), tree.pointOf(n), tree.parentOf(n));
    out.push(tree.spanOf(n), tree.ratioOf(n));
    for (let j = 0; j < tree.dim; j++) out.push(tree.boxEnd(n, j, 0), tree.boxEnd(n, j, 1));
    if (tree.cutDimOf(n) >= 0) stack.push(tree.kid(n, 1), tree.kid(n, 0));
  }
  return out;
}

/** The leaf of each point index below `node`, with its mass. */
export function leafMasses(tree: RcTree): Map<number, number> {
  const out = new Map<number, number>();
  const stack = tree.root >= 0 ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop() as number;
    if (tree.cutDimOf(n) < 0) out.set(tree.pointOf(n), tree.massOf(n));
    else stack.push(tree.kid(n, 0), tree.kid(n, 1));
  }
  return out;
}

/**
 * Checks the tree's invariants: masses add up, boxes are the union of the children's (a leaf's is its
 * point), spans and ratios match, parent links agree, and every cut separates the children's boxes.
 */
export function expectValidTree(tree: RcTree): void {
  const d = tree.dim;
  const box = (n: number, j: number, hi: 0 | 1): number => tree.boxEnd(n, j, hi);
  if (tree.root < 0) return;
  expect(tree.parentOf(tree.root)).toBe(-1);
  let live = 0;
  const visit = (n: number): void => {
    live++;
    let span = 0;
    for (let j = 0; j < d; j++) span += box(n, j, 1) - box(n, j, 0);
    expect(tree.spanOf(n)).toBe(span);
    if (tree.cutDimOf(n) < 0) {
      expect(tree.massOf(n)).toBeGreaterThanOrEqual(1);
      expect(tree.kid(n, 0)).toBe(-1);
      expect(tree.kid(n, 1)).toBe(-1);
      for (let j = 0; j < d; j++) {
        expect(box(n, j, 0)).toBe(tree.points[tree.pointOf(n) * d + j]);
        expect(box(n, j, 1)).toBe(box(n, j, 0));
      }
      return;
    }
    const l = tree.kid(n, 0);
    const r = tree.kid(n, 1);
    expect(tree.pointOf(n)).toBe(-1);
    expect(tree.parentOf(l)).toBe(n);
    expect(tree.parentOf(r)).toBe(n);
    expect(tree.massOf(n)).toBe(tree.massOf(l) + tree.massOf(r));
    expect(tree.ratioOf(l)).toBe(tree.massOf(r) / (tree.massOf(l) + 1));
    expect(tree.ratioOf(r)).toBe(tree.massOf(l) / (tree.massOf(r) + 1));
    const q = tree.cutDimOf(n);
    expect(box(l, q, 1)).toBeLessThanOrEqual(tree.cutValueOf(n));
    expect(box(r, q, 0)).toBeGreaterThan(tree.cutValueOf(n));
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
