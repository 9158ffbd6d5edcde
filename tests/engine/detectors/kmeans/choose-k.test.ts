import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kmeansSweep, meanSilhouette } from '../../../../src/engine/detectors/kmeans/choose-k';
import { matrixFromRows } from '../../../../src/engine/util/matrix';

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/silhouette.json', 'utf8')) as {
  X: number[][];
  labels: number[];
  silhouette: number;
  singleLabels: number[];
  singleSilhouette: number;
  inertia: Record<string, number>;
};

describe('choosing k for KMeans', () => {
  const X = matrixFromRows(golden.X);

  it('computes the mean silhouette as scikit-learn 1.2 does (a singleton counts 0)', () => {
    const n = X.rows;
    expect(meanSilhouette(X.data, n, X.cols, Int32Array.from(golden.labels), 4)).toBeCloseTo(
      golden.silhouette,
      12,
    );
    expect(meanSilhouette(X.data, n, X.cols, Int32Array.from(golden.singleLabels), 5)).toBeCloseTo(
      golden.singleSilhouette,
      12,
    );
  });

  it('finds k = 4 on 4 blobs by both the elbow and the silhouette, with sklearn inertias', async () => {
    const progress: number[] = [];
    const sweep = await kmeansSweep(X, {
      ks: [2, 3, 4, 5, 6, 7, 8],
      seed: 1,
      nInit: 4,
      onProgress: (f) => progress.push(f),
    });
    expect(sweep.elbowK).toBe(4);
    expect(sweep.silhouetteK).toBe(4);
    for (const p of sweep.points) {
      // Above the true 4, either side may land in a (slightly) better local optimum.
      expect(p.inertia / golden.inertia[String(p.k)], `k ${p.k}`).toBeGreaterThan(p.k <= 4 ? 0.9999 : 0.95);
      expect(p.inertia / golden.inertia[String(p.k)], `k ${p.k}`).toBeLessThan(p.k <= 4 ? 1.0001 : 1.1);
    }
    expect(sweep.points.find((p) => p.k === 4)?.silhouette).toBeCloseTo(golden.silhouette, 6);
    expect(progress.at(-1)).toBe(1);
    expect(sweep.silhouetteRows).toBe(300);
  });

  it('measures the silhouette on a capped sample and refuses impossible ks', async () => {
    const sweep = await kmeansSweep(X, { ks: [2, 3], silhouetteSamples: 50 });
    expect(sweep.silhouetteRows).toBe(50);
    await expect(kmeansSweep(X, { ks: [1, 500] })).rejects.toThrow(/no k in \[2, 299\]/);
  });
});
