import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  averagePathLength,
  IsolationForest,
  iforestFactory,
  type IForestState,
} from '../../../src/engine/detectors/iforest';
import { loadDetector } from '../../../src/engine/detectors/index';
import { singleMetricFeatures } from '../../../src/engine/features/single-metric';
import { matrixFromColumns, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

const NAB_DIR = fileURLToPath(new URL('../../../data/nab-aws', import.meta.url));
/** scikit-learn 1.2.1 IsolationForest, mean point-wise ROC-AUC over the 16 labelled series. */
const SKLEARN_NAB_MEAN_ROC_AUC = 0.605;

function normalMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { data, rows, cols };
}

/** ROC-AUC by the rank-sum (Mann-Whitney) formula, ties as average ranks. */
function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]) {
      pos++;
      rankSum += ranks[i];
    }
  }
  const neg = n - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** '2014-02-14 14:30:00' or '2014-02-26 13:45:00.000000', as UTC epoch ms. */
function parseUtc(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`bad timestamp '${s}'`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

function readSeries(file: string): { times: number[]; values: number[] } {
  const lines = readFileSync(join(NAB_DIR, file), 'utf8').split(/\r?\n/);
  expect(lines[0].trim()).toBe('timestamp,value');
  const times: number[] = [];
  const values: number[] = [];
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const [ts, v] = line.split(',');
    times.push(parseUtc(ts));
    values.push(Number(v));
  }
  return { times, values };
}

