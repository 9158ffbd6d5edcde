import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { residualsFamily, seasonRows, type ResidualsParams } from '../../../src/engine/features/residuals';
import { createRandom } from '../../../src/engine/util/random';
import golden from './golden/residuals.json';

type Columns = Record<string, number[]>;

function context(metrics: string[], stepMs: number | null): FeatureContext {
  return { metrics, windows: [6, 12], stepMs };
}

/** Pushes the rows of `series` (one array per metric) through one state; returns the columns by name. */
function run(
  ctx: FeatureContext,
  params: ResidualsParams,
  series: number[][],
  times: number[] | null,
): Columns {
  const names = residualsFamily.names(ctx, params);
  const state = residualsFamily.create(ctx, params);
  const columns = names.map(() => [] as number[]);
  const values = new Float64Array(series.length);
  const out = new Float64Array(names.length + 2).fill(-7);
  for (let i = 0; i < series[0].length; i++) {
    for (let j = 0; j < series.length; j++) values[j] = series[j][i];
    state.push(values, times === null ? NaN : times[i], out, 1);
    expect(out[0]).toBe(-7);
    expect(out[names.length + 1]).toBe(-7);
    for (let k = 0; k < names.length; k++) columns[k].push(out[1 + k]);
  }
  return Object.fromEntries(names.map((name, k) => [name, columns[k]]));
}

/**
 * The definitions, computed directly and slowly: for every row, the earlier values of its hour-of-week
 * slot (two-pass mean and std), the trailing window (its mean), and the earlier detrended values of its
 * phase (weights (1 - alpha)^age, normalised).
 */
function direct(x: number[], times: number[] | null, season: number, alpha: number): Columns {
  const slotOf = (t: number): number => {
    const d = new Date(t);
    return Number.isFinite(t) ? d.getUTCDay() * 24 + d.getUTCHours() : -1;
  };
  const howDev: number[] = [];
  const howZ: number[] = [];
  const trend: number[] = [];
  const resid: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (times !== null) {
      const slot = slotOf(times[i]);
      const past = slot < 0 ? [] : x.filter((_, k) => k < i && slotOf(times[k]) === slot);
      const mean = past.reduce((s, v) => s + v, 0) / past.length;
      const sd = Math.sqrt(past.reduce((s, v) => s + (v - mean) ** 2, 0) / (past.length - 1));
      const dev = past.length >= 1 ? x[i] - mean : 0;
      howDev.push(dev);
      howZ.push(past.length >= 2 && sd > 0 ? dev / sd : 0);
    }
    const win = x.slice(Math.max(0, i - season + 1), i + 1);
    trend.push(x[i] - win.reduce((s, v) => s + v, 0) / win.length);
    let num = 0;
    let den = 0;
    for (let k = i - season, age = 0; k >= 0; k -= season, age++) {
      num += (1 - alpha) ** age * trend[k];
      den += (1 - alpha) ** age;
    }
    resid.push(trend[i] - (den > 0 ? num / den : 0));
  }
  const out: Columns = { trend_dev: trend, seasonal_resid: resid };
  return times === null ? out : { how_dev: howDev, how_z: howZ, ...out };
}

function expectClose(
  actual: number[],
  expected: number[],
  scale: number[],
  rel: number,
  label: string,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.max(1, Math.abs(expected[i]), Math.abs(scale[i] ?? 0));
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${label} row ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** Noisy daily sinusoid with spikes. */
function series(seed: number, n: number, perDay: number, level: number, amplitude: number): number[] {
  const rnd = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const spike = rnd.next() < 0.01 ? amplitude * 5 : 0;
    return level + amplitude * Math.sin((2 * Math.PI * i) / perDay) + 0.2 * amplitude * rnd.normal() + spike;
  });
}

