import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributionFamily } from '../../../src/engine/features/distribution';
import {
  FeatureConfigError,
  type FeatureContext,
  type FeatureFamily,
} from '../../../src/engine/features/family';
import { createRandom } from '../../../src/engine/util/random';

interface Golden {
  windows: number[];
  rows: number[];
  cases: { name: string; values: number[]; expected: Record<string, (number | null)[]> }[];
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/distribution.json', import.meta.url), 'utf8'),
) as Golden;

/** Pushes the rows of one entity (one array per metric) and returns the feature rows. */
function run<P>(
  family: FeatureFamily<P>,
  ctx: FeatureContext,
  params: P,
  columns: number[][],
): Float64Array[] {
  const width = family.names(ctx, params).length;
  const state = family.create(ctx, params);
  const values = new Float64Array(columns.length);
  const rows: Float64Array[] = [];
  for (let i = 0; i < columns[0].length; i++) {
    for (let j = 0; j < columns.length; j++) values[j] = columns[j][i];
    const out = new Float64Array(width);
    state.push(values, NaN, out, 0);
    rows.push(out);
  }
  return rows;
}

const ctx1 = (windows: number[]): FeatureContext => ({ metrics: ['x'], windows, stepMs: 300_000 });

/** The bounds of the sample statistics of n values, whatever the values (with a little slack). */
function bounds(n: number): { skew: number; kurtLow: number; kurtHigh: number; z: number } {
  // Population kurtosis m4/m2^2 lies in [1, n - 2 + 1/(n - 1)]; |g1| <= (n - 2)/sqrt(n - 1); a sample
  // z-score is at most (n - 1)/sqrt(n) in magnitude.
  const k = (r: number) => ((n * n - 1) * r - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  return {
    skew: Math.sqrt(n) * (1 + 1e-6),
    kurtLow: k(1) - 1e-6,
    kurtHigh: k(n - 2 + 1 / (n - 1)) + 1e-6,
    z: (n - 1) / Math.sqrt(n) + 1e-6,
  };
}

describe('distributionFamily', () => {
  const params = distributionFamily.parse({});

  it('names skew, kurt and zscore per window: 18 per metric by default', () => {
    const ctx: FeatureContext = { metrics: ['cpu', 'mem'], windows: [6, 12, 24, 48, 96, 288], stepMs: null };
    const names = distributionFamily.names(ctx, params);
    expect(names).toHaveLength(36);
    expect(names.slice(0, 4)).toEqual([
      'cpu__distribution__skew_w6',
      'cpu__distribution__kurt_w6',
      'cpu__distribution__zscore_w6',
      'cpu__distribution__skew_w12',
    ]);
    expect(names[18]).toBe('mem__distribution__skew_w6');
  });

  for (const c of golden.cases) {
    it(`matches pandas rolling skew/kurt and the z-score on the ${c.name} series within 1e-9`, () => {
      const ctx = ctx1(golden.windows);
      const names = distributionFamily.names(ctx, params);
      expect(Object.keys(c.expected).sort()).toEqual([...names].sort());
      const rows = run(distributionFamily, ctx, params, [c.values]);
      let nulls = 0;
      names.forEach((name, k) => {
        golden.rows.forEach((r, idx) => {
          const e = c.expected[name][idx];
          const a = rows[r][k];
          if (e === null) {
            // pandas' NaN (too few values, constant window, zero std) is 0 here.
            expect(a, `${name} row ${r}`).toBe(0);
            nulls++;
          } else {
            expect(Math.abs(a - e), `${name} row ${r}: ${a} vs ${e}`).toBeLessThanOrEqual(
              1e-9 * (Math.abs(e) + 1),
            );
          }
        });
      });
      // Warm-up rows (and the constant stretch of the steps series) do reach the null branch.
      expect(nulls).toBeGreaterThan(0);
    });
  }

  it('defines the warm-up rows: skew from 3 values, kurt from 4, zscore from 2', () => {
    const rows = run(distributionFamily, ctx1([10]), params, [[1, 2, 4, 8, 16]]);
    // pandas: s.rolling(10, min_periods=1).skew() = [nan, nan, 0.9352195295828318, 1.1376243669576889, ...],
    // .kurt() = [nan, nan, nan, 0.7576559546313799, ...], (s - mean) / std = [nan, 0.7071067811865475, 1.0910894511799618, ...]
    expect([...rows[0]]).toEqual([0, 0, 0]);
    expect(rows[1][0]).toBe(0);
    expect(rows[1][1]).toBe(0);
    expect(rows[1][2]).toBeCloseTo(Math.SQRT1_2, 14);
    // By hand: d = (-4/3, -1/3, 5/3), m2 = 14/9, m3 = 20/27, skew = sqrt(3 * 2) / 1 * m3 / m2^1.5
    expect(rows[2][0]).toBeCloseTo((Math.sqrt(6) * (20 / 27)) / (14 / 9) ** 1.5, 13);
    expect(rows[2][0]).toBeCloseTo(0.9352195295828318, 13);
    expect(rows[2][1]).toBe(0);
    expect(rows[2][2]).toBeCloseTo(1.0910894511799618, 13);
    expect(rows[3][0]).toBeCloseTo(1.1376243669576889, 13);
    expect(rows[3][1]).toBeCloseTo(0.7576559546313799, 13);
  });

  it('gives 0 for a constant window and a constant series', () => {
    const rows = run(distributionFamily, ctx1([3, 50]), params, [[5, 9, 1e9, 7, 7, 7, 7, 7]]);
    expect([...rows[7].subarray(0, 3)]).toEqual([0, 0, 0]);
    const constant = run(distributionFamily, ctx1([3, 50]), params, [new Array(100).fill(-2.5e-7)]);
    for (const row of constant) expect([...row]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('is scale-free, unlike pandas: data in 1e-9 units has the shape it has in units of 1', () => {
    const rnd = createRandom(5);
    const xs = Array.from({ length: 600 }, () => Math.exp(rnd.normal()));
    const ctx = ctx1([6, 48]);
    const a = run(distributionFamily, ctx, params, [xs]);
    const b = run(distributionFamily, ctx, params, [xs.map((x) => x * 1e-9)]);
    for (let i = 0; i < xs.length; i++) {
      for (let k = 0; k < 6; k++)
        expect(Math.abs(a[i][k] - b[i][k])).toBeLessThanOrEqual(1e-9 * (Math.abs(a[i][k]) + 1));
    }
  });

  it('writes finite values within the bounds of sample statistics for any finite input', () => {
    const series = fc.oneof(
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: -1e-9, max: 1e-9, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.constantFrom(0, 1, 1e9, 1e9 + 1, -1e-9), { minLength: 1, maxLength: 60 }),
    );
    fc.assert(
      fc.property(
        series,
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }),
        (values, windows) => {
          const ctx = ctx1(windows);
          const names = distributionFamily.names(ctx, params);
          const rows = run(distributionFamily, ctx, params, [values]);
          // Fourth powers of values beyond 1e77 overflow and of spreads below 1e-77 underflow.
          const extreme = values.some((v) => Math.abs(v) > 1e75 || (v !== 0 && Math.abs(v) < 1e-75));
          for (let i = 0; i < values.length; i++) {
            for (let k = 0; k < names.length; k++) expect(Number.isFinite(rows[i][k])).toBe(true);
            if (extreme) continue;
            windows.forEach((w, wi) => {
              const n = Math.min(w, i + 1);
              const [skew, kurt, z] = rows[i].subarray(3 * wi, 3 * wi + 3);
              if (n >= 3) expect(Math.abs(skew)).toBeLessThanOrEqual(bounds(n).skew);
              if (n >= 4 && kurt !== 0) {
                expect(kurt).toBeGreaterThanOrEqual(bounds(n).kurtLow);
                expect(kurt).toBeLessThanOrEqual(bounds(n).kurtHigh);
              }
              if (n >= 2) expect(Math.abs(z)).toBeLessThanOrEqual(bounds(n).z);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps no state shared between entities', () => {
    const ctx = ctx1([6, 24]);
    const [a, b] = [golden.cases[0].values.slice(0, 200), golden.cases[1].values.slice(0, 200)];
    const alone = [run(distributionFamily, ctx, params, [a]), run(distributionFamily, ctx, params, [b])];
    const states = [distributionFamily.create(ctx, params), distributionFamily.create(ctx, params)];
    const out = new Float64Array(6);
    for (let i = 0; i < 200; i++) {
      for (const [e, series] of [a, b].entries()) {
        states[e].push(Float64Array.of(series[i]), NaN, out, 0);
        expect([...out]).toEqual([...alone[e][i]]);
      }
    }
  });

  it('parses parameters over the defaults and names the field of a bad one', () => {
    expect(distributionFamily.parse({})).toEqual({ stats: ['skew', 'kurt', 'zscore'] });
    const p = distributionFamily.parse({ stats: ['zscore'] });
    expect(distributionFamily.names(ctx1([6, 12]), p)).toEqual([
      'x__distribution__zscore_w6',
      'x__distribution__zscore_w12',
    ]);
    const full = run(distributionFamily, ctx1([6, 12]), params, [golden.cases[0].values.slice(0, 100)]);
    const only = run(distributionFamily, ctx1([6, 12]), p, [golden.cases[0].values.slice(0, 100)]);
    for (let i = 0; i < 100; i++) expect([only[i][0], only[i][1]]).toEqual([full[i][2], full[i][5]]);
    for (const raw of [
      { stats: [] },
      { stats: ['skew', 'mean'] },
      { stats: ['kurt', 'kurt'] },
      { stats: 'skew' },
    ]) {
      expect(() => distributionFamily.parse(raw)).toThrow(FeatureConfigError);
      try {
        distributionFamily.parse(raw);
      } catch (e) {
        expect((e as FeatureConfigError).field).toBe('families.distribution.stats');
      }
    }
    expect(() => distributionFamily.parse({ bins: 3 })).toThrow(/families\.distribution\.bins/);
  });
});
