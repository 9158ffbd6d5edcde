import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cutTree,
  mergesForClusters,
  mergesUpToHeight,
} from '../../../../src/engine/detectors/hclust/cut-tree';
import {
  linkage,
  LINKAGE_METHODS,
  type Linkage,
  type LinkageMethod,
} from '../../../../src/engine/detectors/hclust/linkage';
import { adjustedRand } from '../../../../src/engine/metrics/adjusted-rand';
import { matrixFromRows } from '../../../../src/engine/util/matrix';

interface Golden {
  small: { X: number[][]; Z: Record<LinkageMethod, number[][]> };
  blobs: { X: number[][]; k: number; labels: Record<LinkageMethod, number[]> };
}
const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/hclust.json', 'utf8')) as Golden;

describe('linkage against scipy 1.10 scipy.cluster.hierarchy.linkage', () => {
  it.each(LINKAGE_METHODS)('%s: same merges, sizes, and heights to 1e-9 (24 x 3)', async (method) => {
    const tree = await linkage(matrixFromRows(golden.small.X), method);
    const Z = golden.small.Z[method];
    expect(tree.height.length).toBe(Z.length);
    let worst = 0;
    Z.forEach(([a, b, h, size], k) => {
      expect([tree.left[k], tree.right[k], tree.size[k]], `merge ${k}`).toEqual([a, b, size]);
      worst = Math.max(worst, Math.abs(tree.height[k] - h));
    });
    expect(worst).toBeLessThan(1e-9);
  });

  it.each(LINKAGE_METHODS)(
    '%s: cut into k agrees with fcluster(maxclust=k) (408 x 5, ARI >= 0.95)',
    async (method) => {
      const tree = await linkage(matrixFromRows(golden.blobs.X), method);
      const flat = cutTree(tree, mergesForClusters(tree, golden.blobs.k));
      expect(flat.sizes.length).toBe(golden.blobs.k);
      // The merges are scipy's, so the partition is expected to be identical; 0.95 is the stated floor.
      const ari = adjustedRand(flat.labels, golden.blobs.labels[method]);
      expect(ari).toBeGreaterThanOrEqual(0.95);
      expect(ari).toBe(1);
    },
  );
});

describe('cutTree', () => {
  // Rows 0..4: {0,1} at 1, {2,3} at 1.5, {4,{2,3}} at 2, all at 4.
  const tree: Linkage = {
    n: 5,
    left: Int32Array.from([0, 2, 4, 5]),
    right: Int32Array.from([1, 3, 6, 7]),
    height: Float64Array.from([1, 1.5, 2, 4]),
    size: Int32Array.from([2, 2, 3, 5]),
  };

  it('labels clusters largest first and places the cut between merges (by hand)', () => {
    const two = cutTree(tree, mergesForClusters(tree, 2));
    expect(Array.from(two.labels)).toEqual([1, 1, 0, 0, 0]);
    expect(two.sizes).toEqual([3, 2]);
    expect(two.height).toBe(3);
    const three = cutTree(tree, mergesForClusters(tree, 3));
    expect(Array.from(three.labels)).toEqual([0, 0, 1, 1, 2]);
    expect(three.height).toBe(1.75);
    expect(Array.from(cutTree(tree, 4).labels)).toEqual([0, 0, 0, 0, 0]);
    expect(cutTree(tree, 4).height).toBe(4);
    expect(Array.from(cutTree(tree, 0).labels)).toEqual([0, 1, 2, 3, 4]);
    expect(cutTree(tree, 0).height).toBe(0.5);
    expect(() => cutTree(tree, 5)).toThrow(/merges must be an integer in \[0, 4\]/);
  });

  it('counts merges for k clusters and up to a height', () => {
    expect(mergesForClusters(tree, 1)).toBe(4);
    expect(mergesForClusters(tree, 9)).toBe(0);
    expect(mergesUpToHeight(tree, 0.5)).toBe(0);
    expect(mergesUpToHeight(tree, 1.5)).toBe(2);
    expect(mergesUpToHeight(tree, 3)).toBe(3);
    expect(mergesUpToHeight(tree, 10)).toBe(4);
  });
});

/** The linkage distance between two clusters of points, from its definition. */
function clusterDistance(method: LinkageMethod, A: number[][], B: number[][]): number {
  const dist = (u: number[], v: number[]) => Math.sqrt(u.reduce((s, x, j) => s + (x - v[j]) ** 2, 0));
  if (method === 'ward') {
    const mean = (P: number[][]) => P[0].map((_, j) => P.reduce((s, p) => s + p[j], 0) / P.length);
    return Math.sqrt((2 * A.length * B.length) / (A.length + B.length)) * dist(mean(A), mean(B));
  }
  const all = A.flatMap((a) => B.map((b) => dist(a, b)));
  if (method === 'single') return Math.min(...all);
  if (method === 'complete') return Math.max(...all);
  return all.reduce((s, v) => s + v, 0) / all.length;
}

describe('linkage properties (fast-check)', () => {
  const data = fc
    .tuple(fc.integer({ min: 2, max: 18 }), fc.integer({ min: 1, max: 3 }))
    .chain(([n, d]) =>
      fc.array(
        fc.array(
          fc.oneof(
            fc.integer({ min: -3, max: 3 }),
            fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }),
          ),
          { minLength: d, maxLength: d },
        ),
        { minLength: n, maxLength: n },
      ),
    );

  it.each(LINKAGE_METHODS)(
    '%s: every merge joins the closest pair of clusters, by the definition',
    async (method) => {
      await fc.assert(
        fc.asyncProperty(data, async (X) => {
          const tree = await linkage(matrixFromRows(X), method);
          const n = X.length;
          // Replay the merges from the bottom: each must join two current clusters at the smallest
          // linkage distance among all current pairs, and at that distance.
          const members = new Map<number, number[]>(X.map((_, i) => [i, [i]]));
          for (let k = 0; k < n - 1; k++) {
            const a = tree.left[k];
            const b = tree.right[k];
            expect(a).toBeLessThan(b);
            const A = members.get(a) as number[];
            const B = members.get(b) as number[];
            expect(A && B, `merge ${k} joins live clusters`).toBeTruthy();
            const h = clusterDistance(
              method,
              A.map((i) => X[i]),
              B.map((i) => X[i]),
            );
            const tol = 1e-9 * (1 + h);
            expect(Math.abs(tree.height[k] - h), `merge ${k} height`).toBeLessThan(tol);
            const live = [...members.values()];
            for (let i = 0; i < live.length; i++) {
              for (let j = i + 1; j < live.length; j++) {
                const other = clusterDistance(
                  method,
                  live[i].map((r) => X[r]),
                  live[j].map((r) => X[r]),
                );
                expect(other).toBeGreaterThanOrEqual(h - tol);
              }
            }
            members.delete(a);
            members.delete(b);
            members.set(n + k, [...A, ...B]);
            expect(tree.size[k]).toBe(A.length + B.length);
          }
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe('linkage cancellation and progress', () => {
  it('reports progress up to 1 and rejects with an AbortError when cancelled midway', async () => {
    const rows = Array.from({ length: 2600 }, (_, i) => [
      Math.sin(i),
      Math.cos(i * 0.7),
      (i % 17) / 17,
      i % 5,
    ]);
    const X = matrixFromRows(rows);
    const seen: number[] = [];
    await linkage(X, 'average', { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(1);
    expect(seen[seen.length - 1]).toBe(1);
    const ctrl = new AbortController();
    const cancelled = linkage(X, 'single', { signal: ctrl.signal, onProgress: () => ctrl.abort() });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });
});
