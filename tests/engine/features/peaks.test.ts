/**
 * The peaks family against a direct numpy computation (tests/reference/features_signal.py: mean and
 * std(ddof=1) of the explicit baseline slice before every row), hand calculations and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { peaksFamily, type PeaksParams } from '../../../src/engine/features/peaks';
import golden from './golden/peaks.json';

interface GoldenCase {
  series: 'x' | 'big';
  params: Record<string, unknown>;
  features: Record<string, number[]>;
}
const cases = golden.cases as unknown as GoldenCase[];

type Columns = Record<string, number[]>;

function context(metrics: string[], windows: number[] = golden.windows): FeatureContext {
  return { metrics, windows, stepMs: 300_000 };
}

/** Pushes the rows (one array per metric) through one state; returns the columns by name. */
function run(ctx: FeatureContext, params: PeaksParams, series: ArrayLike<number>[]): Columns {
  const names = peaksFamily.names(ctx, params);
  const state = peaksFamily.create(ctx, params);
  const columns = names.map(() => [] as number[]);
  const values = new Float64Array(series.length);
  const out = new Float64Array(names.length + 2).fill(-7);
  for (let i = 0; i < series[0].length; i++) {
    for (let j = 0; j < series.length; j++) values[j] = series[j][i];
    state.push(values, NaN, out, 1);
    expect(out[0]).toBe(-7);
    expect(out[names.length + 1]).toBe(-7);
    for (let k = 0; k < names.length; k++) columns[k].push(out[1 + k]);
  }
  return Object.fromEntries(names.map((name, k) => [name, columns[k]]));
}

