import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HClustDetector, hclustFactory, type HClustState } from '../../../src/engine/detectors/hclust';
import { dendrogramTop } from '../../../src/engine/detectors/hclust/dendrogram';
import { matrixFromRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/hclust.json', 'utf8')) as {
  blobs: { X: number[][]; k: number; labels: Record<string, number[]> };
};

const stateOf = (det: HClustDetector) => det.toJSON().state as HClustState;
const column = (values: number[]): Matrix => matrixFromRows(values.map((v) => [v]));

/** A normal cloud of `n` rows x 2, plus `extra` rows. */
function cloud(n: number, extra: number[][] = [], seed = 4): Matrix {
  const rng = createRandom(seed);
  return matrixFromRows([...Array.from({ length: n }, () => [rng.normal(), rng.normal()]), ...extra]);
}

describe('hclust scoring rule (by hand)', () => {
  // A = 0..4: centroid 2, member distances 2,1,0,1,2, median 1. B = 96, 100, 104: centroid 100, median 4.
  const X = column([0, 1, 2, 3, 4, 96, 100, 104]);

  it('scores the distance to the nearest usual centroid in units of its median member distance', async () => {
    const det = await new HClustDetector({ k: 2 }).fit(X);
    const s = stateOf(det);
    expect(s.sizes).toEqual([5, 3]);
    expect(s.centroids).toEqual([[2], [100]]);
    expect(s.spreads).toEqual([1, 4]);
    expect(s.usual).toEqual([0, 1]);
    // min(|x - 2| / 1, |x - 100| / 4)
    expect(Array.from(det.score(column([2, 5, 50, 60, 100, 130])))).toEqual([0, 3, 12.5, 10, 0, 7.5]);
  });

  it('floors a spread at a tenth of the mean member distance (a cluster of identical rows)', async () => {
    // {7, 7, 7, 7}: median 0; A as above; mean member distance (2+1+0+1+2) / 9 = 2 / 3.
    const det = await new HClustDetector({ k: 2, linkage: 'average' }).fit(
      column([0, 1, 2, 3, 4, 70, 70, 70, 70]),
    );
    const s = stateOf(det);
    expect(s.sizes).toEqual([5, 4]);
    expect(s.spreads[0]).toBe(1);
    expect(s.spreads[1]).toBeCloseTo(0.1 * (6 / 9), 15);
    expect(det.score(column([71]))[0]).toBeCloseTo(1 / (0.1 * (6 / 9)), 10);
  });
});

