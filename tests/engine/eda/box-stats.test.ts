import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxStats, OUTLIER_SAMPLE, quantileSorted } from '../../../src/engine/eda/box-stats';

describe('boxStats', () => {
  it('hand-checked: quartiles, whiskers and outliers of 1..9 and 100', () => {
    // numpy: percentile([1..9, 100], [25, 50, 75]) = 3.25, 5.5, 7.75; IQR 4.5; fences -3.5, 14.5.
    const [b] = boxStats([5, 1, 9, 2, 100, 3, 8, 4, 7, 6, NaN]);
    expect(b).toMatchObject({ key: 'all', n: 10, missing: 1, min: 1, q1: 3.25, median: 5.5, q3: 7.75 });
    expect(b).toMatchObject({ max: 100, whiskerLo: 1, whiskerHi: 9, outliersLow: 0, outliersHigh: 1 });
    expect([...b.outlierSample]).toEqual([100]);
  });

  it('splits by groups of rows', () => {
    const values = [1, 2, 3, 10, 20, 30, NaN];
    const out = boxStats(values, [
      { key: 'a', rows: [0, 1, 2] },
      { key: 'b', rows: Int32Array.from([3, 4, 5, 6]) },
      { key: 'empty', rows: [] },
    ]);
    expect(out.map((b) => [b.key, b.n, b.median, b.missing])).toEqual([
      ['a', 3, 2, 0],
      ['b', 3, 20, 1],
      ['empty', 0, NaN, 0],
    ]);
  });

  it('samples at most 50 outliers, extremes included, in ascending order', () => {
    const values = Float64Array.from({ length: 2000 }, (_, i) => (i < 1800 ? i % 10 : 1000 + i));
    const [b] = boxStats(values);
    expect(b.outliersHigh).toBe(200);
    expect(b.outlierSample).toHaveLength(OUTLIER_SAMPLE);
    expect(b.outlierSample[0]).toBe(2800);
    expect(b.outlierSample[OUTLIER_SAMPLE - 1]).toBe(2999);
    expect([...b.outlierSample]).toEqual([...b.outlierSample].sort((x, y) => x - y));
  });

  it('property: min <= whiskerLo <= q1 <= median <= q3 <= whiskerHi <= max; counts add up; equals sorted quantiles', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })),
          {
            minLength: 1,
            maxLength: 6000,
          },
        ),
        (xs) => {
          const [b] = boxStats(xs);
          expect(b.min).toBeLessThanOrEqual(b.whiskerLo);
          expect(b.whiskerLo).toBeLessThanOrEqual(b.q1);
          expect(b.q1).toBeLessThanOrEqual(b.median);
          expect(b.median).toBeLessThanOrEqual(b.q3);
          expect(b.q3).toBeLessThanOrEqual(b.whiskerHi);
          expect(b.whiskerHi).toBeLessThanOrEqual(b.max);
          const sorted = Float64Array.from(xs).sort();
          expect(b.median).toBe(quantileSorted(sorted, 0.5));
          expect(b.q1).toBe(quantileSorted(sorted, 0.25));
          const outside = xs.filter((v) => v < b.fenceLo || v > b.fenceHi).length;
          expect(b.outliersLow + b.outliersHigh).toBe(outside);
        },
      ),
      { numRuns: 200 },
    );
  });
});
