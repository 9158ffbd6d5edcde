/**
 * The entropy family against numpy (tests/reference/features_signal.py: ordinal patterns counted with
 * np.argsort(kind="stable") over every window, spectra by np.fft.rfft), hand calculations (Bandt and
 * Pompe's own example) and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entropyFamily, type EntropyParams } from '../../../src/engine/features/entropy';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import golden from './golden/entropy.json';

interface GoldenCase {
  series: 'x' | 'big';
  params: Record<string, unknown>;
  features: Record<string, number[]>;
}
const cases = golden.cases as unknown as GoldenCase[];

type Columns = Record<string, number[]>;

function context(metrics: string[]): FeatureContext {
  return { metrics, windows: [6, 12, 24, 48, 96, 288], stepMs: 300_000 };
}

/** Pushes the rows (one array per metric) through one state; returns the columns by name. */
function run(
  params: EntropyParams,
  series: ArrayLike<number>[],
  metrics = series.map((_, j) => `m${j}`),
): Columns {
  const ctx = context(metrics);
  const names = entropyFamily.names(ctx, params);
  const state = entropyFamily.create(ctx, params);
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

const LN6 = Math.log(6);

describe('entropy family', () => {
  it('names one feature per permutation window plus the spectral one, per metric', () => {
    const p = entropyFamily.parse({});
    expect(p).toEqual({ order: 3, windows: [24, 96], spectralWindow: 128 });
    expect(entropyFamily.names(context(['cpu', 'mem']), p)).toEqual([
      'cpu__entropy__perm_w24',
      'cpu__entropy__perm_w96',
      'cpu__entropy__spectral_n128',
      'mem__entropy__perm_w24',
      'mem__entropy__perm_w96',
      'mem__entropy__spectral_n128',
    ]);
  });

  it("reproduces Bandt and Pompe's example (4, 7, 9, 10, 6, 11, 3), order 3", () => {
    // Patterns: (4,7,9) and (7,9,10) rise; (9,10,6) and (6,11,3) are middle-high-low; (10,6,11) is
    // middle-low-high. Frequencies 2/5, 2/5, 1/5.
    const x = [4, 7, 9, 10, 6, 11, 3];
    const cols = run({ order: 3, windows: [4, 7], spectralWindow: 8 }, [x]);
    const h = -(2 * 0.4 * Math.log(0.4) + 0.2 * Math.log(0.2)) / LN6;
    expect(cols.m0__entropy__perm_w7[6]).toBeCloseTo(h, 14);
    // Warm-up: no pattern before row 2, one pattern on row 2 -> 0; row 3 has two rising patterns -> 0;
    // row 4 adds (9,10,6): 2/3, 1/3.
    expect(cols.m0__entropy__perm_w7.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(cols.m0__entropy__perm_w7[4]).toBeCloseTo(
      -((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3)) / LN6,
      14,
    );
    // Window 4 on row 6 holds (10,6,11) and (6,11,3): two different patterns -> log 2 / log 6.
    expect(cols.m0__entropy__perm_w4[6]).toBeCloseTo(Math.log(2) / LN6, 14);
    // Row 5: (9,10,6) and (10,6,11).
    expect(cols.m0__entropy__perm_w4[5]).toBeCloseTo(Math.log(2) / LN6, 14);
    // Row 3: (4,7,9) and (7,9,10), the same pattern.
    expect(cols.m0__entropy__perm_w4[3]).toBe(0);
  });

  it('ranks ties by position, the earlier value lower', () => {
    // (2,1,1) -> ranks (2,0,1); (1,1,3) -> (0,1,2); (1,3,1) -> (0,2,1); (3,1,2) -> (2,0,1).
    // Counts 2, 1, 1: H = (0.5 ln 2 + 2 * 0.25 ln 4) / ln 6 = 1.5 ln 2 / ln 6.
    const cols = run({ order: 3, windows: [6], spectralWindow: 8 }, [[2, 1, 1, 3, 1, 2]]);
    expect(cols.m0__entropy__perm_w6[5]).toBeCloseTo((1.5 * Math.log(2)) / LN6, 14);
    // All equal: every pattern is "rising" (ties by position), entropy 0.
    const flat = run({ order: 3, windows: [6], spectralWindow: 8 }, [[5, 5, 5, 5, 5, 5]]);
    expect(flat.m0__entropy__perm_w6).toEqual([0, 0, 0, 0, 0, 0]);
    expect(flat.m0__entropy__spectral_n8).toEqual([0, 0, 0, 0, 0, 0]);
  });

  describe.each(cases.map((c, i) => [i, c.series, JSON.stringify(c.params), c] as const))(
    'matches numpy (case %i: %s, %s)',
    (_i, series, _label, c) => {
      const params = entropyFamily.parse(c.params);
      const x = series === 'big' ? golden.x.map((v) => v + 1e6) : golden.x;
      const cols = run(params, [x], ['x']);

      it('permutation entropy within 1e-11, spectral entropy within 1e-9', () => {
        for (const [name, want] of Object.entries(c.features)) {
          const tol = name.startsWith('perm') ? 1e-11 : 1e-9;
          golden.rows.forEach((row, r) => {
            const got = cols[`x__entropy__${name}`][row];
            if (!(Math.abs(got - want[r]) <= tol))
              throw new Error(`${name} row ${row}: got ${got}, expected ${want[r]}`);
          });
        }
      });
    },
  );

  it('is 0 on a monotone series and near 1 on white noise (permutation entropy)', () => {
    const up = Array.from({ length: 300 }, (_, i) => i * 0.5);
    const cols = run(entropyFamily.parse({}), [up]);
    expect(cols.m0__entropy__perm_w96.every((v) => v === 0)).toBe(true);
    let seed = 12345;
    const noise = Array.from({ length: 3000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    });
    const nc = run(entropyFamily.parse({ windows: [2000] }), [noise]);
    expect(nc.m0__entropy__perm_w2000[2999]).toBeGreaterThan(0.99);
  });

  it('computes each metric alone: two metrics in one state equal two states', () => {
    const params = entropyFamily.parse({ order: 4, windows: [10, 50], spectralWindow: 32 });
    const a = golden.x.slice(0, 600);
    const b = a.map((v, i) => -v + (i % 3));
    const both = run(params, [a, b], ['a', 'b']);
    for (const [name, col] of Object.entries(run(params, [a], ['a']))) expect(both[name]).toEqual(col);
    for (const [name, col] of Object.entries(run(params, [b], ['b']))) expect(both[name]).toEqual(col);
  });

  it('keeps states apart', () => {
    const params = entropyFamily.parse({});
    const ctx = context(['x']);
    const s1 = entropyFamily.create(ctx, params);
    const s2 = entropyFamily.create(ctx, params);
    const out1 = new Float64Array(3);
    const out2 = new Float64Array(3);
    const alone = Object.values(run(params, [golden.x.slice(0, 300)], ['x']));
    for (let i = 0; i < 300; i++) {
      s1.push(Float64Array.of(golden.x[i]), NaN, out1, 0);
      s2.push(Float64Array.of(i % 2 ? 1 : -1), NaN, out2, 0);
      alone.forEach((col, k) => expect(out1[k]).toBe(col[i]));
    }
  });

  it('writes finite values in [0, 1] for any finite input', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9, 2),
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 5 }),
        (x, order) => {
          const cols = run({ order, windows: [order + 1, 20], spectralWindow: 16 }, [x]);
          return Object.values(cols).every((col) => col.every((v) => Number.isFinite(v) && v >= 0 && v <= 1));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('rejects bad parameters, naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ order: 1 }, 'families.entropy.order'],
      [{ order: 8 }, 'families.entropy.order'],
      [{ order: 3.5 }, 'families.entropy.order'],
      [{ windows: [3] }, 'families.entropy.windows'],
      [{ order: 5, windows: [24, 5] }, 'families.entropy.windows'],
      [{ windows: [] }, 'families.entropy.windows'],
      [{ spectralWindow: 100 }, 'families.entropy.spectralWindow'],
      [{ spectralWindow: 4 }, 'families.entropy.spectralWindow'],
      [{ spectral: 128 }, 'families.entropy.spectral'],
    ];
    for (const [raw, field] of bad) {
      let error: unknown;
      try {
        entropyFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(raw)).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
    }
  });
});
