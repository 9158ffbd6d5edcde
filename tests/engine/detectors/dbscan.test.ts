import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dbscan } from '../../../src/engine/detectors/cluster/dbscan-labels';
import { Dbscan, dbscanFactory, defaultMinPts, type DbscanState } from '../../../src/engine/detectors/dbscan';
import { adjustedRand } from '../../../src/engine/metrics/adjusted-rand';
import { matrixFromRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

interface GoldenSet {
  name: string;
  X: number[][];
  runs: { eps: number; minPts: number; labels: number[]; core: number[] }[];
  knee: { minPts: number; eps: number; clusters: number; noise: number; labels: number[] };
}

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/dbscan.json', 'utf8')) as GoldenSet[];

function normalMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { data, rows, cols };
}

/** Distance from each row of X to the nearest of the given points, by brute force. */
function nearestDistance(X: Matrix, points: number[][]): number[] {
  return Array.from({ length: X.rows }, (_, i) =>
    Math.sqrt(
      Math.min(...points.map((p) => p.reduce((s, v, j) => s + (X.data[i * X.cols + j] - v) ** 2, 0))),
    ),
  );
}

describe.each(golden.map((g) => [g.name, g] as const))('DBSCAN against scikit-learn 1.2 (%s)', (_, g) => {
  const X = matrixFromRows(g.X);

  it.each(g.runs.map((r) => [r.eps, r.minPts, r] as const))(
    'eps %s, minPts %s: same core rows and labels (adjusted Rand index >= 0.95)',
    (_eps, _minPts, run) => {
      const r = dbscan(X, run.eps, run.minPts);
      expect(Array.from(r.core)).toEqual(run.core);
      expect(adjustedRand(r.labels, run.labels)).toBeGreaterThanOrEqual(0.95);
      // Same numbering too: clusters in order of their first core row, border rows to the lowest one.
      expect(Array.from(r.labels)).toEqual(run.labels);
      expect(r.clusters).toBe(Math.max(...run.labels) + 1);
    },
  );

  it('reads eps from the k-distance knee as the numpy reference does, and scores noise above 1', async () => {
    const det = await new Dbscan({ minPts: g.knee.minPts }).fit(X);
    const s = det.toJSON().state as DbscanState;
    expect(s.eps).toBeCloseTo(g.knee.eps, 9);
    expect(s.epsFromKnee).toBe(true);
    expect(s.clusters).toBe(g.knee.clusters);
    expect(s.noiseRows).toBe(g.knee.noise);
    expect(adjustedRand(dbscan(X, s.eps, g.knee.minPts).labels, g.knee.labels)).toBeGreaterThanOrEqual(0.95);
    const scores = det.score(X);
    g.knee.labels.forEach((label, i) => {
      if (label < 0) expect(scores[i], `noise row ${i}`).toBeGreaterThan(1);
      else expect(scores[i], `clustered row ${i}`).toBeLessThanOrEqual(1);
    });
    const exact = nearestDistance(X, s.corePoints);
    scores.forEach((v, i) => expect(v).toBeCloseTo(exact[i] / s.eps, 12));
  });
});

