import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emMvCriteria, emMvFeatureGroups, selectColumns } from '../../../src/engine/tuning/em-mv';
import { excessMassCurve } from '../../../src/engine/tuning/excess-mass';
import { massVolumeCurve } from '../../../src/engine/tuning/mass-volume';
import type { Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

// Normality s = -score: the rows at s = 0, -1, -2, -3; ten uniform points, box volume 2.
const data = [3, 2, 1, 0];
const uniform = [5, 4, 3.5, 2.5, 2.5, 1.5, 1.5, 1.5, 0.5, -0.5];

describe('excess-mass curve', () => {
  it('matches a hand calculation', () => {
    // Level sets {s > u}: u = -3: mass 3/4, volume 7/10 * 2 = 1.4; u = -2: 1/2, 1.0; u = -1: 1/4, 0.4;
    // u = 0: 0, 0.2. EM(t) = max(0, 0.75 - 1.4t, 0.5 - t, 0.25 - 0.4t); t_k = 0.1 k / 2.
    const c = excessMassCurve(data, uniform, 2, { tStep: 0.1, emMin: 0.04 });
    const expected = [1, 0.68, 0.61, 0.54, 0.47, 0.4, 0.33, 0.26, 0.19, 0.12, 0.05, 0.03];
    expect(c.em.length).toBe(expected.length);
    c.em.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
    c.t.forEach((v, k) => expect(v).toBeCloseTo(0.05 * k, 12));
    expect(c.reached).toBe(true);
    // Trapezoids: 0.05 * ((1 + 0.03) / 2 + 0.68 + 0.61 + ... + 0.05) = 0.05 * 4.165.
    expect(c.auc).toBeCloseTo(0.20825, 12);
  });

  it('equals the maximum over every threshold (the hull changes nothing)', () => {
    const rng = createRandom(3);
    const sX = Array.from({ length: 300 }, () => Math.round(rng.normal() * 20) / 10);
    const sU = Array.from({ length: 2000 }, () => rng.uniform(-3, 5));
    const vol = 3.7;
    const c = excessMassCurve(sX, sU, vol, { tStep: 0.01, emMin: 0.2 });
    const s = sX.map((v) => -v);
    const u = sU.map((v) => -v);
    for (let k = 1; k < c.t.length; k++) {
      let best = 0;
      for (const th of new Set(s)) {
        const m = s.filter((v) => v > th).length / s.length;
        const l = (u.filter((v) => v > th).length / u.length) * vol;
        best = Math.max(best, m - c.t[k] * l);
      }
      expect(c.em[k]).toBeCloseTo(best, 12);
    }
  });

  it('flags a curve that never falls to its level', () => {
    // Every uniform point is more anomalous than every row: the rows' level set has no volume.
    const rows = Array.from({ length: 20 }, (_, i) => i / 100);
    const c = excessMassCurve(rows, [5, 6], 1, { tStep: 1, tLimit: 10 });
    expect(c.em[9]).toBeCloseTo(0.95, 12);
    expect(c.reached).toBe(false);
    expect(c.t.length).toBe(10);
  });
});

describe('mass-volume curve', () => {
  it('matches a hand calculation', () => {
    // alpha 0.5: the 2 most normal rows, u = -1, points with s >= -1: 2 -> 0.4; alpha 0.75: u = -2, 5 -> 1.0;
    // alpha 1: u = -3, 7 -> 1.4. Area 0.25 * (0.4 + 1.0) / 2 + 0.25 * (1.0 + 1.4) / 2 = 0.475.
    const c = massVolumeCurve(data, uniform, 2, { alphaMin: 0.5, alphaMax: 1, alphaStep: 0.25 });
    expect(Array.from(c.alpha)).toEqual([0.5, 0.75, 1]);
    expect(c.mv[0]).toBeCloseTo(0.4, 12);
    expect(c.mv[1]).toBeCloseTo(1.0, 12);
    expect(c.mv[2]).toBeCloseTo(1.4, 12);
    expect(c.auc).toBeCloseTo(0.475, 12);
  });

  it("counts points tied with the threshold (>=), as Goix's code", () => {
    const c = massVolumeCurve([0, 1], [1, 1, 2, 0], 1, { alphaMin: 1, alphaMax: 1 });
    // alpha 1 takes both rows, u = s of score 1; points with score <= 1: 1, 1, 0.
    expect(c.mv[0]).toBeCloseTo(0.75, 12);
  });

  it("uses Goix's default grid [0.9, 0.999]", () => {
    const c = massVolumeCurve(data, uniform, 2);
    expect(c.alpha.length).toBe(100);
    expect(c.alpha[0]).toBe(0.9);
    expect(c.alpha[99]).toBeCloseTo(0.999, 12);
  });
});

describe("Goix's reference code", () => {
  // Scores with ties; areas from em() and mv() of EMMV_benchmarks/em.py (golden/emmv_reference.py).
  const cases = JSON.parse(readFileSync(new URL('golden/emmv-reference.json', import.meta.url), 'utf8')) as {
    volume: number;
    data: number[];
    uniform: number[];
    reference: { em: number; mv: number };
  }[];
  it.each(cases.map((c, i) => [i, c] as const))('gives its EM and MV areas (case %i)', (_, c) => {
    expect(excessMassCurve(c.data, c.uniform, c.volume).auc).toBeCloseTo(c.reference.em, 14);
    expect(massVolumeCurve(c.data, c.uniform, c.volume).auc).toBeCloseTo(c.reference.mv, 12);
  });
});

/** Rows from a tight normal cloud around 0 in `cols` dimensions, plus a constant last column. */
function cloud(rows: number, cols: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * (cols + 1));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * (cols + 1) + j] = rng.normal();
    data[i * (cols + 1) + cols] = 4;
  }
  return { data, rows, cols: cols + 1 };
}

