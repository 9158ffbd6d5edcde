/**
 * One battery over every registered detector, after scikit-learn's estimator checks. A new detector
 * gets these checks by registering itself in src/engine/detectors/index.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  createDetector,
  detectorFactory,
  detectorTypes,
  loadDetector,
} from '../../../src/engine/detectors/index';
import type { DetectorJSON } from '../../../src/engine/detectors/detector';
import { selectRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

/** 200 rows x 3 columns: a correlated normal cloud plus a few far-away rows. */
function sampleMatrix(seed = 1, rows = 200, cols = 3): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const z = rng.normal();
    for (let j = 0; j < cols; j++) data[i * cols + j] = z + 0.5 * rng.normal() + j;
    if (i % 50 === 7) for (let j = 0; j < cols; j++) data[i * cols + j] += 8 * (j % 2 ? -1 : 1);
  }
  return { data, rows, cols };
}

/** Params that make the detector deterministic and quick, where it has such params. */
/** Small settings for detectors whose defaults take seconds per fit (the battery fits each a dozen times). */
const QUICK_PARAMS: Record<string, Record<string, unknown>> = {
  'lstm-ae': { units: 8, latent: 4, window: 8, epochs: 3, batchSize: 32 },
  // Learning from row 4 on, with a likelihood over single rows: the battery's outliers start at row 7.
  online: {
    model: 'rcf',
    modelParams: {
      numTrees: 20,
      sampleSize: 64,
      shingleSize: 1,
      schedule: { warmup: 4 },
      likelihood: { minHistory: 3, shortWindow: 1 },
    },
    probation: 0,
  },
};

function testParams(type: string, seed = 3): Record<string, unknown> {
  const names = new Set(detectorFactory(type).params.map((p) => p.name));
  return { ...QUICK_PARAMS[type], ...(names.has('seed') ? { seed } : {}) };
}

const roundTrip = (json: DetectorJSON): DetectorJSON => JSON.parse(JSON.stringify(json)) as DetectorJSON;

const types = detectorTypes();

describe('detector registry', () => {
  it('has at least the isolation forest', () => {
    expect(types).toContain('iforest');
  });

  it('refuses an unknown type with a clear message', () => {
    expect(() => loadDetector({ type: 'no-such-detector', version: 1, params: {}, state: null })).toThrow(
      /unknown detector type 'no-such-detector'.*known: .*iforest/,
    );
    expect(() => createDetector('no-such-detector')).toThrow(/unknown detector type/);
    expect(() => loadDetector(null as unknown as DetectorJSON)).toThrow(/missing "type"/);
  });
});

