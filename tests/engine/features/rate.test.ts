import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FeatureConfigError,
  type FeatureContext,
  type FeatureFamily,
} from '../../../src/engine/features/family';
import { rateFamily } from '../../../src/engine/features/rate';

interface Golden {
  horizons: number[];
  rows: number[];
  cases: { name: string; values: number[]; expected: Record<string, (number | null)[]> }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/rate.json', import.meta.url), 'utf8')) as Golden;

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

const ctx1: FeatureContext = { metrics: ['x'], windows: [6, 12], stepMs: 60_000 };

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof FeatureConfigError ? e.field : `not a FeatureConfigError: ${String(e)}`;
  }
  return undefined;
}

describe('rateFamily', () => {
  const params = rateFamily.parse({});

  it('names diff, pct and accel per horizon: 9 per metric by default', () => {
    const names = rateFamily.names({ metrics: ['cpu', 'mem'], windows: [6], stepMs: null }, params);
    expect(names).toHaveLength(18);
    expect(names.slice(0, 9)).toEqual([
      'cpu__rate__diff_1',
      'cpu__rate__pct_1',
      'cpu__rate__accel_1',
      'cpu__rate__diff_12',
      'cpu__rate__pct_12',
      'cpu__rate__accel_12',
      'cpu__rate__diff_288',
      'cpu__rate__pct_288',
      'cpu__rate__accel_288',
    ]);
    expect(names[9]).toBe('mem__rate__diff_1');
  });

  for (const c of golden.cases) {
    it(`matches the pandas shift/diff reference on the ${c.name} series`, () => {
      expect(params.horizons).toEqual(golden.horizons);
      const names = rateFamily.names(ctx1, params);
      expect(Object.keys(c.expected).sort()).toEqual([...names].sort());
      const rows = run(rateFamily, ctx1, params, [c.values]);
      names.forEach((name, k) => {
        golden.rows.forEach((r, idx) => {
          const e = c.expected[name][idx] as number;
          expect(Math.abs(rows[r][k] - e), `${name} row ${r}: ${rows[r][k]} vs ${e}`).toBeLessThanOrEqual(
            1e-9 * Math.abs(e) + 1e-12,
          );
        });
      });
    });
  }

  it('takes the first value as the missing past, and pct is 0 over a zero past value', () => {
    const p = rateFamily.parse({ horizons: [2] });
    const rows = run(rateFamily, ctx1, p, [[4, 0, 8, 2, 0, 5]]);
    // x:        4  0  8  2  0  5
    // x(t-2):   4  4  4  0  8  2
    // diff:     0 -4  4  2 -8  3
    // pct:      0 -1  1  0 -1  1.5   (x(t-2) = 0 at t = 3)
    // diff(t-2) 0  0  0 -4  4  2     -> accel = diff - diff(t-2)
    expect(rows.map((r) => [...r])).toEqual([
      [0, 0, 0],
      [-4, -1, -4],
      [4, 1, 4],
      [2, 0, 6],
      [-8, -1, -12],
      [3, 1.5, 1],
    ]);
  });

  it('writes finite values for any finite input, extremes included, and matches the formulas elsewhere', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, 1e-300, -5e-324, 1.7e308),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 3 }),
        (xs, horizons) => {
          const p = rateFamily.parse({ horizons });
          const rows = run(rateFamily, ctx1, p, [xs]);
          const at = (s: number) => (s >= 0 ? xs[s] : xs[0]);
          for (let t = 0; t < xs.length; t++) {
            p.horizons.forEach((h, i) => {
              const [diff, pct, accel] = rows[t].subarray(3 * i, 3 * i + 3);
              for (const v of [diff, pct, accel]) expect(Number.isFinite(v)).toBe(true);
              const d = xs[t] - at(t - h);
              const e = [d, at(t - h) === 0 ? 0 : d / Math.abs(at(t - h)), d - (at(t - h) - at(t - 2 * h))];
              [diff, pct, accel].forEach((v, k) => {
                if (Number.isFinite(e[k])) expect(Object.is(v, e[k]) || v === e[k]).toBe(true);
                else expect(v).toBe(0);
              });
            });
          }
        },
      ),
    );
  });

  it('keeps no state shared between entities', () => {
    const [a, b] = [golden.cases[0].values, golden.cases[1].values];
    const alone = [run(rateFamily, ctx1, params, [a]), run(rateFamily, ctx1, params, [b])];
    const states = [rateFamily.create(ctx1, params), rateFamily.create(ctx1, params)];
    const out = new Float64Array(9);
    for (let i = 0; i < 700; i++) {
      for (const [e, series] of [a, b].entries()) {
        states[e].push(Float64Array.of(series[i]), NaN, out, 0);
        expect([...out]).toEqual([...alone[e][i]]);
      }
    }
  });

  it('parses parameters over the defaults and names the field of a bad one', () => {
    expect(rateFamily.parse({})).toEqual({ horizons: [1, 12, 288] });
    expect(rateFamily.parse({ horizons: [24, 6] })).toEqual({ horizons: [6, 24] });
    for (const horizons of [[], [0], [2.5], [10_001], [3, 3], [null], 'daily']) {
      expect(fieldOf(() => rateFamily.parse({ horizons }))).toBe('families.rate.horizons');
    }
    expect(fieldOf(() => rateFamily.parse({ lags: [1] }))).toBe('families.rate.lags');
  });
});