/** A "detector": squared distance from the training mean (good), or its negative (bad). */
function distanceModel(sign: number) {
  return async (train: Matrix) => {
    const mean = new Float64Array(train.cols);
    for (let i = 0; i < train.rows; i++)
      for (let j = 0; j < train.cols; j++) mean[j] += train.data[i * train.cols + j] / train.rows;
    return (X: Matrix) =>
      Float64Array.from({ length: X.rows }, (_, i) => {
        let s = 0;
        for (let j = 0; j < X.cols; j++) s += (X.data[i * X.cols + j] - mean[j]) ** 2;
        return sign * s;
      });
  };
}

describe('EM / MV criteria', () => {
  const train = cloud(400, 2, 1);
  const evaluation = cloud(300, 2, 2);

  it('rank a model that wraps the data above one that inverts it', async () => {
    const opts = { uniformPoints: 20_000, seed: 4 };
    const good = await emMvCriteria(train, evaluation, distanceModel(1), opts);
    const bad = await emMvCriteria(train, evaluation, distanceModel(-1), opts);
    expect(good.constant).toEqual([2]);
    expect(good.draws).toHaveLength(1);
    expect(good.draws[0].features).toEqual([0, 1]);
    expect(good.em).toBeGreaterThan(bad.em);
    expect(good.mv).toBeLessThan(bad.mv);
    // Same seed, same draws: the criteria repeat exactly.
    const again = await emMvCriteria(train, evaluation, distanceModel(1), opts);
    expect(again.em).toBe(good.em);
    expect(again.mv).toBe(good.mv);
  });

  it('averages over random groups of a few features in high dimension, refitting on each', async () => {
    const wide = cloud(200, 8, 5);
    const fits: number[][] = [];
    const result = await emMvCriteria(
      wide,
      wide,
      async (t, features) => {
        fits.push([...features]);
        expect(t.cols).toBe(3);
        return distanceModel(1)(t);
      },
      { maxFeatures: 3, draws: 4, uniformPoints: 2000, seed: 9 },
    );
    expect(result.draws).toHaveLength(4);
    expect(fits).toEqual(result.draws.map((d) => d.features));
    for (const f of fits) {
      expect(f).toHaveLength(3);
      expect(new Set(f).size).toBe(3);
      expect(f.every((j) => j >= 0 && j < 8)).toBe(true); // never the constant column 8
      expect([...f].sort((a, b) => a - b)).toEqual(f);
    }
    expect(result.em).toBeCloseTo(result.draws.reduce((s, d) => s + d.em, 0) / 4, 12);
    expect(emMvFeatureGroups(wide, { maxFeatures: 3, draws: 4, seed: 9 }).groups).toEqual(fits);
  });

  it('selects columns', () => {
    const m = selectColumns({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 }, [2, 0]);
    expect(Array.from(m.data)).toEqual([3, 1, 6, 4]);
  });
});
