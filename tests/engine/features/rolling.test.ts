import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FeatureConfigError,
  type FeatureContext,
  type FeatureFamily,
} from '../../../src/engine/features/family';
import { rollingFamily, type RollingParams } from '../../../src/engine/features/rolling';
import { createRandom } from '../../../src/engine/util/random';

interface Golden {
  windows: number[];
  rows: number[];
  cases: { name: string; values: number[]; expected: Record<string, (number | null)[]> }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/rolling.json', import.meta.url), 'utf8')) as Golden;

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

/** Naive reference: sort each trailing window (pandas semantics, min_periods=1; std of 1 value = 0). */
function naive(values: number[], w: number, i: number): Record<string, number> {
  const win = values.slice(Math.max(0, i - w + 1), i + 1);
  const s = [...win].sort((a, b) => a - b);
  const n = s.length;
  const q = (p: number) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    return lo + 1 < n ? s[lo] + (s[lo + 1] - s[lo]) * (pos - lo) : s[lo];
  };
  const mean = win.reduce((a, b) => a + b, 0) / n;
  const m2 = win.reduce((a, b) => a + (b - mean) ** 2, 0);
  return {
    mean,
    std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
    min: s[0],
    max: s[n - 1],
    median: n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2,
    q25: q(0.25),
    q75: q(0.75),
    q90: q(0.9),
    range: s[n - 1] - s[0],
  };
}

const ctx1 = (windows: number[]): FeatureContext => ({ metrics: ['x'], windows, stepMs: 300_000 });

