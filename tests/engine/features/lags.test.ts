import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FeatureConfigError,
  type FeatureContext,
  type FeatureFamily,
} from '../../../src/engine/features/family';
import { lagsFamily } from '../../../src/engine/features/lags';

interface Golden {
  lags: number[];
  rows: number[];
  cases: { name: string; values: number[]; expected: Record<string, (number | null)[]> }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/lags.json', import.meta.url), 'utf8')) as Golden;

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

const ctx1: FeatureContext = { metrics: ['x'], windows: [6, 12], stepMs: null };

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof FeatureConfigError ? e.field : `not a FeatureConfigError: ${String(e)}`;
  }
  return undefined;
}

describe('lagsFamily', () => {
  const params = lagsFamily.parse({});

  it('names lag_<k> per metric and lag: 12 per metric by default', () => {
    const names = lagsFamily.names({ metrics: ['cpu', 'mem'], windows: [6], stepMs: null }, params);
    expect(names).toHaveLength(24);
    expect(names.slice(0, 3)).toEqual(['cpu__lags__lag_1', 'cpu__lags__lag_2', 'cpu__lags__lag_3']);
    expect(names[11]).toBe('cpu__lags__lag_288');
    expect(names[12]).toBe('mem__lags__lag_1');
  });

  for (const c of golden.cases) {
    it(`matches pandas shift(k) filled with the first value on the ${c.name} series`, () => {
      expect(params.lags).toEqual(golden.lags);
      const names = lagsFamily.names(ctx1, params);
      expect(Object.keys(c.expected).sort()).toEqual([...names].sort());
      const rows = run(lagsFamily, ctx1, params, [c.values]);
      names.forEach((name, k) => {
        golden.rows.forEach((r, idx) => {
          const e = c.expected[name][idx] as number;
          expect(Math.abs(rows[r][k] - e), `${name} row ${r}`).toBeLessThanOrEqual(
            1e-9 * Math.abs(e) + 1e-12,
          );
        });
      });
    });
  }

  it('uses the first value until k rows exist, then the value k rows back', () => {
    const p = lagsFamily.parse({ lags: [3, 1] });
    expect(p.lags).toEqual([1, 3]);
    const rows = run(lagsFamily, ctx1, p, [[10, 20, 30, 40, 50]]);
    expect(rows.map((r) => [...r])).toEqual([
      [10, 10],
      [10, 10],
      [20, 10],
      [30, 10],
      [40, 20],
    ]);
  });

  it('returns the input values exactly, for any finite input and two metrics', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
        (pairs, lags) => {
          const p = lagsFamily.parse({ lags });
          const ctx: FeatureContext = { metrics: ['a', 'b'], windows: [6], stepMs: null };
          const cols = [pairs.map((q) => q[0]), pairs.map((q) => q[1])];
          const rows = run(lagsFamily, ctx, p, cols);
          for (let i = 0; i < pairs.length; i++) {
            for (let j = 0; j < 2; j++) {
              p.lags.forEach((k, li) => {
                expect(Object.is(rows[i][j * p.lags.length + li], i >= k ? cols[j][i - k] : cols[j][0])).toBe(
                  true,
                );
              });
            }
          }
        },
      ),
    );
  });

  it('keeps no state shared between entities and no reference to the input', () => {
    const [a, b] = [golden.cases[0].values.slice(0, 400), golden.cases[1].values.slice(0, 400)];
    const alone = [run(lagsFamily, ctx1, params, [a]), run(lagsFamily, ctx1, params, [b])];
    const states = [lagsFamily.create(ctx1, params), lagsFamily.create(ctx1, params)];
    const out = new Float64Array(12);
    const input = new Float64Array(1);
    for (let i = 0; i < 400; i++) {
      for (const [e, series] of [a, b].entries()) {
        input[0] = series[i];
        states[e].push(input, NaN, out, 0);
        expect([...out]).toEqual([...alone[e][i]]);
      }
    }
  });

  it('parses parameters over the defaults and names the field of a bad one', () => {
    expect(lagsFamily.parse({})).toEqual({ lags: [1, 2, 3, 4, 5, 6, 12, 24, 48, 96, 144, 288] });
    for (const lags of [[], [0], [-1], [1.5], [10_001], [2, 2], ['3'], 4]) {
      expect(fieldOf(() => lagsFamily.parse({ lags }))).toBe('families.lags.lags');
    }
    expect(fieldOf(() => lagsFamily.parse({ lag: [1] }))).toBe('families.lags.lag');
    expect(lagsFamily.parse({ lags: [10_000] }).lags).toEqual([10_000]);
  });
});
