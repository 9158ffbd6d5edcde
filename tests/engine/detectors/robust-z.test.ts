import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RobustZ, robustZFactory, type RobustZState } from '../../../src/engine/detectors/robust-z';
import type { Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

const golden = JSON.parse(readFileSync(new URL('./golden/robust-z.json', import.meta.url), 'utf8')) as {
  params: { window: number; minPeriods: number };
  train: number[][];
  X: number[][];
  groups: number[][];
  trainMedian: number[];
  trainScale: number[];
  max: number[];
  mean: number[];
};

const matrix = (rows: number[][]): Matrix => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0].length,
});

function noise(rows: number, seed: number, sd = 1): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: rows }, () => sd * rng.normal());
}

describe('RobustZ against pandas (golden: rolling median and MAD, 2 entities, ties, MAD 0, constant column)', () => {
  it('fits the training medians and robust scales (1.4826 MAD, mean-AD and unit fallbacks)', async () => {
    const det = await new RobustZ(golden.params).fit(matrix(golden.train));
    const s = det.toJSON().state as RobustZState;
    s.median.forEach((v, j) => expect(v).toBeCloseTo(golden.trainMedian[j], 12));
    s.scale.forEach((v, j) => expect(v).toBeCloseTo(golden.trainScale[j], 12));
    expect(s.scaleSource).toEqual([0, 0, 1, 2]);
    expect(det.notes()[2]).toBe(
      '2 of 4 columns have a training MAD of 0: their scale is the mean absolute deviation (1) or 1 for constant columns (1).',
    );
  });

  it.each(['max', 'mean'] as const)(
    'scores every row as the reference formula, combine %s',
    async (combine) => {
      const det = await new RobustZ({ ...golden.params, combine }).fit(matrix(golden.train));
      const s = det.score(matrix(golden.X), { groups: golden.groups.map((g) => Int32Array.from(g)) });
      const want = golden[combine];
      expect(s.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        expect(Math.abs(s[i] - want[i]), `row ${i}: ${s[i]} vs ${want[i]}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, want[i]),
        );
      }
    },
  );
});

describe('RobustZ', () => {
  it('scores a spike on arrival, and a level shift less and less as the window fills with the new level', async () => {
    const x = noise(600, 4);
    x[200] += 12;
    for (let t = 400; t < 600; t++) x[t] += 6;
    const X: Matrix = { data: x, rows: 600, cols: 1 };
    const det = await new RobustZ({ window: 48 }).fit({ data: noise(500, 5), rows: 500, cols: 1 });
    const s = det.score(X);
    const sorted = Array.from(s).sort((a, b) => b - a);
    expect(s[200]).toBe(sorted[0]);
    expect(s[200]).toBeGreaterThan(8);
    expect(s[401]).toBeGreaterThan(3);
    const late = s.subarray(480, 600).reduce((a, b) => a + b, 0) / 120;
    expect(late).toBeLessThan(1.2);
    // the row after the spike is not disturbed by it: the median and MAD resist one outlier
    expect(s[201]).toBeLessThan(4);
  });

  it('uses the training baseline alone below minPeriods, then blends in the rolling one', async () => {
    const train: Matrix = {
      data: Float64Array.from({ length: 100 }, (_, i) => (i % 10) - 4.5),
      rows: 100,
      cols: 1,
    };
    const det = await new RobustZ({ window: 10, minPeriods: 4 }).fit(train);
    const st = det.toJSON().state as RobustZState;
    expect(st.median).toEqual([0]);
    // rows 0..3 against the training median 0 and scale 1.4826 * 2.5
    const X: Matrix = { data: Float64Array.from([5, 5, 5, 5, 5, 5]), rows: 6, cols: 1 };
    const s = det.score(X);
    for (let t = 0; t < 4; t++) expect(s[t]).toBeCloseTo(5 / (1.4826 * 2.5), 12);
    // row 4: 4 previous rows of 5 (median 5, MAD 0), weight 0.4: median 2, scale 0.6 * 3.7065 floored
    expect(s[4]).toBeCloseTo(3 / (0.6 * 1.4826 * 2.5), 12);
    expect(s[5]).toBeCloseTo(2.5 / (0.5 * 1.4826 * 2.5), 12);
  });

  it('floors the local scale at 0.1 x the training scale (no infinite z after a flat stretch)', async () => {
    const det = await new RobustZ({ window: 5, minPeriods: 1 }).fit({
      data: noise(200, 6),
      rows: 200,
      cols: 1,
    });
    const trainScale = (det.toJSON().state as RobustZState).scale[0];
    const X: Matrix = { data: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 1]), rows: 8, cols: 1 };
    const s = det.score(X);
    expect(s[7]).toBeCloseTo(1 / (0.1 * trainScale), 9);
    expect(s.every(Number.isFinite)).toBe(true);
  });

  it("combines columns by 'max' (default) or 'mean' of |z|", async () => {
    const train: Matrix = { data: noise(400, 7), rows: 200, cols: 2 };
    const X: Matrix = { data: noise(100, 8), rows: 50, cols: 2 };
    X.data[2 * 30] = 20;
    const byMax = (await new RobustZ().fit(train)).score(X);
    const byMean = (await new RobustZ({ combine: 'mean' }).fit(train)).score(X);
    for (let i = 0; i < 50; i++) {
      expect(byMax[i]).toBeGreaterThanOrEqual(byMean[i]);
      expect(byMax[i]).toBeLessThanOrEqual(2 * byMean[i] + 1e-12);
    }
    expect(byMax[30]).toBeGreaterThan(5);
  });

  it('refuses bad params with messages naming them', () => {
    expect(() => new RobustZ({ window: 1 })).toThrow(/'window' must be an integer in \[2, 100000\]/);
    expect(() => new RobustZ({ minPeriods: 0.5 })).toThrow(/minPeriods/);
    expect(() => new RobustZ({ combine: 'median' })).toThrow(/'combine' must be one of 'max', 'mean'/);
    expect(() => new RobustZ({ contamination: 0 })).toThrow(/contamination/);
    expect(() => new RobustZ({ windows: 3 })).toThrow(/unknown parameter 'windows'/);
    expect(() => new RobustZ({ window: '24' })).toThrow(/'window' must be a finite number/);
  });

  it('refuses a corrupted fitted state', async () => {
    const json = (await new RobustZ().fit({ data: noise(40, 1), rows: 20, cols: 2 })).toJSON();
    const state = json.state as RobustZState;
    expect(() => robustZFactory.fromJSON({ ...json, state: { ...state, scale: [1] } })).toThrow(
      /robust-z: invalid fitted state: 'scale' must be an array of 2 numbers/,
    );
    expect(() => robustZFactory.fromJSON({ ...json, state: { ...state, scale: [1, 0] } })).toThrow(/> 0/);
  });

  it('describes the window and combination in its notes', async () => {
    const det = await new RobustZ({ window: 288 }).fit({ data: noise(1000, 2), rows: 1000, cols: 1 });
    expect(det.notes()).toEqual([
      'Each row is compared with the median and MAD of the previous 288 rows of its entity; with fewer, ' +
        "the 1,000 training rows' medians and scales are blended in (alone below 12 rows).",
      'Columns combine by the largest |z| over 1 column.',
    ]);
  });
});
