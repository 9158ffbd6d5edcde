import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignNearest, rowsOf } from '../../../src/engine/detectors/cluster/assign';
import { distanceMatrixSteps } from '../../../src/engine/detectors/cluster/distance-matrix';
import { kMedoids } from '../../../src/engine/detectors/cluster/k-medoids';
import { buildSteps } from '../../../src/engine/detectors/cluster/pam';
import { runSteps } from '../../../src/engine/detectors/cluster/steps';
import {
  KMedoidsDistance,
  kmedoidsFactory,
  type KMedoidsState,
} from '../../../src/engine/detectors/kmedoids';
import { adjustedRand } from '../../../src/engine/metrics/adjusted-rand';
import { matrixFromRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

interface GoldenCase {
  name: string;
  k: number;
  /** Blobs generated: with k above it, equally good local optima split the blobs differently. */
  blobs: number;
  X: number[][];
  build: number[];
  medoids: number[];
  labels: number[];
  totalDeviation: number;
  swaps: number;
}

const golden = JSON.parse(
  readFileSync('tests/engine/detectors/golden/kmedoids.json', 'utf8'),
) as GoldenCase[];

function normalMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { data, rows, cols };
}

const relativeGap = (a: number, b: number): number => Math.abs(a - b) / b;

describe.each(golden.map((g) => [g.name, g] as const))(
  'k-medoids against the numpy PAM reference (%s)',
  (_, g) => {
    const X = matrixFromRows(g.X);

    it('BUILD picks the same initial medoids', () => {
      const D = runSteps(distanceMatrixSteps(X));
      expect(Array.from(runSteps(buildSteps(D, X.rows, g.k)))).toEqual(g.build);
    });

    it.each(['pam', 'fasterpam'] as const)(
      '%s: adjusted Rand index >= 0.95 (when k is the number of blobs) and total deviation within 1%%',
      (method) => {
        const r = kMedoids(X, g.k, method);
        const a = assignNearest(X, rowsOf(X, r.medoids), r.medoids.length);
        if (method === 'pam' || g.k === g.blobs) {
          expect(adjustedRand(a.labels, g.labels)).toBeGreaterThanOrEqual(0.95);
        }
        expect(relativeGap(a.total, g.totalDeviation)).toBeLessThan(0.01);
        if (method === 'pam') {
          // Best-swap PAM is deterministic: the very same medoids and number of swaps.
          expect(Array.from(r.medoids)).toEqual(g.medoids);
          expect(r.swaps).toBe(g.swaps);
        }
      },
    );

    it('the detector (pam) scores each row by its distance to the nearest reference medoid', async () => {
      const det = await new KMedoidsDistance({ k: g.k, method: 'pam', minClusterShare: 0 }).fit(X);
      const s = det.toJSON().state as KMedoidsState;
      expect(relativeGap(s.totalDeviation, g.totalDeviation)).toBeLessThan(1e-9);
      expect(s.medoids).toEqual(g.medoids.map((m) => g.X[m]));
      const expected = assignNearest(X, rowsOf(X, g.medoids), g.k).distances;
      const scores = det.score(X);
      scores.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    });
  },
);

