import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricPairs, xcorrFamily, type XcorrParams } from '../../../src/engine/features/cross-correlation';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { createRandom } from '../../../src/engine/util/random';
import golden from './golden/xcorr.json';

const DEFAULT_WINDOWS = [6, 12, 24, 48, 96, 288];

function context(metrics: string[], windows: number[] = DEFAULT_WINDOWS): FeatureContext {
  return { metrics, windows, stepMs: 300_000 };
}

/** Pushes the rows of `series` (one array per metric) through one state; returns the columns by name. */
function run(ctx: FeatureContext, params: XcorrParams, series: number[][]): Map<string, number[]> {
  const names = xcorrFamily.names(ctx, params);
  const state = xcorrFamily.create(ctx, params);
  const n = series[0].length;
  const columns = names.map(() => [] as number[]);
  const values = new Float64Array(series.length);
  // A margin on both sides catches writes outside the family's slice.
  const out = new Float64Array(names.length + 4).fill(-7);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < series.length; j++) values[j] = series[j][i];
    state.push(values, NaN, out, 2);
    expect(out[0]).toBe(-7);
    expect(out[1]).toBe(-7);
    expect(out[names.length + 2]).toBe(-7);
    expect(out[names.length + 3]).toBe(-7);
    for (let k = 0; k < names.length; k++) columns[k].push(out[2 + k]);
  }
  return new Map(names.map((name, k) => [name, columns[k]]));
}

/** Direct two-pass Pearson correlation over each trailing window; 0 for < 2 rows or zero variance. */
function directCorr(a: number[], b: number[], w: number): number[] {
  const r: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - w + 1);
    const n = i - from + 1;
    let ma = 0;
    let mb = 0;
    for (let k = from; k <= i; k++) {
      ma += a[k];
      mb += b[k];
    }
    ma /= n;
    mb /= n;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let k = from; k <= i; k++) {
      saa += (a[k] - ma) ** 2;
      sbb += (b[k] - mb) ** 2;
      sab += (a[k] - ma) * (b[k] - mb);
    }
    const constA = a.slice(from, i + 1).every((v) => v === a[i]);
    const constB = b.slice(from, i + 1).every((v) => v === b[i]);
    r.push(n < 2 || constA || constB ? 0 : sab / Math.sqrt(saa * sbb));
  }
  return r;
}

function expectClose(actual: number[], expected: number[], tol: number, label: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${label} row ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** A noisy daily sinusoid (288 rows a day) with spikes, around `level`. */
function dailySeries(seed: number, n: number, level: number, amplitude: number, noise: number): number[] {
  const rnd = createRandom(seed);
  const x: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = level + amplitude * Math.sin((2 * Math.PI * i) / 288) + noise * rnd.normal();
    if (rnd.next() < 0.005) v += amplitude * 4;
    x.push(v);
  }
  return x;
}