describe('IsolationForest', () => {
  it('puts obvious outliers on top, with scores in (0, 1)', async () => {
    const X = normalMatrix(500, 4, 11);
    const outliers = [3, 100, 250, 499];
    outliers.forEach((i, k) => {
      for (let j = 0; j < 4; j++) X.data[i * 4 + j] = (k % 2 ? -7 : 7) + j;
    });
    const s = (await new IsolationForest({ seed: 1 }).fit(X)).score(X);
    for (const v of s) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
    const top = Array.from(s.keys())
      .sort((a, b) => s[b] - s[a])
      .slice(0, outliers.length);
    expect(top.sort((a, b) => a - b)).toEqual(outliers);
    for (const i of outliers) expect(s[i]).toBeGreaterThan(0.6);
  });

  it('uses psi = min(maxSamples, rows) and depth limit ceil(log2 psi), as scikit-learn', async () => {
    const small = await new IsolationForest({ nEstimators: 5 }).fit(normalMatrix(100, 2, 1));
    let state = small.toJSON().state as IForestState;
    expect(state.psi).toBe(100);
    expect(Math.max(...state.depth)).toBeLessThanOrEqual(7);
    expect(state.roots.length).toBe(5);
    for (const r of state.roots) expect(state.size[r]).toBe(100);
    const big = await new IsolationForest({ nEstimators: 3, maxSamples: 64 }).fit(normalMatrix(1000, 2, 1));
    state = big.toJSON().state as IForestState;
    expect(state.psi).toBe(64);
    expect(Math.max(...state.depth)).toBe(6);
    // leaves hold all rows: sizes of the leaves of each tree add up to psi
    const leafTotal = state.size.reduce((a, sz, k) => a + (state.feature[k] < 0 ? sz : 0), 0);
    expect(leafTotal).toBe(3 * 64);
  });

  it('stores the fitted trees as plain arrays of numbers', async () => {
    const det = await new IsolationForest({ nEstimators: 3 }).fit(normalMatrix(50, 3, 2));
    const state = det.toJSON().state as unknown as Record<string, unknown>;
    for (const key of ['roots', 'feature', 'threshold', 'left', 'right', 'size', 'depth']) {
      const arr = state[key];
      expect(Array.isArray(arr), key).toBe(true);
      expect(
        (arr as unknown[]).every((v) => typeof v === 'number'),
        key,
      ).toBe(true);
    }
  });

  it('gives different forests for different seeds, identical for the same seed', async () => {
    const X = normalMatrix(300, 3, 5);
    const a = (await new IsolationForest({ seed: 1 }).fit(X)).score(X);
    const b = (await new IsolationForest({ seed: 2 }).fit(X)).score(X);
    const c = (await new IsolationForest({ seed: 1 }).fit(X)).score(X);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).toEqual(Array.from(c));
  });

  it('keeps exact scores through JSON with deep trees (generic scoring path)', async () => {
    // 2^13 samples per tree gives depth 13, past the complete-tree layout used for fast scoring.
    const X = normalMatrix(9000, 2, 8);
    const det = await new IsolationForest({ nEstimators: 4, maxSamples: 8192 }).fit(X);
    const restored = loadDetector(JSON.parse(JSON.stringify(det.toJSON())));
    const s = det.score(X);
    expect(Array.from(restored.score(X))).toEqual(Array.from(s));
    expect(s.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('supports a feature fraction and constant columns', async () => {
    const X = normalMatrix(200, 5, 9);
    for (let i = 0; i < 200; i++) X.data[i * 5 + 2] = 3; // a constant column is never split on
    const det = await new IsolationForest({ maxFeatures: 0.4, nEstimators: 20 }).fit(X);
    const state = det.toJSON().state as IForestState;
    expect(state.feature.includes(2)).toBe(false);
    const s = det.score(X);
    expect(s.every((v) => v > 0 && v < 1)).toBe(true);
    // all rows identical: no split possible, every tree is one leaf of psi rows, score exactly 0.5
    const flat = { data: new Float64Array(30).fill(1), rows: 10, cols: 3 };
    const f = (await new IsolationForest({ nEstimators: 2 }).fit(flat)).score(flat);
    expect(Array.from(f)).toEqual(new Array(10).fill(0.5));
  });

  it('refuses bad params, non-finite input and the wrong width with clear errors', async () => {
    expect(() => new IsolationForest({ nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => new IsolationForest({ maxFeatures: 1.5 })).toThrow(/maxFeatures/);
    expect(() => new IsolationForest({ contamination: 0.9 })).toThrow(/contamination/);
    expect(() => new IsolationForest({ trees: 10 })).toThrow(/unknown parameter 'trees'/);
    expect(() => new IsolationForest({ seed: 'x' })).toThrow(/seed/);
    const X = normalMatrix(20, 2, 1);
    X.data[7] = NaN;
    await expect(new IsolationForest().fit(X)).rejects.toThrow(/non-finite value \(NaN\) at row 3, column 1/);
    const det = await new IsolationForest({ nEstimators: 2 }).fit(normalMatrix(20, 2, 1));
    expect(() => det.score(normalMatrix(5, 3, 1))).toThrow(/expected 2 feature columns, got 3/);
    expect(() => new IsolationForest().score(normalMatrix(5, 2, 1))).toThrow(/before fit/);
  });

  it('stops between trees when the signal fires during fit', async () => {
    const ctrl = new AbortController();
    const det = new IsolationForest({ nEstimators: 500 });
    const fitting = det.fit(normalMatrix(2000, 5, 3), {
      signal: ctrl.signal,
      onProgress: (f) => {
        if (f > 0 && f < 0.5) ctrl.abort();
      },
    });
    await expect(fitting).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
  });

  it('matches c(n) of the paper and scikit-learn', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });

  it('exposes a factory with its parameters', () => {
    expect(iforestFactory.params.map((p) => p.name)).toEqual([
      'nEstimators',
      'maxSamples',
      'maxFeatures',
      'extension',
      'contamination',
      'seed',
    ]);
  });
});

describe('IsolationForest on NAB realAWSCloudwatch (vs scikit-learn)', () => {
  it(`mean ROC-AUC over the labelled series is within 0.02 of scikit-learn's ${SKLEARN_NAB_MEAN_ROC_AUC}`, async () => {
    const windows = JSON.parse(readFileSync(join(NAB_DIR, 'label_windows.json'), 'utf8')) as Record<
      string,
      [string, string][]
    >;
    const files = readdirSync(NAB_DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    expect(files.length).toBe(17);
    const aucs: Record<string, number> = {};
    for (const file of files) {
      const spans = (windows[file] ?? []).map(([a, b]) => [parseUtc(a), parseUtc(b)]);
      if (spans.length === 0) continue; // ec2_cpu_utilization_c6585a: no anomaly window, no AUC
      const { times, values } = readSeries(file);
      const labels = times.map((t) => (spans.some(([a, b]) => t >= a && t <= b) ? 1 : 0));
      const X = matrixFromColumns(singleMetricFeatures(values).columns);
      const det = await new IsolationForest({ seed: 0, nEstimators: 100 }).fit(X);
      aucs[file] = rocAuc(det.score(X), labels);
    }
    const values = Object.values(aucs);
    expect(values.length).toBe(16);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - SKLEARN_NAB_MEAN_ROC_AUC), `mean ROC-AUC ${mean.toFixed(4)}`).toBeLessThanOrEqual(
      0.02,
    );
  });

  it('computes ROC-AUC with ties as average ranks', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.5, 0.5, 0.9, 0.1], [1, 0, 1, 0])).toBeCloseTo(0.875, 12);
  });
});