describe('rollingFamily', () => {
  const params = rollingFamily.parse({});

  it('names every (metric, window, stat) in that order: 9 stats x 6 windows per metric', () => {
    const ctx: FeatureContext = { metrics: ['cpu', 'mem'], windows: [6, 12, 24, 48, 96, 288], stepMs: null };
    const names = rollingFamily.names(ctx, params);
    expect(names).toHaveLength(2 * 54);
    expect(names.slice(0, 10)).toEqual([
      'cpu__rolling__mean_w6',
      'cpu__rolling__std_w6',
      'cpu__rolling__min_w6',
      'cpu__rolling__max_w6',
      'cpu__rolling__median_w6',
      'cpu__rolling__q25_w6',
      'cpu__rolling__q75_w6',
      'cpu__rolling__q90_w6',
      'cpu__rolling__range_w6',
      'cpu__rolling__mean_w12',
    ]);
    expect(names).toContain('cpu__rolling__q90_w12');
    expect(names[54]).toBe('mem__rolling__mean_w6');
    expect(names[107]).toBe('mem__rolling__range_w288');
    expect(new Set(names).size).toBe(names.length);
  });

  for (const c of golden.cases) {
    it(`matches pandas rolling(w, min_periods=1) on the ${c.name} series within 1e-9`, () => {
      const ctx = ctx1(golden.windows);
      const names = rollingFamily.names(ctx, params);
      expect(Object.keys(c.expected).sort()).toEqual([...names].sort());
      const rows = run(rollingFamily, ctx, params, [c.values]);
      let compared = 0;
      names.forEach((name, k) => {
        golden.rows.forEach((r, idx) => {
          const e = c.expected[name][idx];
          const a = rows[r][k];
          // pandas gives NaN only for the std of a single value, which the family defines as 0.
          if (e === null) {
            expect(name.startsWith('x__rolling__std_') && r === 0, `${name} row ${r}`).toBe(true);
            expect(a).toBe(0);
          } else {
            expect(Math.abs(a - e), `${name} row ${r}: ${a} vs ${e}`).toBeLessThanOrEqual(
              1e-9 * Math.abs(e) + 1e-12,
            );
          }
          compared++;
        });
      });
      expect(compared).toBe(54 * golden.rows.length);
    });
  }

  it('writes each metric at its offset, exactly names.length values, in names order', () => {
    const [a, b] = [golden.cases[0], golden.cases[2]];
    const ctx: FeatureContext = { metrics: ['a', 'b'], windows: golden.windows, stepMs: null };
    const width = rollingFamily.names(ctx, params).length;
    const state = rollingFamily.create(ctx, params);
    const singleA = run(rollingFamily, ctx1(golden.windows), params, [a.values]);
    const singleB = run(rollingFamily, ctx1(golden.windows), params, [b.values]);
    const out = new Float64Array(width + 10);
    for (let i = 0; i < 400; i++) {
      out.fill(-7);
      state.push(Float64Array.of(a.values[i], b.values[i]), NaN, out, 5);
      expect([...out.subarray(0, 5), ...out.subarray(5 + width)]).toEqual(new Array(10).fill(-7));
      expect([...out.subarray(5, 5 + 54)]).toEqual([...singleA[i]]);
      expect([...out.subarray(5 + 54, 5 + width)]).toEqual([...singleB[i]]);
    }
  });

  it('computes only the requested statistics, in the requested order', () => {
    const values = golden.cases[0].values.slice(0, 300);
    const full = run(rollingFamily, ctx1([12, 96]), params, [values]);
    const fullNames = rollingFamily.names(ctx1([12, 96]), params);
    for (const stats of [['q90', 'mean'], ['std'], ['range', 'min']] as RollingParams['stats'][]) {
      const p = rollingFamily.parse({ stats });
      const names = rollingFamily.names(ctx1([12, 96]), p);
      expect(names).toEqual([12, 96].flatMap((w) => stats.map((s) => `x__rolling__${s}_w${w}`)));
      const rows = run(rollingFamily, ctx1([12, 96]), p, [values]);
      for (let i = 0; i < values.length; i++) {
        names.forEach((n, k) => expect(rows[i][k]).toBe(full[i][fullNames.indexOf(n)]));
      }
    }
  });

  it('matches a naive sort of each window over a long series (no drift after 20,000 rows)', () => {
    const rnd = createRandom(11);
    const values: number[] = [];
    let walk = 0;
    for (let i = 0; i < 20_000; i++) {
      walk += rnd.normal();
      values.push(1e4 + walk + (rnd.next() < 0.01 ? 500 * rnd.next() : 0));
    }
    const windows = [6, 288];
    const names = rollingFamily.names(ctx1(windows), params);
    const rows = run(rollingFamily, ctx1(windows), params, [values]);
    for (let i = 0; i < values.length; i += i < 300 ? 1 : 97) {
      for (const w of windows) {
        const ref = naive(values, w, i);
        for (const [stat, e] of Object.entries(ref)) {
          const a = rows[i][names.indexOf(`x__rolling__${stat}_w${w}`)];
          expect(Math.abs(a - e), `${stat}_w${w} row ${i}`).toBeLessThanOrEqual(1e-9 * Math.abs(e) + 1e-12);
        }
      }
    }
  });

  it('writes finite values that match the naive reference for any finite input, constants and extreme magnitudes included', () => {
    const series = fc.oneof(
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ min: -1e-9, max: 1e-9, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc
        .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 60 }))
        .map(([v, n]) => new Array<number>(n).fill(v)),
    );
    fc.assert(
      fc.property(
        series,
        fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }),
        (values, windows) => {
          const ctx = ctx1(windows);
          const names = rollingFamily.names(ctx, params);
          const rows = run(rollingFamily, ctx, params, [values]);
          // Squares of values beyond 1e154 overflow and of spreads below 1e-154 underflow: there only
          // finiteness is promised.
          const extreme = values.some((v) => Math.abs(v) > 1e150 || (v !== 0 && Math.abs(v) < 1e-150));
          for (let i = 0; i < values.length; i++) {
            for (let k = 0; k < names.length; k++) expect(Number.isFinite(rows[i][k])).toBe(true);
            if (extreme) continue;
            for (const w of windows) {
              const ref = naive(values, w, i);
              const scale = Math.max(...values.slice(Math.max(0, i - w + 1), i + 1).map(Math.abs));
              for (const [stat, e] of Object.entries(ref)) {
                const a = rows[i][names.indexOf(`x__rolling__${stat}_w${w}`)];
                expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-9 * scale);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps no state shared between entities', () => {
    const ctx = ctx1([6, 24]);
    const [a, b] = [golden.cases[0].values.slice(0, 200), golden.cases[1].values.slice(0, 200)];
    const alone = [run(rollingFamily, ctx, params, [a]), run(rollingFamily, ctx, params, [b])];
    const width = rollingFamily.names(ctx, params).length;
    const states = [rollingFamily.create(ctx, params), rollingFamily.create(ctx, params)];
    const out = new Float64Array(width);
    for (let i = 0; i < 200; i++) {
      for (const [e, series] of [a, b].entries()) {
        const input = Float64Array.of(series[i]);
        states[e].push(input, NaN, out, 0);
        input[0] = 1e6; // the state must not keep a reference to the input
        expect([...out]).toEqual([...alone[e][i]]);
      }
    }
  });

  it('parses parameters over the defaults and names the field of a bad one', () => {
    expect(rollingFamily.parse({})).toEqual({
      stats: ['mean', 'std', 'min', 'max', 'median', 'q25', 'q75', 'q90', 'range'],
    });
    expect(rollingFamily.parse({ stats: ['q90', 'mean'] })).toEqual({ stats: ['q90', 'mean'] });
    const bad: [Record<string, unknown>, string][] = [
      [{ stats: [] }, 'families.rolling.stats'],
      [{ stats: 'mean' }, 'families.rolling.stats'],
      [{ stats: ['mean', 'mode'] }, 'families.rolling.stats'],
      [{ stats: ['mean', 'mean'] }, 'families.rolling.stats'],
      [{ stats: [1] }, 'families.rolling.stats'],
      [{ window: 3 }, 'families.rolling.window'],
    ];
    for (const [raw, field] of bad) {
      let error: unknown;
      try {
        rollingFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
    }
    // The defaults are not shared with parsed params.
    const p = rollingFamily.parse({});
    p.stats.pop();
    expect(rollingFamily.defaults.stats).toHaveLength(9);
  });
});
