import { describe, expect, it } from 'vitest';
import { singleMetricFeatures } from '../../../src/engine/features/single-metric';
import { createRandom } from '../../../src/engine/util/random';

/** Brute-force reference: two-pass mean/std over the finite values of each trailing window. */
function reference(values: number[], w: number): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const win = values.slice(Math.max(0, i - w + 1), i + 1).filter((v) => Number.isFinite(v));
    const m = win.reduce((a, b) => a + b, 0) / win.length;
    mean.push(m);
    std.push(win.length >= 2 ? Math.sqrt(win.reduce((a, b) => a + (b - m) ** 2, 0) / (win.length - 1)) : 0);
  }
  return { mean, std };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    if (Math.abs(actual[i] - expected[i]) > tol * scale) {
      throw new Error(`row ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

describe('singleMetricFeatures', () => {
  it('names the columns with the window', () => {
    expect(singleMetricFeatures([1, 2, 3]).names).toEqual([
      'value',
      'diff1',
      'roll_mean_12',
      'roll_std_12',
      'dev_mean_12',
    ]);
    expect(singleMetricFeatures([1, 2, 3], 5).names[3]).toBe('roll_std_5');
  });

  it('matches hand-computed values (window 3)', () => {
    const f = singleMetricFeatures([1, 3, 2, 6], 3);
    const [value, diff1, mean, std, dev] = f.columns;
    expect(Array.from(value)).toEqual([1, 3, 2, 6]);
    expect(Array.from(diff1)).toEqual([0, 2, -1, 4]);
    // means: [1], [1,3], [1,3,2], [3,2,6]
    expectClose(mean, [1, 2, 2, 11 / 3]);
    // stds: <2 rows -> 0; sd(1,3)=sqrt(2); sd(1,3,2)=1; sd(3,2,6)=sqrt(((3-11/3)^2+(2-11/3)^2+(6-11/3)^2)/2)
    expectClose(std, [0, Math.SQRT2, 1, Math.sqrt(((-2 / 3) ** 2 + (-5 / 3) ** 2 + (7 / 3) ** 2) / 2)]);
    expectClose(dev, [0, 1, 0, 6 - 11 / 3]);
  });

  it('matches pandas rolling(4) on a small series', () => {
    const v = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    // pandas 1.5.3: s.diff().fillna(0), s.rolling(4, min_periods=1).mean(),
    // s.rolling(4, min_periods=2).std().fillna(0), s - mean
    const diff = [0, -2, 3, -3, 4, 4, -7, 4, -1, -2, 2, 3, 1, -2, 2, -6, -1, 1, 5, -4];
    const mean = [
      3.0, 2.0, 2.6666666666666665, 2.25, 2.75, 4.75, 4.25, 5.5, 5.5, 4.0, 4.75, 5.25, 6.25, 7.25, 8.25, 7.0,
      5.25, 4.25, 4.0, 4.25,
    ];
    const std = [
      0.0, 1.4142135623730951, 1.5275252316519468, 1.5, 2.0615528128088303, 3.304037933599835,
      3.593976442141304, 2.886751345948129, 2.886751345948129, 1.8257418583505534, 1.2583057392117911,
      2.06155281280883, 2.7537852736430506, 1.707825127659933, 0.9574271077563378, 2.8284271247461903,
      3.304037933599835, 3.2015621187164243, 2.70801280154532, 2.6299556396765835,
    ];
    const f = singleMetricFeatures(v, 4);
    expect(Array.from(f.columns[0])).toEqual(v);
    expect(Array.from(f.columns[1])).toEqual(diff);
    expectClose(f.columns[2], mean);
    expectClose(f.columns[3], std);
    expectClose(
      f.columns[4],
      v.map((x, i) => x - mean[i]),
    );
  });

  it('treats NaN as missing (documented behaviour; pandas on the finite windows)', () => {
    const v = [NaN, 2, NaN, 4, 4, NaN, 7, 1, NaN, NaN, NaN, NaN, 3];
    const [value, diff1, mean, std, dev] = singleMetricFeatures(v, 3).columns;
    expect(Array.from(value)).toEqual([0, 2, 2, 4, 4, 4, 7, 1, 1, 1, 1, 1, 3]);
    expect(Array.from(diff1)).toEqual([0, 0, 0, 0, 0, 0, 0, -6, 0, 0, 0, 0, 0]);
    // pandas rolling(3, min_periods=1).mean(); all-missing windows take the filled value instead of NaN
    expectClose(mean, [0, 2, 2, 3, 4, 4, 5.5, 4, 4, 1, 1, 1, 3]);
    // pandas rolling(3, min_periods=2).std().fillna(0)
    expectClose(std, [
      0,
      0,
      0,
      Math.SQRT2,
      0,
      0,
      2.1213203435596424,
      4.242640687119285,
      4.242640687119285,
      0,
      0,
      0,
      0,
    ]);
    expectClose(dev, [0, 0, 0, 1, 0, 0, 1.5, -3, -3, 0, 0, 0, 0]);
    for (const c of [value, diff1, mean, std, dev]) expect(c.every(Number.isFinite)).toBe(true);
  });

  it('gives exactly 0 std and the value as mean on constant stretches', () => {
    const v = [5, 1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1, 7];
    const [, , mean, std] = singleMetricFeatures(v, 3).columns;
    expect(mean[3]).toBe(1e9 + 0.1);
    expect(std[3]).toBe(0);
    expect(std[4]).toBe(0);
    expect(std[5]).toBe(0);
    expect(std[6]).toBeGreaterThan(0);
  });

  it('stays accurate on long series with a large offset (no catastrophic cancellation)', () => {
    const rng = createRandom(7);
    const v: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = 1e8 + rng.normal() * (i % 700 < 350 ? 1e-3 : 10);
      v.push(i % 97 === 0 ? NaN : x);
    }
    for (const w of [12, 50]) {
      const f = singleMetricFeatures(v, w);
      const ref = reference(v, w);
      expectClose(f.columns[2], ref.mean, 1e-14);
      for (let i = 0; i < v.length; i++) {
        const err = Math.abs(f.columns[3][i] - ref.std[i]);
        if (err > 1e-6 * Math.max(ref.std[i], 1e-3))
          throw new Error(`w ${w} row ${i}: std ${f.columns[3][i]} vs ${ref.std[i]}`);
      }
    }
  });

  it('handles empty input and refuses a bad window', () => {
    const f = singleMetricFeatures([]);
    expect(f.columns.every((c) => c.length === 0)).toBe(true);
    expect(() => singleMetricFeatures([1], 0)).toThrow(/window/);
    expect(() => singleMetricFeatures([1], 2.5)).toThrow(/window/);
  });
});