/** A 2-D standard normal blob of 2,000 rows, and 360 points on a circle of radius r around its centre. */
function blobAndRing(r: number): { X: Matrix; ring: Matrix } {
  const X = normalMatrix(2000, 2, 1);
  const ring = new Float64Array(720);
  for (let a = 0; a < 360; a++) {
    ring[2 * a] = r * Math.cos((a * Math.PI) / 180);
    ring[2 * a + 1] = r * Math.sin((a * Math.PI) / 180);
  }
  return { X, ring: { data: ring, rows: 360, cols: 2 } };
}

/** Mean score of the ring points within 10 degrees of an axis, and within 10 degrees of a diagonal. */
function axisAndDiagonal(s: Float64Array): { axis: number; diagonal: number; cv: number } {
  let axis = 0;
  let diagonal = 0;
  let na = 0;
  let nd = 0;
  for (let a = 0; a < 360; a++) {
    const m = a % 90;
    if (m <= 10 || m >= 80) {
      axis += s[a];
      na++;
    } else if (m >= 35 && m <= 55) {
      diagonal += s[a];
      nd++;
    }
  }
  const mean = s.reduce((x, y) => x + y, 0) / s.length;
  const sd = Math.sqrt(s.reduce((x, y) => x + (y - mean) ** 2, 0) / s.length);
  return { axis: axis / na, diagonal: diagonal / nd, cv: sd / mean };
}

