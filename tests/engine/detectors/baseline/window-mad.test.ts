import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sortedMad, trailingMedianMad } from '../../../../src/engine/detectors/baseline/window-mad';

const golden = JSON.parse(readFileSync(new URL('../golden/robust-z.json', import.meta.url), 'utf8')) as {
  params: { window: number };
  X: number[][];
  groups: number[][];
  rolling: { median: (number | null)[][]; mad: (number | null)[][] }[];
};

/** The MAD the slow way: sort the absolute deviations from the median, take their median. */
function naiveMad(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const med = (a: number[]) =>
    a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  const m = med(s);
  return med(s.map((v) => Math.abs(v - m)).sort((a, b) => a - b));
}

describe('trailingMedianMad', () => {
  it("matches pandas' rolling median and MAD of the previous rows (window 24, golden)", () => {
    const { window } = golden.params;
    golden.groups.forEach((rows, e) => {
      for (let j = 0; j < 4; j++) {
        const values = rows.map((i) => golden.X[i][j]);
        const med = new Float64Array(values.length);
        const mad = new Float64Array(values.length);
        trailingMedianMad(values, window, med, mad);
        expect(med[0]).toBeNaN();
        expect(mad[0]).toBeNaN();
        const want = golden.rolling[e];
        for (let t = 1; t < values.length; t++) {
          expect(Math.abs(med[t] - want.median[j][t]!), `entity ${e} column ${j} row ${t}`).toBeLessThan(
            1e-12,
          );
          expect(Math.abs(mad[t] - want.mad[j][t]!), `entity ${e} column ${j} row ${t}`).toBeLessThan(1e-12);
        }
      }
    });
  });

  it('gives MAD 0 over a flat stretch and recovers after it', () => {
    const values = [1, 2, 3, 7, 7, 7, 7, 7, 7, 1, 9];
    const med = new Float64Array(values.length);
    const mad = new Float64Array(values.length);
    trailingMedianMad(values, 4, med, mad);
    // windows [1], [1,2], [1,2,3], [1,2,3,7], [2,3,7,7], [3,7,7,7], [7,7,7,7] x 3, [7,7,7,1]
    expect(Array.from(med.subarray(1))).toEqual([1, 1.5, 2, 2.5, 5, 7, 7, 7, 7, 7]);
    expect(Array.from(mad.subarray(1))).toEqual([0, 0.5, 1, 1, 2, 0, 0, 0, 0, 0]);
  });
});

describe('sortedMad', () => {
  it('equals the MAD computed by sorting the deviations, for any sorted sample (ties included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }), (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const n = s.length;
        const m = n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
        expect(sortedMad(Float64Array.from(s), n, m)).toBe(naiveMad(xs));
      }),
      { numRuns: 500 },
    );
  });

  it('is NaN for no values and 0 for one', () => {
    expect(sortedMad(new Float64Array(0), 0, NaN)).toBeNaN();
    expect(sortedMad(Float64Array.of(4), 1, 4)).toBe(0);
  });
});
