import { describe, expect, it } from 'vitest';
import { behaviourClusters } from '../../../src/engine/evaluation/behaviour-clusters';
import { matrixFromRows } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

describe('behaviourClusters', () => {
  it('finds three separated blobs, names them by size, and shows where the alerts and the load are', async () => {
    const rng = createRandom(3);
    const centres = [
      [0, 0, 0],
      [8, 8, 0],
      [0, 8, 8],
    ];
    const sizes = [120, 60, 30];
    const rows: number[][] = [];
    const cpuZ: number[] = [];
    const alerts: number[] = [];
    const scores: number[] = [];
    sizes.forEach((size, c) => {
      for (let i = 0; i < size; i++) {
        rows.push(centres[c].map((m) => m + rng.normal() * 0.5));
        cpuZ.push(c === 2 ? 4 : 0);
        alerts.push(c === 2 ? 1 : 0);
        scores.push(c === 2 ? 0.9 : 0.1);
      }
    });
    const r = await behaviourClusters(matrixFromRows(rows), ['cpu'], [cpuZ], scores, alerts, { seed: 1 });
    expect(r.k).toBe(3);
    expect(r.clusters.map((c) => c.size)).toEqual([120, 60, 30]);
    expect(r.clusters.map((c) => c.alertShare)).toEqual([0, 0, 1]);
    expect(r.clusters[2].meanScore).toBeCloseTo(0.9, 12);
    expect(r.intensity.z.map((row) => row[0])).toEqual([0, 0, 4]);
    expect(r.points.cluster).toHaveLength(210);
    expect(r.points.x).toHaveLength(210);
    expect(r.explained?.[0]).toBeGreaterThan(0.3);
    expect(r.sweep.points.find((p) => p.k === 3)?.silhouette).toBeGreaterThan(0.8);
    // The dendrogram's cut separates the three clusters: its top merges sit above the cut.
    const d = r.dendrogram;
    expect(d.root).toBeGreaterThanOrEqual(0);
    expect(d.nodes[d.root].height).toBeGreaterThan(d.cutHeight);
    expect(d.nodes.filter((node) => node.children.length === 2 && node.height > d.cutHeight)).toHaveLength(2);
  });

  it('refuses fewer than four rows', async () => {
    await expect(
      behaviourClusters(matrixFromRows([[1], [2], [3]]), [], [], [0, 0, 0], [0, 0, 0]),
    ).rejects.toThrow(/at least 4 rows, got 3/);
  });
});