describe.each(types)('detector battery: %s', (type) => {
  const X = sampleMatrix();
  const factory = detectorFactory(type);

  it('describes itself (type, version, label, description, params with help)', () => {
    expect(factory.type).toBe(type);
    expect(Number.isInteger(factory.version)).toBe(true);
    expect(factory.label.length).toBeGreaterThan(0);
    expect(factory.description.length).toBeGreaterThan(20);
    const det = factory.create();
    expect(det.type).toBe(type);
    expect(det.version).toBe(factory.version);
    for (const spec of factory.params) {
      expect(spec.help.length, spec.name).toBeGreaterThan(20);
      expect(det.params[spec.name], spec.name).toEqual(spec.default);
    }
  });

  it('fit resolves to the same object and marks it fitted', async () => {
    const det = createDetector(type, testParams(type));
    expect(det.fitted).toBe(false);
    const fitted = await det.fit(X);
    expect(fitted).toBe(det);
    expect(det.fitted).toBe(true);
  });

  it('score before fit throws a clear error', () => {
    const det = createDetector(type, testParams(type));
    expect(() => det.score(X)).toThrow(/fit/);
    expect(det.notes()).toEqual([]);
  });

  it('describes the fitted model in sentences that survive a JSON round trip', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const notes = det.notes();
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n).toMatch(/^[A-Z0-9].{10,}[.)]$/s);
    expect(loadDetector(roundTrip(det.toJSON())).notes()).toEqual(notes);
  });

  it('gives one finite score per row and refuses the wrong width', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const s = det.score(X);
    expect(s).toBeInstanceOf(Float64Array);
    expect(s.length).toBe(X.rows);
    expect(s.every(Number.isFinite)).toBe(true);
    const narrow: Matrix = { data: new Float64Array(4 * (X.cols - 1)), rows: 4, cols: X.cols - 1 };
    expect(() => det.score(narrow)).toThrow(/column/);
    expect(det.score({ data: new Float64Array(0), rows: 0, cols: X.cols }).length).toBe(0);
  });

  it('same params and seed give identical scores', async () => {
    const a = (await createDetector(type, testParams(type)).fit(X)).score(X);
    const b = (await createDetector(type, testParams(type)).fit(X)).score(X);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('keeps scores exactly through a JSON round trip', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const json = det.toJSON();
    expect(json.type).toBe(type);
    expect(json.version).toBe(factory.version);
    const copy = roundTrip(json);
    expect(copy).toEqual(json); // plain data: nothing lost or changed by JSON
    const restored = loadDetector(copy);
    expect(restored.fitted).toBe(true);
    expect(restored.params).toEqual(det.params);
    expect(Array.from(restored.score(X))).toEqual(Array.from(det.score(X)));
    // and the restored detector serializes to the same JSON again
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(json));
  });

  it('round trips an unfitted detector', () => {
    const restored = loadDetector(roundTrip(createDetector(type, testParams(type)).toJSON()));
    expect(restored.fitted).toBe(false);
    expect(() => restored.score(X)).toThrow(/fit/);
  });

  it('refuses a JSON of another version with a clear message', async () => {
    const json = roundTrip((await createDetector(type, testParams(type)).fit(X)).toJSON());
    expect(() => loadDetector({ ...json, version: factory.version + 1 })).toThrow(
      new RegExp(`'${type}': version ${factory.version + 1} is not supported`),
    );
  });

  it('scores a subset of rows exactly as the subset of scores (a sequential one: prefixes)', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const all = det.score(X);
    if (det.sequential) {
      // A row's score may use the rows before it, never the rows after it.
      const prefix = det.score(
        selectRows(
          X,
          Array.from({ length: 120 }, (_, i) => i),
        ),
      );
      expect(Array.from(prefix)).toEqual(Array.from(all.subarray(0, 120)));
      return;
    }
    const idx = [17, 0, 57, 3, 199, 3, 108, 42, 5];
    const sub = det.score(selectRows(X, idx));
    expect(Array.from(sub)).toEqual(idx.map((i) => all[i]));
  });

  it('scores each entity of the context on its own history', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const other = sampleMatrix(9, 80);
    const both: Matrix = {
      data: Float64Array.from([...X.data, ...other.data]),
      rows: X.rows + other.rows,
      cols: X.cols,
    };
    // Interleave the two entities' rows to prove the groups, not the row order, define each history.
    const order = Array.from({ length: both.rows }, (_, i) => i).sort((a, b) => (a % 7) - (b % 7) || a - b);
    const shuffled = selectRows(both, order);
    const position = new Int32Array(both.rows);
    order.forEach((src, k) => (position[src] = k));
    const groups = [
      Int32Array.from({ length: X.rows }, (_, i) => position[i]),
      Int32Array.from({ length: other.rows }, (_, i) => position[X.rows + i]),
    ];
    const s = det.score(shuffled, { groups });
    expect(Array.from(groups[0], (k) => s[k])).toEqual(Array.from(det.score(X)));
    expect(Array.from(groups[1], (k) => s[k])).toEqual(Array.from(det.score(other)));
  });

  it('refuses NaN and Infinity with an error naming the row and column', async () => {
    const bad = { ...X, data: Float64Array.from(X.data) };
    bad.data[5 * X.cols + 1] = NaN;
    await expect(createDetector(type, testParams(type)).fit(bad)).rejects.toThrow(
      /non-finite.*row 5, column 1/,
    );
    const det = await createDetector(type, testParams(type)).fit(X);
    const inf = { ...X, data: Float64Array.from(X.data) };
    inf.data[9 * X.cols + 2] = -Infinity;
    expect(() => det.score(inf)).toThrow(/non-finite.*-Infinity.*row 9, column 2/);
  });

  it('rejects with an AbortError when the signal fired before fit', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const det = createDetector(type, testParams(type));
    await expect(det.fit(X, { signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
  });

  it('reports progress in [0, 1], non-decreasing, ending at 1', async () => {
    const seen: number[] = [];
    await createDetector(type, testParams(type)).fit(X, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(1);
    for (let k = 0; k < seen.length; k++) {
      expect(seen[k]).toBeGreaterThanOrEqual(k ? seen[k - 1] : 0);
      expect(seen[k]).toBeLessThanOrEqual(1);
    }
  });

  it('ranks the far-away rows above the cloud', async () => {
    const det = await createDetector(type, testParams(type)).fit(X);
    const s = det.score(X);
    const outliers = [7, 57, 107, 157];
    const inliers = Array.from({ length: X.rows }, (_, i) => i).filter((i) => !outliers.includes(i));
    const sortedInliers = inliers.map((i) => s[i]).sort((a, b) => a - b);
    const p90 = sortedInliers[Math.floor(0.9 * sortedInliers.length)];
    for (const i of outliers) expect(s[i], `row ${i}`).toBeGreaterThan(p90);
  });
});