describe('KMedoids detector', () => {
  const blobs = golden[0];
  const X = matrixFromRows(blobs.X);

  it('CLARA on samples of 150 of 400 rows comes within 2% of PAM on all rows, reproducibly', async () => {
    const fit = () => new KMedoidsDistance({ k: 5, method: 'clara', maxSamples: 150, seed: 1 }).fit(X);
    const det = await fit();
    const s = det.toJSON().state as KMedoidsState;
    expect(s.method).toBe('clara');
    expect(s.fittedRows).toBe(150);
    expect(relativeGap(s.totalDeviation, blobs.totalDeviation)).toBeLessThan(0.02);
    expect(s.totalDeviation).toBeGreaterThanOrEqual(blobs.totalDeviation * (1 - 1e-9));
    expect((await fit()).toJSON()).toEqual(det.toJSON());
    expect(det.notes()[0]).toMatch(
      /^5 medoids by CLARA: FasterPAM on 5 random samples of 150 of the 400 training rows/,
    );
  });

  it("'auto' runs FasterPAM up to maxSamples rows and CLARA beyond", async () => {
    const small = (await new KMedoidsDistance({ k: 5 }).fit(X)).toJSON().state as KMedoidsState;
    expect(small.method).toBe('fasterpam');
    expect(small.fittedRows).toBe(400);
    const big = (await new KMedoidsDistance({ k: 5, maxSamples: 200 }).fit(X)).toJSON()
      .state as KMedoidsState;
    expect(big.method).toBe('clara');
    const capped = await new KMedoidsDistance({ k: 5, method: 'pam', maxSamples: 200 }).fit(X);
    expect((capped.toJSON().state as KMedoidsState).fittedRows).toBe(200);
    expect(capped.notes()[0]).toMatch(/a 200-row evenly spaced sample of 400 training rows/);
  });

  it('scores a small cluster of anomalies against the usual clusters only', async () => {
    const rows = blobs.X.slice(0, 300).map((r) => [...r]);
    for (let i = 0; i < 6; i++) rows.push([40 + i * 0.01, 40, 40, 40]);
    const Y = matrixFromRows(rows);
    const withShare = await new KMedoidsDistance({ k: 6 }).fit(Y);
    const without = await new KMedoidsDistance({ k: 6, minClusterShare: 0 }).fit(Y);
    const a = withShare.score(Y);
    const b = without.score(Y);
    const inlierMax = Math.max(...a.slice(0, 300));
    for (let i = 300; i < 306; i++) {
      expect(a[i]).toBeGreaterThan(inlierMax);
      expect(b[i]).toBeLessThan(1);
    }
    expect(withShare.notes()[1]).toMatch(/^1 cluster under 5% of the rows taken for anomalies/);
  });

  it('PAM and FasterPAM end where no single swap lowers the total deviation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })), {
          minLength: 5,
          maxLength: 30,
        }),
        fc.constantFrom('pam', 'fasterpam' as const),
        (k, points, method) => {
          const Y = matrixFromRows(points.map(([x, y]) => [x / 3, y / 3]));
          const r = kMedoids(Y, k, method as 'pam' | 'fasterpam');
          expect(new Set(r.medoids).size).toBe(Math.min(k, Y.rows));
          const td = (m: ArrayLike<number>) => assignNearest(Y, rowsOf(Y, m), m.length).total;
          const base = td(r.medoids);
          for (let slot = 0; slot < r.medoids.length; slot++) {
            for (let h = 0; h < Y.rows; h++) {
              if (r.medoids.includes(h)) continue;
              const m = Array.from(r.medoids);
              m[slot] = h;
              expect(td(m)).toBeGreaterThanOrEqual(base - 1e-5 * (1 + base));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops a long fit when the signal fires', async () => {
    const Y = normalMatrix(6000, 10, 3);
    const ctrl = new AbortController();
    const det = new KMedoidsDistance();
    const fit = det.fit(Y, { signal: ctrl.signal, onProgress: (f) => f > 0 && ctrl.abort() });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
  });

  it('refuses bad parameters and malformed state with the field named', () => {
    expect(() => new KMedoidsDistance({ k: 0 })).toThrow(/'k' must be an integer >= 1/);
    expect(() => new KMedoidsDistance({ method: 'kmeans' })).toThrow(
      /'method' must be one of auto, fasterpam, pam, clara/,
    );
    expect(() => new KMedoidsDistance({ method: 3 })).toThrow(/'method'/);
    expect(() => new KMedoidsDistance({ minClusterShare: 1 })).toThrow(/minClusterShare/);
    expect(() => new KMedoidsDistance({ seed: 0.5 })).toThrow(/'seed' must be an integer/);
    expect(() => new KMedoidsDistance({ k: 8, maxSamples: 5 })).toThrow(
      /'maxSamples' \(5\) must be at least 'k' \(8\)/,
    );
    expect(() => new KMedoidsDistance({ nope: 1 })).toThrow(/unknown parameter 'nope'/);
    expect(() =>
      new KMedoidsDistance().setState({
        nFeatures: 2,
        medoids: [[1]],
        sizes: [1],
        totalDeviation: 0,
        method: 'pam',
        swaps: 0,
        fittedRows: 1,
        trainingRows: 1,
      }),
    ).toThrow(/malformed fitted state/);
    expect(kmedoidsFactory.params.find((p) => p.name === 'method')?.choices).toEqual([
      'auto',
      'fasterpam',
      'pam',
      'clara',
    ]);
  });
});