describe('DBSCAN detector', () => {
  it('uses a given eps and the default minPts of twice the features (at least 4)', async () => {
    expect(defaultMinPts(1)).toBe(4);
    expect(defaultMinPts(19)).toBe(38);
    const g = golden[0];
    const X = matrixFromRows(g.X);
    const run = g.runs[1];
    const det = await new Dbscan({ eps: run.eps, minPts: run.minPts }).fit(X);
    const s = det.toJSON().state as DbscanState;
    expect(s.eps).toBe(run.eps);
    expect(s.epsFromKnee).toBe(false);
    expect(s.coreRows).toBe(run.core.reduce((a, b) => a + b, 0));
    expect(s.noiseRows).toBe(run.labels.filter((l) => l < 0).length);
    const auto = (await new Dbscan().fit(X)).toJSON().state as DbscanState;
    expect(auto.minPts).toBe(6);
  });

  it('fits on an evenly spaced sample above maxSamples and says so', async () => {
    const X = normalMatrix(1200, 3, 4);
    const det = await new Dbscan({ maxSamples: 300 }).fit(X);
    const s = det.toJSON().state as DbscanState;
    expect(s.fittedRows).toBe(300);
    expect(s.trainingRows).toBe(1200);
    expect(det.notes()[0]).toBe(
      'Fitted on a 300-row evenly spaced sample of 1,200 training rows: DBSCAN is quadratic in rows.',
    );
    expect(det.score(X).length).toBe(1200);
  });

  it('keeps at most 1,000 core rows and bounds the score error by the cover radius', async () => {
    const X = normalMatrix(3000, 4, 5);
    const det = await new Dbscan({ minPts: 5 }).fit(X);
    const s = det.toJSON().state as DbscanState;
    expect(s.coreRows).toBeGreaterThan(1000);
    expect(s.corePoints.length).toBe(1000);
    expect(s.coverRadius).toBeGreaterThan(0);
    expect(det.notes().join(' ')).toMatch(/scored against 1,000 of the [\d,]+ core rows/);
    // Against every core row of the sample (recomputed) the kept subset is never nearer, and at most
    // the cover radius farther.
    const all = dbscan(X, s.eps, s.minPts);
    const cores: number[][] = [];
    for (let i = 0; i < X.rows; i++)
      if (all.core[i]) cores.push(Array.from(X.data.subarray(i * 4, i * 4 + 4)));
    expect(cores.length).toBe(s.coreRows);
    const Q = normalMatrix(200, 4, 6);
    const exact = nearestDistance(Q, cores);
    const scores = det.score(Q);
    scores.forEach((v, i) => {
      expect(v * s.eps).toBeGreaterThanOrEqual(exact[i] - 1e-9);
      expect(v * s.eps).toBeLessThanOrEqual(exact[i] + s.coverRadius + 1e-9);
    });
  });

  it('stops a long fit when the signal fires', async () => {
    const X = normalMatrix(4000, 10, 7);
    const ctrl = new AbortController();
    const det = new Dbscan();
    const fit = det.fit(X, { signal: ctrl.signal, onProgress: (f) => f > 0 && ctrl.abort() });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
  });

  it('refuses bad parameters, an eps with no core rows and malformed state', async () => {
    expect(() => new Dbscan({ eps: -1 })).toThrow(/'eps' must be >= 0/);
    expect(() => new Dbscan({ minPts: 2.5 })).toThrow(/'minPts' must be an integer/);
    expect(() => new Dbscan({ maxSamples: 1 })).toThrow(/'maxSamples'/);
    expect(() => new Dbscan({ contamination: 0.7 })).toThrow(/contamination/);
    expect(() => new Dbscan({ nope: 1 })).toThrow(/unknown parameter 'nope'/);
    await expect(new Dbscan({ eps: 1e-6, minPts: 3 }).fit(normalMatrix(50, 2, 1))).rejects.toThrow(
      /no core rows.*raise 'eps' or lower 'minPts'/,
    );
    const det = new Dbscan();
    expect(() =>
      det.setState({
        nFeatures: 2,
        eps: 0,
        epsFromKnee: true,
        minPts: 4,
        corePoints: [[1, 2]],
        coreRows: 1,
        coverRadius: 0,
        clusters: 1,
        noiseRows: 0,
        fittedRows: 1,
        trainingRows: 1,
      }),
    ).toThrow(/malformed fitted state/);
    expect(dbscanFactory.params.map((p) => p.name)).toEqual(['eps', 'minPts', 'maxSamples', 'contamination']);
  });

  it('treats a set of identical rows as one cluster', async () => {
    const X = matrixFromRows(Array.from({ length: 20 }, () => [1, 2]));
    const det = await new Dbscan().fit(X);
    const s = det.toJSON().state as DbscanState;
    expect(s.clusters).toBe(1);
    expect(s.noiseRows).toBe(0);
    expect(
      Array.from(
        det.score(
          matrixFromRows([
            [1, 2],
            [1, 5],
          ]),
        ),
      ),
    ).toEqual([0, 3 / s.eps]);
  });
});