describe('Extended Isolation Forest (extension >= 1)', () => {
  it('removes the axis-parallel artefact: equally distant points score alike in every direction', async () => {
    // Classic cuts isolate (4, 0) through x alone while y sits in the blob; on the diagonal both
    // coordinates are moderately unusual and it takes fewer cuts. Measured over seeds 0-2 at radius 4:
    // classic diagonal - axis 0.070-0.078 and cv 0.043-0.045; extended |difference| <= 0.011, cv <= 0.017.
    const { X, ring } = blobAndRing(4);
    for (const seed of [0, 1, 2]) {
      const classic = axisAndDiagonal(
        (await new IsolationForest({ seed, nEstimators: 200 }).fit(X)).score(ring),
      );
      const extended = axisAndDiagonal(
        (await new IsolationForest({ seed, nEstimators: 200, extension: 1 }).fit(X)).score(ring),
      );
      expect(classic.diagonal - classic.axis, `seed ${seed}`).toBeGreaterThan(0.05);
      expect(Math.abs(extended.diagonal - extended.axis), `seed ${seed}`).toBeLessThan(0.02);
      expect(extended.cv, `seed ${seed}`).toBeLessThan(0.5 * classic.cv);
    }
  });

  it('scores the ghost corners of two blobs above their midpoint, as distance says (classic: below)', async () => {
    const rng = createRandom(4);
    const data = new Float64Array(4000);
    for (let i = 0; i < 2000; i++) {
      const c = i < 1000 ? 0 : 10;
      data[2 * i] = c + rng.normal();
      data[2 * i + 1] = c + rng.normal();
    }
    const X: Matrix = { data, rows: 2000, cols: 2 };
    // (0, 10) and (10, 0) are 10 from both blob centres, (5, 5) only 7.1.
    const probes: Matrix = { data: Float64Array.from([0, 10, 10, 0, 5, 5]), rows: 3, cols: 2 };
    const [g1, g2, mid] = (await new IsolationForest({ seed: 0, nEstimators: 200 }).fit(X)).score(probes);
    expect(Math.max(g1, g2)).toBeLessThan(mid);
    const [e1, e2, emid] = (
      await new IsolationForest({ seed: 0, nEstimators: 200, extension: 1 }).fit(X)
    ).score(probes);
    expect(Math.min(e1, e2)).toBeGreaterThan(emid);
  });

  it('is deterministic, differs from the classic forest, and keeps scores exactly through JSON', async () => {
    const X = normalMatrix(600, 5, 12);
    const a = await new IsolationForest({ seed: 3, extension: 4 }).fit(X);
    const b = await new IsolationForest({ seed: 3, extension: 4 }).fit(X);
    const classic = await new IsolationForest({ seed: 3 }).fit(X);
    const s = a.score(X);
    expect(Array.from(b.score(X))).toEqual(Array.from(s));
    expect(Array.from(classic.score(X))).not.toEqual(Array.from(s));
    const json = JSON.parse(JSON.stringify(a.toJSON()));
    expect(json.params.extension).toBe(4);
    const state = json.state as IForestState;
    expect(state.planeFeatures!.length).toBe(5 * state.feature.length);
    const restored = loadDetector(json);
    expect(Array.from(restored.score(X))).toEqual(Array.from(s));
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(a.toJSON()));
    for (const v of s) expect(v > 0 && v < 1).toBe(true);
  });

  it('keeps exact scores through JSON with deep extended trees (generic scoring path)', async () => {
    const X = normalMatrix(9000, 3, 8);
    const det = await new IsolationForest({ nEstimators: 4, maxSamples: 8192, extension: 2 }).fit(X);
    const restored = loadDetector(JSON.parse(JSON.stringify(det.toJSON())));
    expect(Array.from(restored.score(X))).toEqual(Array.from(det.score(X)));
  });

  it('writes a classic forest without an extension key, so older bundles load and re-serialize unchanged', async () => {
    const det = await new IsolationForest({ nEstimators: 5, seed: 2 }).fit(normalMatrix(100, 3, 2));
    const json = det.toJSON();
    expect(Object.keys(json.params)).toEqual([
      'nEstimators',
      'maxSamples',
      'maxFeatures',
      'contamination',
      'seed',
    ]);
    expect('planeFeatures' in (json.state as object)).toBe(false);
    const restored = loadDetector(JSON.parse(JSON.stringify(json)));
    expect(restored.params.extension).toBe(0);
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(json));
  });

  it('caps the extension at the features per tree - 1, and says so', async () => {
    const capped = await new IsolationForest({ nEstimators: 3, extension: 10 }).fit(normalMatrix(100, 3, 2));
    const state = capped.toJSON().state as IForestState;
    expect(state.planeFeatures!.length).toBe(3 * state.feature.length);
    expect(capped.notes()[1]).toBe(
      'Extended Isolation Forest: each cut is a random hyperplane through 3 features (extension 10 capped at 2, the features per tree - 1).',
    );
    const single = await new IsolationForest({ nEstimators: 3, extension: 2 }).fit(normalMatrix(100, 1, 2));
    expect((single.toJSON().state as IForestState).planeFeatures).toBeUndefined();
    expect(single.notes()[1]).toMatch(/^Extension 2 ignored/);
    expect(() => new IsolationForest({ extension: -1 })).toThrow(/'extension' must be an integer >= 0/);
    expect(() => new IsolationForest({ extension: 1.5 })).toThrow(/extension/);
  });

  it('refuses corrupted hyperplanes', async () => {
    const json = JSON.parse(
      JSON.stringify(
        (await new IsolationForest({ nEstimators: 2, extension: 1 }).fit(normalMatrix(30, 2, 1))).toJSON(),
      ),
    );
    const { planeWeights: _w, ...noWeights } = json.state;
    expect(() => loadDetector({ ...json, state: noWeights })).toThrow(
      /'planeFeatures' and 'planeWeights' go together/,
    );
    const badFeature = { ...json.state, planeFeatures: json.state.planeFeatures.map(() => 7) };
    expect(() => loadDetector({ ...json, state: badFeature })).toThrow(/plane feature 7/);
    const short = {
      ...json.state,
      planeFeatures: json.state.planeFeatures.slice(1),
      planeWeights: json.state.planeWeights.slice(1),
    };
    expect(() => loadDetector({ ...json, state: short })).toThrow(/invalid fitted state/);
  });
});

describe('IsolationForest JSON validation', () => {
  it('refuses a corrupted fitted state with a clear error', async () => {
    const json = JSON.parse(
      JSON.stringify((await new IsolationForest({ nEstimators: 2 }).fit(normalMatrix(30, 2, 1))).toJSON()),
    );
    const broken = { ...json, state: { ...json.state, left: json.state.left.slice(1) } };
    expect(() => loadDetector(broken)).toThrow(/iforest: invalid fitted state: 'left' has/);
    const cyclic = {
      ...json,
      state: { ...json.state, right: json.state.right.map((r: number) => (r > 0 ? 0 : r)) },
    };
    expect(() => loadDetector(cyclic)).toThrow(/invalid fitted state/);
  });
});
