/**
 * The spectral family against numpy (tests/reference/features_signal.py: np.fft.rfft of each padded,
 * mean-removed window, on a seeded 2600-row series with a daily cycle, spikes, a level shift, a constant
 * stretch and a fast oscillation), plus hand calculations and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { spectralFamily, type SpectralParams } from '../../../src/engine/features/spectral';
import golden from './golden/spectral.json';

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
  params: SpectralParams,
  series: ArrayLike<number>[],
  metrics = series.map((_, j) => `m${j}`),
): Columns {
  const ctx = context(metrics);
  const names = spectralFamily.names(ctx, params);
  const state = spectralFamily.create(ctx, params);
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

function seriesOf(name: string): number[] {
  return name === 'big' ? golden.x.map((v) => v + 1e6) : golden.x;
}

describe('spectral family', () => {
  it('names six features per window and metric, in order', () => {
    const p = spectralFamily.parse({});
    expect(p).toEqual({ windows: [32, 128], bands: 4 });
    const names = spectralFamily.names(context(['cpu', 'mem']), p);
    expect(names.length).toBe(24);
    expect(names.slice(0, 7)).toEqual([
      'cpu__spectral__band1_n32',
      'cpu__spectral__band2_n32',
      'cpu__spectral__band3_n32',
      'cpu__spectral__band4_n32',
      'cpu__spectral__domfreq_n32',
      'cpu__spectral__power_n32',
      'cpu__spectral__band1_n128',
    ]);
    expect(names[12]).toBe('mem__spectral__band1_n32');
  });

  describe.each(cases.map((c, i) => [i, c.series, JSON.stringify(c.params), c] as const))(
    'matches numpy rfft (case %i: %s, %s)',
    (_i, series, _label, c) => {
      const params = spectralFamily.parse(c.params);
      const cols = run(params, [seriesOf(series)], ['x']);
      const rows = golden.rows;

      it('band shares within 1e-9, power within 1e-9 relative', () => {
        for (const n of params.windows) {
          for (let b = 1; b <= params.bands; b++) {
            const name = `band${b}_n${n}`;
            const want = c.features[name];
            rows.forEach((row, r) => {
              if (Math.abs(cols[`x__spectral__${name}`][row] - want[r]) > 1e-9) {
                throw new Error(
                  `${name} row ${row}: got ${cols[`x__spectral__${name}`][row]}, expected ${want[r]}`,
                );
              }
            });
          }
          const want = c.features[`power_n${n}`];
          rows.forEach((row, r) => {
            const got = cols[`x__spectral__power_n${n}`][row];
            if (Math.abs(got - want[r]) > 1e-9 * want[r]) {
              throw new Error(`power_n${n} row ${row}: got ${got}, expected ${want[r]}`);
            }
            if (want[r] === 0) expect(got).toBe(0);
          });
        }
      });

      it('dominant frequency equal where the top bin is clear by 1e-9', () => {
        let compared = 0;
        for (const n of params.windows) {
          const want = c.features[`domfreq_n${n}`];
          const margin = c.features[`domfreq_margin_n${n}`];
          rows.forEach((row, r) => {
            if (margin[r] < 1e-9) return;
            compared++;
            expect(cols[`x__spectral__domfreq_n${n}`][row], `domfreq_n${n} row ${row}`).toBe(want[r]);
          });
        }
        expect(compared).toBeGreaterThan(0.9 * rows.length * params.windows.length);
      });
    },
  );

  it('gives zeros on the first row and for a window of one repeated value', () => {
    const x = [5, 6, 4, ...Array.from({ length: 40 }, () => 7)];
    const cols = run({ windows: [8, 32], bands: 2 }, [x]);
    for (const [name, col] of Object.entries(cols)) {
      expect(col[0], name).toBe(0);
      // The last value other than 7 is at row 2: windows of 8 are constant from row 10, of 32 from 34.
      const from = name.endsWith('_n8') ? 10 : 34;
      for (let i = from; i < x.length; i++) expect(col[i], `${name} row ${i}`).toBe(0);
    }
    expect(cols.m0__spectral__power_n8[9]).toBeGreaterThan(0);
    expect(cols.m0__spectral__power_n32[33]).toBeGreaterThan(0);
  });

  it('warms up on the padded window (hand calculation on the second row)', () => {
    // Rows 3 then 7: the window of 32 is [3 x 31, 7], an impulse of 4 on a constant. Its one-sided
    // spectrum is flat: 2 * 16 / 32^2 in bins 1..15, 16 / 32^2 in bin 16; total = 31 * 16 / 32^2
    // (the population variance). Bands of 4 bins: 8, 8, 8 and 7 parts of 31.
    const cols = run({ windows: [32], bands: 4 }, [[3, 7]]);
    const share = [8 / 31, 8 / 31, 8 / 31, 7 / 31];
    share.forEach((s, b) => expect(cols[`m0__spectral__band${b + 1}_n32`][1]).toBeCloseTo(s, 12));
    expect(cols.m0__spectral__power_n32[1]).toBeCloseTo((31 * 16) / 1024, 12);
  });

  it('finds a pure tone: all power in its band, its frequency, variance 1/2', () => {
    const n = 64;
    const x = Array.from({ length: 200 }, (_, t) => Math.sin((2 * Math.PI * 11 * t) / n) + 3);
    const cols = run({ windows: [n], bands: 4 }, [x]);
    // Bin 11 of 64: frequency 11/64, band ceil(8 * 11 / 64) = 2.
    for (let i = n; i < x.length; i++) {
      expect(cols.m0__spectral__band2_n64[i]).toBeCloseTo(1, 12);
      expect(cols.m0__spectral__band1_n64[i]).toBeCloseTo(0, 12);
      expect(cols.m0__spectral__domfreq_n64[i]).toBe(11 / 64);
      expect(cols.m0__spectral__power_n64[i]).toBeCloseTo(0.5, 12);
    }
  });

  it('computes each metric alone: two metrics in one state equal two states', () => {
    const params = spectralFamily.parse({ windows: [16, 64] });
    const a = golden.x.slice(0, 700);
    const b = a.map((v, i) => v * 0.5 + (i % 5));
    const both = run(params, [a, b], ['a', 'b']);
    const onlyA = run(params, [a], ['a']);
    const onlyB = run(params, [b], ['b']);
    for (const [name, col] of Object.entries(onlyA)) expect(both[name]).toEqual(col);
    for (const [name, col] of Object.entries(onlyB)) expect(both[name]).toEqual(col);
  });

  it('keeps states apart', () => {
    const params = spectralFamily.parse({});
    const ctx = context(['x']);
    const s1 = spectralFamily.create(ctx, params);
    const s2 = spectralFamily.create(ctx, params);
    const out1 = new Float64Array(12);
    const out2 = new Float64Array(12);
    const alone = run(params, [golden.x.slice(0, 300)], ['x']);
    for (let i = 0; i < 300; i++) {
      s1.push(Float64Array.of(golden.x[i]), NaN, out1, 0);
      s2.push(Float64Array.of(-golden.x[i] * 3), NaN, out2, 0);
      Object.values(alone).forEach((col, k) => expect(out1[k]).toBe(col[i]));
    }
  });

  it('writes finite values in range for any finite input', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.boolean(), (x, constant) => {
        const series = constant ? x.map(() => x[0]) : x;
        const cols = run({ windows: [8, 16], bands: 4 }, [series]);
        for (const [name, col] of Object.entries(cols)) {
          for (const v of col) {
            if (!Number.isFinite(v) || v < 0) return false;
            if (name.includes('band') && v > 1 + 1e-12) return false;
            if (name.includes('domfreq') && v > 0.5) return false;
            if (constant && v !== 0) return false;
          }
        }
        return true;
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('rejects bad parameters, naming the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ windows: [] }, 'families.spectral.windows'],
      [{ windows: [48] }, 'families.spectral.windows'],
      [{ windows: [4] }, 'families.spectral.windows'],
      [{ windows: [8192] }, 'families.spectral.windows'],
      [{ windows: [32, 32] }, 'families.spectral.windows'],
      [{ windows: '32' }, 'families.spectral.windows'],
      [{ bands: 0 }, 'families.spectral.bands'],
      [{ bands: 2.5 }, 'families.spectral.bands'],
      [{ windows: [8, 64], bands: 5 }, 'families.spectral.bands'],
      [{ band: 4 }, 'families.spectral.band'],
    ];
    for (const [raw, field] of bad) {
      let error: unknown;
      try {
        spectralFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(raw)).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
    }
    expect(spectralFamily.parse({ windows: [256, 8], bands: 4 })).toEqual({ windows: [8, 256], bands: 4 });
  });
});