describe('xcorr family', () => {
  it('names every pair i < j in metric order, one feature per window', () => {
    const ctx = context(['cpu', 'mem', 'lat']);
    const names = xcorrFamily.names(ctx, xcorrFamily.defaults);
    expect(names).toHaveLength(3 * 6);
    expect(names.slice(0, 6)).toEqual(DEFAULT_WINDOWS.map((w) => `cpu~mem__xcorr__w${w}`));
    expect(names[6]).toBe('cpu~lat__xcorr__w6');
    expect(names[17]).toBe('mem~lat__xcorr__w288');
    expect(xcorrFamily.names(ctx, { windows: [5, 3] })).toEqual([
      'cpu~mem__xcorr__w5',
      'cpu~mem__xcorr__w3',
      'cpu~lat__xcorr__w5',
      'cpu~lat__xcorr__w3',
      'mem~lat__xcorr__w5',
      'mem~lat__xcorr__w3',
    ]);
    expect(metricPairs(['a', 'b', 'c', 'd'])).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
  });

  it('has no features with fewer than two metrics', () => {
    const ctx = context(['cpu']);
    expect(xcorrFamily.names(ctx, xcorrFamily.defaults)).toEqual([]);
    const out = new Float64Array(2).fill(5);
    xcorrFamily.create(ctx, xcorrFamily.defaults).push(Float64Array.of(1), NaN, out, 0);
    expect(Array.from(out)).toEqual([5, 5]);
    expect(xcorrFamily.names(context([]), xcorrFamily.defaults)).toEqual([]);
  });

  it('matches hand-computed correlations (window 3), with 0 during warm-up', () => {
    const cols = run(context(['a', 'b'], [3]), xcorrFamily.defaults, [
      [1, 2, 3, 4, 4, 4, 4],
      [2, 4, 6, 5, 1, 0, 2],
    ]);
    // Row 0: one row -> 0. Rows 1, 2: perfectly linear. Row 3: a = (2,3,4), b = (4,6,5): cov 1/2, var 1, 1
    // -> 0.5. Row 4: a = (3,4,4), b = (6,5,1), from the definition.
    const a4 = [3, 4, 4];
    const b4 = [6, 5, 1];
    const ma = 11 / 3;
    const mb = 4;
    const cov = a4.reduce((s, v, k) => s + (v - ma) * (b4[k] - mb), 0);
    const va = a4.reduce((s, v) => s + (v - ma) ** 2, 0);
    const vb = b4.reduce((s, v) => s + (v - mb) ** 2, 0);
    // Rows 5, 6: a is constant (4, 4, 4) -> 0 (pandas: NaN).
    expectClose(cols.get('a~b__xcorr__w3')!, [0, 1, 1, 0.5, cov / Math.sqrt(va * vb), 0, 0], 1e-12, 'w3');
  });

  it('matches pandas rolling corr (golden/xcorr.json)', () => {
    const series = golden.metrics.map((m) => (golden.values as Record<string, number[]>)[m]);
    const cols = run(context(golden.metrics, golden.windows), xcorrFamily.defaults, series);
    const expected = golden.features as Record<string, number[]>;
    expect([...cols.keys()]).toEqual(Object.keys(expected));
    const tolerance = golden.tolerance as Record<string, number>;
    for (const [name, values] of Object.entries(expected)) {
      expect(tolerance[name]).toBeLessThanOrEqual(1e-4);
      expectClose(cols.get(name)!, values, tolerance[name], name);
    }
  });

  it('matches a direct two-pass computation to 1e-9 over many re-synchronisations, at any magnitude', () => {
    const n = 4000;
    const cpu = dailySeries(1, n, 50, 20, 3);
    const bytes = dailySeries(2, n, 1e9, 1e3, 50).map((v, i) => v + 1e4 * cpu[i]);
    const tiny = dailySeries(3, n, 1e-6, 1e-9, 1e-10);
    // Constant stretches longer and shorter than the windows, starting mid-way between re-syncs.
    for (let i = 1000; i < 1400; i++) cpu[i] = 42.125;
    for (let i = 2003; i < 2010; i++) tiny[i] = 1e-6;
    const windows = [2, 6, 13, 288];
    const cols = run(context(['cpu', 'bytes', 'tiny'], windows), { windows: null }, [cpu, bytes, tiny]);
    const series: Record<string, number[]> = { cpu, bytes, tiny };
    for (const [name, values] of cols) {
      const [pair, , w] = name.split('__');
      const [a, b] = pair.split('~');
      expectClose(values, directCorr(series[a], series[b], Number(w.slice(1))), 1e-9, name);
    }
    // Inside the constant stretch, every window that only sees it is 0.
    expect(cols.get('cpu~bytes__xcorr__w288')![1390]).toBe(0);
    expect(cols.get('cpu~tiny__xcorr__w13')![1200]).toBe(0);
  });

  it('stays exact when a variance collapses (a huge spike leaves the window, a level shift)', () => {
    const n = 1500;
    const a = dailySeries(6, n, 10, 1, 0.5);
    const b = dailySeries(7, n, 5, 2, 0.5);
    a[100] = 1e8;
    b[700] = -3e7;
    for (let i = 900; i < n; i++) a[i] = 1e6 + (i % 3) * 1e-4;
    const windows = [2, 5, 50, 288];
    const cols = run(context(['a', 'b'], windows), xcorrFamily.defaults, [a, b]);
    for (const w of windows) {
      expectClose(cols.get(`a~b__xcorr__w${w}`)!, directCorr(a, b, w), 1e-9, `w${w}`);
    }
  });

  it('writes only finite values in [-1, 1] for any finite input', () => {
    const value = fc.oneof(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.constantFrom(0, 1e9, -1e9, 1e-9, 3.5),
      fc.double({ min: 1e9, max: 1e9 + 1e-3, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(false, true),
        (rows, constant) => {
          const series = [0, 1, 2].map((j) => rows.map((r) => (constant && j === 1 ? 7 : r[j])));
          const cols = run(context(['a', 'b', 'c'], [2, 3, 7]), xcorrFamily.defaults, series);
          for (const [name, col] of cols) {
            for (const v of col) {
              if (!(Number.isFinite(v) && v >= -1 && v <= 1)) throw new Error(`${name}: ${v}`);
            }
            if (name.startsWith('a~b') || name.startsWith('b~c')) {
              if (constant && col.some((v) => v !== 0)) throw new Error(`${name}: constant b but not 0`);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps states independent', () => {
    const ctx = context(['a', 'b'], [4]);
    const a = dailySeries(4, 50, 10, 3, 1);
    const b = dailySeries(5, 50, 10, 3, 1);
    const alone = run(ctx, xcorrFamily.defaults, [a, b]).get('a~b__xcorr__w4')!;
    const s1 = xcorrFamily.create(ctx, xcorrFamily.defaults);
    const s2 = xcorrFamily.create(ctx, xcorrFamily.defaults);
    const out = new Float64Array(1);
    const got: number[] = [];
    for (let i = 0; i < 50; i++) {
      s2.push(Float64Array.of(b[i], -a[i] * i), NaN, out, 0);
      s1.push(Float64Array.of(a[i], b[i]), NaN, out, 0);
      got.push(out[0]);
    }
    expect(got).toEqual(alone);
  });

  it('parses parameters and names the field of a problem', () => {
    expect(xcorrFamily.parse({})).toEqual({ windows: null });
    expect(xcorrFamily.parse({ windows: null })).toEqual({ windows: null });
    expect(xcorrFamily.parse({ windows: [12, 2] })).toEqual({ windows: [12, 2] });
    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ windows: [] }, 'families.xcorr.windows', /non-empty/],
      [{ windows: 12 }, 'families.xcorr.windows', /list/],
      [{ windows: [1] }, 'families.xcorr.windows', /1 is not an integer between 2/],
      [{ windows: [2.5] }, 'families.xcorr.windows', /2.5/],
      [{ windows: [20000] }, 'families.xcorr.windows', /20000/],
      [{ windows: ['6'] }, 'families.xcorr.windows', /"6"/],
      [{ windows: [6, 6] }, 'families.xcorr.windows', /twice/],
      [{ window: [6] }, 'families.xcorr.window', /unknown/],
    ];
    for (const [raw, field, problem] of bad) {
      let error: unknown;
      try {
        xcorrFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
      expect((error as FeatureConfigError).message).toMatch(problem);
    }
  });
});