describe('peaks family', () => {
  it('names a count per shared window and a "since" per level, per metric', () => {
    const p = peaksFamily.parse({});
    expect(p).toEqual({ k: [2, 3], baseline: 288 });
    const names = peaksFamily.names(context(['cpu', 'mem']), p);
    expect(names.length).toBe(16);
    expect(names.slice(0, 8)).toEqual([
      'cpu__peaks__count_w6',
      'cpu__peaks__count_w12',
      'cpu__peaks__count_w24',
      'cpu__peaks__count_w48',
      'cpu__peaks__count_w96',
      'cpu__peaks__count_w288',
      'cpu__peaks__since_k2',
      'cpu__peaks__since_k3',
    ]);
    expect(peaksFamily.names(context(['x'], [5]), peaksFamily.parse({ k: [2.5, 1.25] }))).toEqual([
      'x__peaks__count_w5',
      'x__peaks__since_k1p25',
      'x__peaks__since_k2p5',
    ]);
  });

  it('flags rows against the rows before them (hand calculation)', () => {
    // baseline 4, k = [1, 3], count window 3, cap 40.
    // row 0: no baseline; row 1: one row before -> no peak.
    // row 2 (x=2): before [1, 3], m = 2, s = sqrt 2: |0| -> no peak.
    // row 3 (x=9): before [1, 3, 2], m = 2, s = 1: |7| > 3 -> peak at k = 1 and k = 3.
    // row 4 (x=3): before [1, 3, 2, 9], m = 3.75, s = sqrt(((2.75)^2 + 0.75^2 + 1.75^2 + 5.25^2) / 3)
    //   = sqrt(38.75 / 3) = 3.594: |-0.75| -> none.
    // row 5 (x=-6): before [3, 2, 9, 3], m = 4.25, s = sqrt((1.5625 + 5.0625 + 22.5625 + 1.5625) / 3)
    //   = 3.2016: |-10.25| = 3.2 s -> both levels.
    // row 6 (x=5): before [2, 9, 3, -6], m = 2, s = sqrt((0 + 49 + 1 + 64) / 3) = 6.164: |3| < s -> none.
    const cols = run(context(['x'], [3]), { k: [1, 3], baseline: 4 }, [[1, 3, 2, 9, 3, -6, 5]]);
    expect(cols.x__peaks__count_w3).toEqual([0, 0, 0, 1, 1, 2, 1]);
    expect(cols.x__peaks__since_k1).toEqual([40, 40, 40, 0, 1, 0, 1]);
    expect(cols.x__peaks__since_k3).toEqual([40, 40, 40, 0, 1, 0, 1]);
  });

  it('distinguishes levels and caps the rows since the last peak', () => {
    // baseline 2: row 2 (x=2.5) has before [0, 1.5], m = 0.75, s = 1.0607: |1.75| = 1.65 s -> k 1.5 only.
    const x = [0, 1.5, 2.5, ...Array.from({ length: 30 }, (_, i) => (i % 2 ? 2.4 : 2.6))];
    const cols = run(context(['x'], [4]), { k: [1.5, 5], baseline: 2 }, [x]);
    expect(cols.x__peaks__since_k1p5[2]).toBe(0);
    expect(cols.x__peaks__since_k5[2]).toBe(20);
    expect(cols.x__peaks__count_w4[2]).toBe(0);
    // Then 2.6, 2.4, 2.6, ...: row 3 (2.6) is 0.85 s from [1.5, 2.5]; row 4 (2.4) is 2.12 s from
    // [2.5, 2.6] -> a peak at 1.5; from row 5 on each row is 0.1 = 0.71 s from its alternating baseline,
    // so the rows since the last peak grow up to the cap of 10 * 2.
    const since = cols.x__peaks__since_k1p5;
    expect(since.slice(3, 5)).toEqual([1, 0]);
    for (let i = 5; i < x.length; i++) expect(since[i]).toBe(Math.min(20, since[i - 1] + 1));
    expect(since[x.length - 1]).toBe(20);
  });

  it('never flags a peak over a constant baseline', () => {
    const x = [...Array.from({ length: 50 }, () => 7), 100, 7, 7];
    const cols = run(context(['x'], [6]), { k: [2], baseline: 10 }, [x]);
    expect(cols.x__peaks__since_k2.every((v) => v === 100)).toBe(true);
    expect(cols.x__peaks__count_w6.every((v) => v === 0)).toBe(true);
  });

  describe.each(cases.map((c, i) => [i, c.series, JSON.stringify(c.params), c] as const))(
    'matches numpy (case %i: %s, %s)',
    (_i, series, _label, c) => {
      const params = peaksFamily.parse(c.params);
      const x = series === 'big' ? golden.x.map((v) => v + 1e6) : golden.x;
      const cols = run(context(['x']), params, [x]);

      it('every count and every "since" exactly', () => {
        const features = c.features;
        expect(Object.keys(features).map((n) => `x__peaks__${n}`)).toEqual(Object.keys(cols));
        for (const [name, want] of Object.entries(features)) {
          golden.rows.forEach((row, r) => {
            if (cols[`x__peaks__${name}`][row] !== want[r]) {
              throw new Error(
                `${name} row ${row}: got ${cols[`x__peaks__${name}`][row]}, expected ${want[r]}`,
              );
            }
          });
        }
        // The case is not vacuous: peaks happen.
        expect(Math.max(...features[`count_w288`])).toBeGreaterThan(0);
      });
    },
  );

  it('computes each metric alone: two metrics in one state equal two states', () => {
    const params = peaksFamily.parse({ baseline: 50 });
    const a = golden.x.slice(0, 800);
    const b = a.map((v, i) => (i % 37 === 0 ? v * 3 : v));
    const both = run(context(['a', 'b']), params, [a, b]);
    for (const [name, col] of Object.entries(run(context(['a']), params, [a])))
      expect(both[name]).toEqual(col);
    for (const [name, col] of Object.entries(run(context(['b']), params, [b])))
      expect(both[name]).toEqual(col);
  });

  it('keeps states apart', () => {
    const params = peaksFamily.parse({ baseline: 30 });
    const ctx = context(['x']);
    const s1 = peaksFamily.create(ctx, params);
    const s2 = peaksFamily.create(ctx, params);
    const out1 = new Float64Array(8);
    const out2 = new Float64Array(8);
    const alone = Object.values(run(ctx, params, [golden.x.slice(0, 400)]));
    for (let i = 0; i < 400; i++) {
      s1.push(Float64Array.of(golden.x[i]), NaN, out1, 0);
      s2.push(Float64Array.of(i % 50 === 0 ? 1e6 : 0), NaN, out2, 0);
      alone.forEach((col, k) => expect(out1[k]).toBe(col[i]));
    }
  });

  it('writes finite, in-range values for any finite input', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.boolean(), (x, constant) => {
        const series = constant ? x.map(() => x[0]) : x;
        const cols = run(context(['x'], [3, 8]), { k: [1, 2], baseline: 5 }, [series]);
        return Object.entries(cols).every(([name, col]) =>
          col.every((v, i) =>
            name.includes('count')
              ? Number.isInteger(v) && v >= 0 && v <= Math.min(i + 1, name.endsWith('w3') ? 3 : 8)
              : Number.isInteger(v) && v >= 0 && v <= 50 && (!constant || v === 50),
          ),
        );
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('rejects bad parameters, naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ k: [] }, 'families.peaks.k'],
      [{ k: 3 }, 'families.peaks.k'],
      [{ k: [0] }, 'families.peaks.k'],
      [{ k: [-2] }, 'families.peaks.k'],
      [{ k: [2, 2] }, 'families.peaks.k'],
      [{ k: [2.125] }, 'families.peaks.k'],
      [{ k: ['3'] }, 'families.peaks.k'],
      [{ baseline: 1 }, 'families.peaks.baseline'],
      [{ baseline: 20.5 }, 'families.peaks.baseline'],
      [{ baseline: 1e6 }, 'families.peaks.baseline'],
      [{ levels: [2] }, 'families.peaks.levels'],
    ];
    for (const [raw, field] of bad) {
      let error: unknown;
      try {
        peaksFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(raw)).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
    }
  });
});