describe('hclust detector', () => {
  it('cuts into the clusters scipy finds (sizes of fcluster maxclust=6, every linkage)', async () => {
    for (const linkage of ['single', 'complete', 'average', 'ward']) {
      const det = await new HClustDetector({ linkage, k: golden.blobs.k, minClusterShare: 0 }).fit(
        matrixFromRows(golden.blobs.X),
      );
      const counts = new Map<number, number>();
      for (const l of golden.blobs.labels[linkage]) counts.set(l, (counts.get(l) ?? 0) + 1);
      expect(stateOf(det).sizes, linkage).toEqual([...counts.values()].sort((a, b) => b - a));
    }
  });

  it('scores members of a tiny cluster and rows far from their cluster above the cloud', async () => {
    const tight = Array.from({ length: 6 }, (_, i) => [12 + i * 0.01, 12]);
    const X = cloud(300, tight);
    const det = await new HClustDetector({ k: 4 }).fit(X);
    const s = stateOf(det);
    expect(s.sizes).toContain(6);
    expect(s.usual.map((c) => s.sizes[c])).not.toContain(6);
    const scores = det.score(X);
    const inlierMax = Math.max(...scores.subarray(0, 300));
    for (let i = 300; i < 306; i++) expect(scores[i]).toBeGreaterThan(inlierMax);
    // Scored against every cluster (share 0), they are typical members of their own.
    const all = await new HClustDetector({ k: 4, minClusterShare: 0 }).fit(X);
    for (let i = 300; i < 306; i++) expect(all.score(X)[i]).toBeLessThan(2);
    expect(all.notes().some((n) => /taken for anomalies/.test(n))).toBe(false);
    expect(det.notes()).toContain(
      '1 cluster under 5% of the rows (6 rows) taken for anomalies: rows are scored against the other 3.',
    );
    // A far row scores far above a typical member (about 1).
    expect(det.score(matrixFromRows([[-20, 0]]))[0]).toBeGreaterThan(3 * inlierMax);
  });

  it('cuts at a height instead of k when one is set', async () => {
    const X = column([0, 1, 2, 3, 4, 96, 100, 104]);
    // Single linkage: gaps of 1 inside A, 4 inside B, 92 between.
    const det = await new HClustDetector({ linkage: 'single', cutHeight: 2, minClusterShare: 0 }).fit(X);
    expect(stateOf(det).sizes).toEqual([5, 1, 1, 1]);
    expect(stateOf(det).dendrogram.cutHeight).toBe(2);
    expect(det.notes()[0]).toBe(
      'Single linkage on 8 rows, cut into 4 clusters at height 2.000 (the cut height set); cluster sizes 5, 1, 1, 1.',
    );
  });

  it('fits on an evenly spaced sample when there are more rows than maxSamples, and says so', async () => {
    const X = cloud(500);
    const det = await new HClustDetector({ maxSamples: 100 }).fit(X);
    const s = stateOf(det);
    expect(s.fittedRows).toBe(100);
    expect(s.trainingRows).toBe(500);
    expect(s.sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(det.notes()).toContain(
      'Fitted on an evenly spaced 100-row sample of 500 training rows: hierarchical clustering needs every ' +
        'pairwise distance, quadratic in rows.',
    );
    expect((await new HClustDetector().fit(cloud(200))).notes().some((n) => /sample/.test(n))).toBe(false);
  });

  it('keeps a dendrogram of the top merges that lays out for the chart', async () => {
    const det = await new HClustDetector({ k: 8 }).fit(cloud(400));
    const d = stateOf(det).dendrogram;
    expect(d.merges.length).toBe(49);
    expect(d.leaves.length).toBe(50);
    expect(d.leaves.reduce((a, l) => a + l.size, 0)).toBe(400);
    // k = 8: the top 7 merges are above the cut, every leaf sits inside one cluster.
    expect(d.merges.filter((m) => m.height > d.cutHeight).length).toBe(7);
    expect(d.leaves.every((l) => l.cluster >= 0 && l.cluster < 8)).toBe(true);
    const layout = dendrogramTop(d);
    expect(layout.nodes[layout.root].size).toBe(400);
    expect(layout.leafOrder.length).toBe(50);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('refuses bad parameters and malformed state with the field named', () => {
    expect(() => new HClustDetector({ linkage: 'centroid' })).toThrow(
      /'linkage' must be one of single, complete, average, ward, got "centroid"/,
    );
    expect(() => new HClustDetector({ k: 0 })).toThrow(/'k' must be an integer >= 1/);
    expect(() => new HClustDetector({ maxSamples: 20_000 })).toThrow(/'maxSamples' must be at most 10000/);
    expect(() => new HClustDetector({ cutHeight: -1 })).toThrow(/'cutHeight' must be >= 0/);
    expect(() => new HClustDetector({ minClusterShare: 1 })).toThrow(/minClusterShare/);
    expect(() => new HClustDetector({ contamination: 0 })).toThrow(/contamination/);
    expect(() => new HClustDetector({ k: '8' })).toThrow(/'k' must be a finite number/);
    expect(() => new HClustDetector({ nope: 1 })).toThrow(/unknown parameter 'nope'/);
    const good: HClustState = {
      nFeatures: 1,
      trainingRows: 2,
      fittedRows: 2,
      centroids: [[0]],
      sizes: [2],
      spreads: [1],
      usual: [0],
      dendrogram: { leaves: [], merges: [], cutHeight: 1 },
    };
    expect(() => new HClustDetector().setState(good)).not.toThrow();
    for (const bad of [{ spreads: [0] }, { usual: [1] }, { centroids: [[0, 1]] }, { sizes: [] }]) {
      expect(() => new HClustDetector().setState({ ...good, ...bad })).toThrow(/malformed fitted state/);
    }
  });

  it('describes its parameters with the defaults the detector uses', () => {
    const det = hclustFactory.create();
    for (const spec of hclustFactory.params) expect(det.params[spec.name]).toEqual(spec.default);
    expect(hclustFactory.params.find((p) => p.name === 'linkage')?.choices).toEqual([
      'single',
      'complete',
      'average',
      'ward',
    ]);
  });
});
