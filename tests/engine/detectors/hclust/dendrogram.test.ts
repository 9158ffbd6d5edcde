import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutTree, mergesForClusters } from '../../../../src/engine/detectors/hclust/cut-tree';
import {
  compactDendrogram,
  dendrogramTop,
  type CompactDendrogram,
} from '../../../../src/engine/detectors/hclust/dendrogram';
import { linkage, type Linkage } from '../../../../src/engine/detectors/hclust/linkage';
import { matrixFromRows } from '../../../../src/engine/util/matrix';

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/hclust.json', 'utf8')) as {
  blobs: {
    X: number[][];
    dendrogram: { merges: number; leafSizes: number[]; mergeHeightX: [number, number][] };
  };
};

// Rows 0..4: {0,1} at 1, {2,3} at 1.5, {4,{2,3}} at 2, all at 4.
const tree: Linkage = {
  n: 5,
  left: Int32Array.from([0, 2, 4, 5]),
  right: Int32Array.from([1, 3, 6, 7]),
  height: Float64Array.from([1, 1.5, 2, 4]),
  size: Int32Array.from([2, 2, 3, 5]),
};

describe('compactDendrogram', () => {
  it('keeps the top merges over the subtrees below them (by hand)', () => {
    const flat = cutTree(tree, mergesForClusters(tree, 2)); // clusters {2,3,4} = 0 and {0,1} = 1
    const d = compactDendrogram(tree, flat.labels, 2, flat.height);
    // Subtrees below merges 2 and 3, by original id: row 4, node 5 = {0,1}, node 6 = {2,3}.
    expect(d.leaves).toEqual([
      { size: 1, height: 0, cluster: 0 },
      { size: 2, height: 1, cluster: 1 },
      { size: 2, height: 1.5, cluster: 0 },
    ]);
    expect(d.merges).toEqual([
      { left: 0, right: 2, height: 2, size: 3 },
      { left: 1, right: 3, height: 4, size: 5 },
    ]);
    expect(d.cutHeight).toBe(3);
  });

  it('keeps the whole tree when asked for more merges than it has, and one leaf for none', () => {
    const labels = [0, 0, 0, 0, 0];
    const all = compactDendrogram(tree, labels, 50, 5);
    expect(all.leaves).toEqual(Array.from({ length: 5 }, () => ({ size: 1, height: 0, cluster: 0 })));
    expect(all.merges.map((m) => [m.left, m.right])).toEqual([
      [0, 1],
      [2, 3],
      [4, 6],
      [5, 7],
    ]);
    expect(compactDendrogram(tree, labels, 0, 5)).toEqual({
      leaves: [{ size: 5, height: 4, cluster: 0 }],
      merges: [],
      cutHeight: 5,
    });
  });
});

describe('dendrogramTop', () => {
  it('places leaves left to right and merges midway between their children (by hand)', () => {
    // A chain: 4 = {0,1} at 1, 5 = {2,4} at 2, 6 = {3,5} at 3.
    const d: CompactDendrogram = {
      leaves: [
        { size: 1, height: 0, cluster: 0 },
        { size: 1, height: 0, cluster: 0 },
        { size: 3, height: 0.5, cluster: 0 },
        { size: 2, height: 0.25, cluster: 1 },
      ],
      merges: [
        { left: 0, right: 1, height: 1, size: 2 },
        { left: 2, right: 4, height: 2, size: 5 },
        { left: 3, right: 5, height: 3, size: 7 },
      ],
      cutHeight: 2.5,
    };
    const layout = dendrogramTop(d);
    // Walk from the root, left first: 3 (x 0), then 5 -> 2 (x 1), 4 -> 0 (x 2), 1 (x 3).
    expect(layout.leafOrder).toEqual([3, 2, 0, 1]);
    expect(layout.nodes.map((n) => n.x)).toEqual([2, 3, 1, 0, 2.5, 1.75, 0.875]);
    expect(layout.nodes.map((n) => n.height)).toEqual([0, 0, 0.5, 0.25, 1, 2, 3]);
    expect(layout.nodes.map((n) => n.cluster)).toEqual([0, 0, 0, 1, 0, 0, -1]);
    expect(layout.nodes[6]).toEqual({ id: 6, x: 0.875, height: 3, size: 7, cluster: -1, children: [3, 5] });
    expect(layout.nodes[0].children).toEqual([]);
    expect(layout).toMatchObject({ root: 6, cutHeight: 2.5, maxHeight: 3 });
  });

  it('lays out a single leaf, and refuses a merge of nodes that do not exist yet', () => {
    const one = dendrogramTop({ leaves: [{ size: 1, height: 0, cluster: 0 }], merges: [], cutHeight: 0 });
    expect(one).toMatchObject({ root: 0, leafOrder: [0], maxHeight: 0 });
    expect(one.nodes[0].x).toBe(0);
    expect(() =>
      dendrogramTop({
        leaves: [{ size: 1, height: 0, cluster: 0 }],
        merges: [{ left: 0, right: 1, height: 1, size: 2 }],
        cutHeight: 0,
      }),
    ).toThrow(/merge 0 refers to a node that does not exist yet/);
  });

  it("draws ward's top merges as scipy's dendrogram(truncate_mode='lastp') does (408 x 5)", async () => {
    const t = await linkage(matrixFromRows(golden.blobs.X), 'ward');
    const ref = golden.blobs.dendrogram;
    const flat = cutTree(t, mergesForClusters(t, 6));
    const layout = dendrogramTop(compactDendrogram(t, flat.labels, ref.merges, flat.height));
    expect(layout.leafOrder.map((id) => layout.nodes[id].size)).toEqual(ref.leafSizes);
    const merges = layout.nodes.filter((n) => n.children.length);
    expect(merges.length).toBe(ref.mergeHeightX.length);
    for (const [h, x] of ref.mergeHeightX) {
      const node = merges.find((n) => Math.abs(n.height - h) < 1e-9);
      expect(node, `merge at ${h}`).toBeDefined();
      expect(node?.x).toBeCloseTo(x, 12);
    }
  });
});
