import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KMeansDistance } from '../../../src/engine/detectors/kmeans';
import { adjustedRand } from '../../../src/engine/metrics/adjusted-rand';
import { matrixFromRows } from '../../../src/engine/util/matrix';

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/kmeans.json', 'utf8')) as {
  X: number[][];
  labels: number[];
  inertia: number;
  distance: number[];
};

/** The index of the nearest centroid of each row. */
function assign(X: number[][], centroids: number[][]): number[] {
  return X.map((row) => {
    let best = 0;
    let bestD = Infinity;
    centroids.forEach((c, k) => {
      const d = c.reduce((s, v, j) => s + (row[j] - v) ** 2, 0);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    return best;
  });
}

describe('KMeans distance against scikit-learn 1.2 KMeans (5 blobs, 600 x 4)', () => {
  it('finds the same clusters (adjusted Rand index >= 0.95), inertia and distances', async () => {
    const X = matrixFromRows(golden.X);
    const det = await new KMeansDistance({ k: 5, minClusterShare: 0, seed: 1 }).fit(X);
    const state = det.toJSON().state as { centroids: number[][]; inertia: number };
    expect(adjustedRand(assign(golden.X, state.centroids), golden.labels)).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(state.inertia - golden.inertia) / golden.inertia).toBeLessThan(0.01);
    const scores = det.score(X);
    let worst = 0;
    scores.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - golden.distance[i]))));
    expect(worst).toBeLessThan(0.05);
  });

  it('scores a small cluster of anomalies against the usual clusters only', async () => {
    const rows = golden.X.slice(0, 300).map((r) => [...r]);
    for (let i = 0; i < 6; i++) rows.push([40 + i * 0.01, 40, 40, 40]);
    const X = matrixFromRows(rows);
    const withShare = await new KMeansDistance({ k: 6, seed: 2 }).fit(X);
    const without = await new KMeansDistance({ k: 6, seed: 2, minClusterShare: 0 }).fit(X);
    const a = withShare.score(X);
    const b = without.score(X);
    const inlierMax = Math.max(...a.slice(0, 300));
    for (let i = 300; i < 306; i++) {
      expect(a[i]).toBeGreaterThan(inlierMax);
      expect(b[i]).toBeLessThan(1);
    }
  });

  it('refuses bad parameters and malformed state with the field named', () => {
    expect(() => new KMeansDistance({ k: 0 })).toThrow(/'k' must be an integer >= 1/);
    expect(() => new KMeansDistance({ minClusterShare: 1 })).toThrow(/minClusterShare/);
    expect(() => new KMeansDistance({ nope: 1 })).toThrow(/unknown parameter 'nope'/);
    const det = new KMeansDistance();
    expect(() =>
      det.setState({ nFeatures: 2, centroids: [[1]], sizes: [1], inertia: 0, fittedRows: 1 }),
    ).toThrow(/malformed fitted state/);
  });
});
