/**
 * The changepoint family against a direct numpy computation (tests/reference/features_signal.py: the
 * CUSUM by a plain loop over z-scores from explicit baseline slices; the shift from the two explicit
 * slices with two-pass sums of squares), hand calculations and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changepointFamily, type ChangepointParams } from '../../../src/engine/features/change-point';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import golden from './golden/changepoint.json';

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
function run(ctx: FeatureContext, params: ChangepointParams, series: ArrayLike<number>[]): Columns {
  const names = changepointFamily.names(ctx, params);
  const state = changepointFamily.create(ctx, params);
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

describe('changepoint family', () => {
  it('names two CUSUMs and a shift per shared window, per metric', () => {
    const p = changepointFamily.parse({});
    expect(p).toEqual({ drift: 0.5, baseline: 288 });
    const names = changepointFamily.names(context(['cpu', 'mem']), p);
    expect(names.length).toBe(16);
    expect(names.slice(0, 8)).toEqual([
      'cpu__changepoint__cusum_pos',
      'cpu__changepoint__cusum_neg',
      'cpu__changepoint__shift_w6',
      'cpu__changepoint__shift_w12',
      'cpu__changepoint__shift_w24',
      'cpu__changepoint__shift_w48',
      'cpu__changepoint__shift_w96',
      'cpu__changepoint__shift_w288',
    ]);
  });

  it('matches a hand calculation', () => {
    // baseline 3, drift 0.5, window 2. x = 1, 3, 2, 5, 0.
    // z: row 0, 1 -> 0 (fewer than 2 rows before); row 2: before [1, 3], m 2 -> z 0;
    // row 3: before [1, 3, 2], m 2, s 1 -> z 3; row 4: before [3, 2, 5], m 10/3,
    //   s = sqrt(((-1/3)^2 + (-4/3)^2 + (5/3)^2) / 2) = sqrt(7/3) -> z = -10/3 / sqrt(7/3) = -2.182.
    // S+: 0, 0, 0, 2.5, max(0, 2.5 - 2.182 - 0.5) = 0.
    // S-: 0, 0, 0, 0, max(0, 0 + 2.182 - 0.5) = 1.682.
    // shift_w2: rows 0-2 -> 0 (the earlier part has fewer than 2 rows);
    // row 3: [2, 5] vs [1, 3]: (3.5 - 2) / sqrt((4.5 + 2) / 2) = 0.83205;
    // row 4: [5, 0] vs [3, 2]: (2.5 - 2.5) / ... = 0.
    const cols = run(context(['x'], [2]), { drift: 0.5, baseline: 3 }, [[1, 3, 2, 5, 0]]);
    const z4 = -10 / 3 / Math.sqrt(7 / 3);
    const close = (got: number[], want: number[]): void =>
      want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 13));
    close(cols.x__changepoint__cusum_pos, [0, 0, 0, 2.5, Math.max(0, 2.5 + z4 - 0.5)]);
    close(cols.x__changepoint__cusum_neg, [0, 0, 0, 0, -z4 - 0.5]);
    close(cols.x__changepoint__shift_w2, [0, 0, 0, 1.5 / Math.sqrt(6.5 / 2), 0]);
  });

  it('is 0 over constant stretches and never negative in the CUSUMs', () => {
    const x = [...Array.from({ length: 30 }, () => 4), ...Array.from({ length: 30 }, () => 9)];
    const cols = run(context(['x'], [5]), { drift: 0.25, baseline: 10 }, [x]);
    expect(cols.x__changepoint__cusum_pos.slice(0, 30).every((v) => v === 0)).toBe(true);
    // The jump to 9 over a constant baseline: s = 0 -> z = 0 on row 30; afterwards the baseline
    // holds both levels and the CUSUM grows.
    expect(cols.x__changepoint__cusum_pos[30]).toBe(0);
    expect(cols.x__changepoint__cusum_pos[31]).toBeGreaterThan(0);
    // Both parts constant but different: the pooled deviation is 0 -> shift 0.
    expect(cols.x__changepoint__shift_w5[34]).toBe(0);
    expect(cols.x__changepoint__shift_w5[25]).toBe(0);
    // Part of the recent window on each level: a positive shift.
    expect(cols.x__changepoint__shift_w5[32]).toBeGreaterThan(0);
  });

  describe.each(cases.map((c, i) => [i, c.series, JSON.stringify(c.params), c] as const))(
    'matches numpy (case %i: %s, %s)',
    (_i, series, _label, c) => {
      const params = changepointFamily.parse(c.params);
      const x = series === 'big' ? golden.x.map((v) => v + 1e6) : golden.x;
      const cols = run(context(['x']), params, [x]);

      it('CUSUMs and shifts within 1e-9 relative (to max(1, |value|))', () => {
        const features = c.features;
        expect(Object.keys(features).map((n) => `x__changepoint__${n}`)).toEqual(Object.keys(cols));
        for (const [name, want] of Object.entries(features)) {
          golden.rows.forEach((row, r) => {
            const got = cols[`x__changepoint__${name}`][row];
            if (!(Math.abs(got - want[r]) <= 1e-9 * Math.max(1, Math.abs(want[r])))) {
              throw new Error(`${name} row ${row}: got ${got}, expected ${want[r]}`);
            }
          });
        }
        expect(Math.max(...features.cusum_pos)).toBeGreaterThan(1);
      });
    },
  );

  it('computes each metric alone: two metrics in one state equal two states', () => {
    const params = changepointFamily.parse({ baseline: 40 });
    const a = golden.x.slice(0, 800);
    const b = a.map((v, i) => (i > 400 ? v + 30 : v));
    const both = run(context(['a', 'b']), params, [a, b]);
    for (const [name, col] of Object.entries(run(context(['a']), params, [a])))
      expect(both[name]).toEqual(col);
    for (const [name, col] of Object.entries(run(context(['b']), params, [b])))
      expect(both[name]).toEqual(col);
  });

  it('keeps states apart', () => {
    const params = changepointFamily.parse({ baseline: 30 });
    const ctx = context(['x']);
    const s1 = changepointFamily.create(ctx, params);
    const s2 = changepointFamily.create(ctx, params);
    const out1 = new Float64Array(8);
    const out2 = new Float64Array(8);
    const alone = Object.values(run(ctx, params, [golden.x.slice(0, 400)]));
    for (let i = 0; i < 400; i++) {
      s1.push(Float64Array.of(golden.x[i]), NaN, out1, 0);
      s2.push(Float64Array.of(i % 50 === 0 ? 1e6 : i), NaN, out2, 0);
      alone.forEach((col, k) => expect(out1[k]).toBe(col[i]));
    }
  });

  it('writes finite values for any finite input, CUSUMs >= 0', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.boolean(), (x, constant) => {
        const series = constant ? x.map(() => x[0]) : x;
        const cols = run(context(['x'], [1, 3, 8]), { drift: 0, baseline: 5 }, [series]);
        return Object.entries(cols).every(([name, col]) =>
          col.every(
            (v) => Number.isFinite(v) && (!name.includes('cusum') || v >= 0) && (!constant || v === 0),
          ),
        );
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('rejects bad parameters, naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ drift: -0.1 }, 'families.changepoint.drift'],
      [{ drift: '0.5' }, 'families.changepoint.drift'],
      [{ drift: NaN }, 'families.changepoint.drift'],
      [{ drift: 1000 }, 'families.changepoint.drift'],
      [{ baseline: 1 }, 'families.changepoint.baseline'],
      [{ baseline: 2.5 }, 'families.changepoint.baseline'],
      [{ baseline: 20_000 }, 'families.changepoint.baseline'],
      [{ threshold: 4 }, 'families.changepoint.threshold'],
    ];
    for (const [raw, field] of bad) {
      let error: unknown;
      try {
        changepointFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(raw)).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
    }
  });
});