describe('residuals family', () => {
  it('names four features per metric with time, two without', () => {
    const params = residualsFamily.defaults;
    expect(residualsFamily.names(context(['cpu', 'mem'], 300_000), params)).toEqual([
      'cpu__residuals__how_dev',
      'cpu__residuals__how_z',
      'cpu__residuals__trend_dev',
      'cpu__residuals__seasonal_resid',
      'mem__residuals__how_dev',
      'mem__residuals__how_z',
      'mem__residuals__trend_dev',
      'mem__residuals__seasonal_resid',
    ]);
    expect(residualsFamily.names(context(['cpu'], null), params)).toEqual([
      'cpu__residuals__trend_dev',
      'cpu__residuals__seasonal_resid',
    ]);
  });

  it('takes one day of rows as the automatic season', () => {
    const auto = residualsFamily.defaults;
    expect(seasonRows(context(['x'], 300_000), auto)).toBe(288);
    expect(seasonRows(context(['x'], 3_600_000), auto)).toBe(24);
    expect(seasonRows(context(['x'], 21_600_000), auto)).toBe(4);
    expect(seasonRows(context(['x'], 7 * 3_600_000), auto)).toBe(24); // 3.4 rows a day: too few
    expect(seasonRows(context(['x'], 30_000), auto)).toBe(24); // 2880 rows a day: too many
    expect(seasonRows(context(['x'], 42_900), auto)).toBe(2014);
    expect(seasonRows(context(['x'], null), auto)).toBe(24);
    expect(seasonRows(context(['x'], 300_000), { season: 7, alpha: 0.1 })).toBe(7);
  });

  it('matches hand values on a tiny series without time (season 2, alpha 0.5)', () => {
    const cols = run(context(['x'], null), { season: 2, alpha: 0.5 }, [[1, 3, 2, 6, 4]], null);
    // Trailing means of 2 rows: 1, 2, 2.5, 4, 5. Phase 0 index: -, 0, then (0.5 * 0 + -0.5) / 1.5 = -1/3;
    // phase 1 index: -, then 1, then (0.5 * 1 + 2) / 1.5 (after row 3).
    expect(cols['x__residuals__trend_dev']).toEqual([0, 1, -0.5, 2, -1]);
    expectClose(cols['x__residuals__seasonal_resid'], [0, 1, -0.5, 1, -2 / 3], [], 1e-15, 'resid');
  });

  it('matches hand values of the hour-of-week slots', () => {
    const monday10 = Date.parse('2024-03-04T10:00:00Z');
    const times = [0, 20, 40, 60, 10_080].map((minutes) => monday10 + minutes * 60_000);
    const cols = run(context(['x'], 1_200_000), residualsFamily.defaults, [[2, 4, 9, 5, 11]], times);
    // Rows 0-2 share the Monday 10:00 slot; row 3 opens 11:00; row 4 is Monday 10:00 a week later.
    const mean3 = 5;
    const sd3 = Math.sqrt(((2 - 5) ** 2 + (4 - 5) ** 2 + (9 - 5) ** 2) / 2);
    expect(cols['x__residuals__how_dev']).toEqual([0, 2, 6, 0, 11 - mean3]);
    expectClose(cols['x__residuals__how_z'], [0, 0, 6 / Math.SQRT2, 0, (11 - mean3) / sd3], [], 1e-15, 'z');
  });

  it('matches pandas group-bys with time (golden/residuals.json)', () => {
    const values = golden.values as Record<string, number[]>;
    const spec = golden.withTime;
    const ctx = context(['cpu', 'conn'], golden.stepMs);
    const params = residualsFamily.parse({ season: spec.season, alpha: spec.alpha });
    expect(seasonRows(ctx, params)).toBe(spec.seasonRows);
    const cols = run(ctx, params, [values.cpu, values.conn], golden.times);
    const features = spec.features as Record<string, Columns>;
    for (const metric of ['cpu', 'conn']) {
      for (const [detail, expected] of Object.entries(features[metric])) {
        const name = `${metric}__residuals__${detail}`;
        const scale = detail === 'how_z' ? [] : values[metric];
        expectClose(cols[name], expected, scale, golden.tolerance.relative, name);
      }
    }
  });

  it('matches pandas without time, with an explicit season (golden/residuals.json)', () => {
    const values = golden.values as Record<string, number[]>;
    const spec = golden.noTime;
    const params = residualsFamily.parse({ season: spec.season, alpha: spec.alpha });
    const cols = run(context(['cpu'], null), params, [values.cpu], null);
    expect(Object.keys(cols)).toEqual(['cpu__residuals__trend_dev', 'cpu__residuals__seasonal_resid']);
    for (const [detail, expected] of Object.entries(spec.features.cpu)) {
      expectClose(cols[`cpu__residuals__${detail}`], expected, values.cpu, golden.tolerance.relative, detail);
    }
  });

  it('matches the direct definitions to 1e-9 over long series, gaps, missing times and magnitudes', () => {
    const n = 3000;
    const step = 900_000; // 15 min: 96 rows a day
    const start = Date.parse('2024-01-05T07:00:00Z');
    const times = Array.from({ length: n }, (_, i) => start + step * (i < 1500 ? i : i + 37));
    times[200] = NaN;
    times[201] = NaN;
    const cpu = series(11, n, 96, 50, 20);
    const bytes = series(12, n, 96, 1e9, 1e4);
    const tiny = series(13, n, 96, 1e-6, 1e-8);
    for (let i = 600; i < 800; i++) cpu[i] = 33.3;
    cpu[1234] = 1e8;
    for (const [season, alpha] of [
      ['auto', 0.1],
      [7, 1],
      [250, 0.02],
    ] as const) {
      const params = residualsFamily.parse({ season, alpha });
      const ctx = context(['cpu', 'bytes', 'tiny'], step);
      const rows = seasonRows(ctx, params);
      const cols = run(ctx, params, [cpu, bytes, tiny], times);
      for (const [metric, x] of Object.entries({ cpu, bytes, tiny })) {
        const want = direct(x, times, rows, alpha);
        for (const [detail, expected] of Object.entries(want)) {
          const name = `${metric}__residuals__${detail}`;
          // z-scores are unitless; the rest are compared on the scale of the metric.
          const scale = detail === 'how_z' ? [] : x;
          expectClose(cols[name], expected, scale, 1e-9, `season ${season}: ${name}`);
        }
      }
      // The constant stretch is exactly flat once the trailing window sits inside it.
      expect(cols['cpu__residuals__trend_dev'].slice(600 + rows, 800).every((v) => v === 0)).toBe(true);
    }
  });

  it('writes only finite values for any finite input', () => {
    const value = fc.oneof(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9, 2.5),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, fc.integer({ min: 0, max: 5_000_000 })), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.constantFrom<number | null>(60_000, 3_600_000, null),
        fc.integer({ min: 2, max: 9 }),
        (rows, stepMs, season) => {
          let t = Date.parse('2024-03-01T00:00:00Z');
          const times = rows.map((r) => (t += r[2]));
          const ctx = context(['a', 'b'], stepMs);
          const cols = run(
            ctx,
            { season, alpha: 0.3 },
            [rows.map((r) => r[0]), rows.map((r) => r[1])],
            times,
          );
          for (const [name, col] of Object.entries(cols)) {
            for (const v of col) if (!Number.isFinite(v)) throw new Error(`${name}: ${v}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps states independent', () => {
    const ctx = context(['x'], 3_600_000);
    const params = { season: 3, alpha: 0.5 };
    const x = series(14, 100, 24, 5, 2);
    const times = x.map((_, i) => Date.parse('2024-03-04T00:00:00Z') + i * 3_600_000);
    const alone = run(ctx, params, [x], times);
    const s1 = residualsFamily.create(ctx, params);
    const s2 = residualsFamily.create(ctx, params);
    const out = new Float64Array(4);
    const got: number[][] = [[], [], [], []];
    for (let i = 0; i < x.length; i++) {
      s2.push(Float64Array.of(-3 * x[i] + i), times[i], out, 0);
      s1.push(Float64Array.of(x[i]), times[i], out, 0);
      for (let k = 0; k < 4; k++) got[k].push(out[k]);
    }
    expect(got).toEqual(Object.values(alone));
  });

  it('parses parameters and names the field of a problem', () => {
    expect(residualsFamily.parse({})).toEqual({ season: 'auto', alpha: 0.1 });
    expect(residualsFamily.parse({ season: 48, alpha: 1 })).toEqual({ season: 48, alpha: 1 });
    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ season: 'daily' }, 'families.residuals.season', /'auto' or an integer/],
      [{ season: 1 }, 'families.residuals.season', /between 2 and/],
      [{ season: 12.5 }, 'families.residuals.season', /integer/],
      [{ season: 100_000 }, 'families.residuals.season', /10000/],
      [{ alpha: 0 }, 'families.residuals.alpha', /0 < alpha <= 1/],
      [{ alpha: 1.5 }, 'families.residuals.alpha', /0 < alpha <= 1/],
      [{ alpha: '0.1' }, 'families.residuals.alpha', /number/],
      [{ seasons: 24 }, 'families.residuals.seasons', /unknown/],
    ];
    for (const [raw, field, problem] of bad) {
      let error: unknown;
      try {
        residualsFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
      expect((error as FeatureConfigError).message).toMatch(problem);
    }
  });
});
