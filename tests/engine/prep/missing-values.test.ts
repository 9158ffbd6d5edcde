import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityGroups } from '../../../src/engine/pipeline/features';
import {
  asNumbers,
  countMissing,
  fillForward,
  fillRollingMedian,
  interpolateLinear,
  longestGap,
  rowsWithMissing,
  type FillResult,
} from '../../../src/engine/prep/missing-values';
import type { Dataset } from '../../../src/engine/table/dataset';
import golden from './golden/cleaning.json';

type Expected = Record<string, Record<string, (number | null)[]>>;

const { relative: REL, absolute: ABS } = golden.tolerance;
const column = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);
const limitOf = (key: string): number | null => (key === 'none' ? null : Number(key));

/** The golden frame as a dataset: shuffled rows, two entities, times in epoch ms. */
function frameDataset(): Dataset {
  const f = golden.frame;
  return {
    name: 'frame',
    table: table({ entity: f.entity, time: Float64Array.from(f.time), a: column(f.a), b: column(f.b) }),
    schema: { time: 'time', entity: 'entity', metrics: ['a', 'b'] },
  };
}

function expectValues(got: FillResult, input: Float64Array, want: (number | null)[], where: string): void {
  expect(got.values.length).toBe(want.length);
  want.forEach((w, i) => {
    if (w === null) expect(got.values[i], `${where} row ${i}`).toBeNaN();
    else {
      const err = Math.abs(got.values[i] - w);
      expect(err, `${where} row ${i}: ${got.values[i]} vs pandas ${w}`).toBeLessThanOrEqual(
        REL * Math.abs(w) + ABS,
      );
    }
  });
  expect(got.filled, `${where} filled`).toBe(countMissing(input) - want.filter((w) => w === null).length);
}

const cases: [
  string,
  Dataset,
  Record<string, (number | null)[]>,
  { ffill: Expected; interpolate: Expected; rollingMedian: Expected },
][] = [
  ['frame', frameDataset(), { a: golden.frame.a, b: golden.frame.b }, golden.frame],
  [
    'series',
    { name: 'series', table: table({ x: column(golden.series.x) }), schema: { metrics: ['x'] } },
    { x: golden.series.x },
    golden.series,
  ],
];

describe('missing values against pandas (golden/cleaning.json)', () => {
  for (const [name, ds, inputs, expected] of cases) {
    const groups = entityGroups(ds);
    for (const [metric, raw] of Object.entries(inputs)) {
      const input = column(raw);
      for (const [key, want] of Object.entries(expected.ffill)) {
        it(`fillForward matches groupby.ffill(limit=${key}) on ${name}.${metric}`, () => {
          expectValues(fillForward(input, groups, limitOf(key)), input, want[metric], `ffill ${key}`);
        });
      }
      for (const [key, want] of Object.entries(expected.interpolate)) {
        it(`interpolateLinear matches interpolate(limit_area='inside', limit=${key}) on ${name}.${metric}`, () => {
          expectValues(interpolateLinear(input, groups, limitOf(key)), input, want[metric], `interp ${key}`);
        });
      }
      for (const [key, want] of Object.entries(expected.rollingMedian)) {
        it(`fillRollingMedian matches shift(1).rolling(${key}).median() on ${name}.${metric}`, () => {
          expectValues(fillRollingMedian(input, groups, Number(key)), input, want[metric], `median ${key}`);
        });
      }
    }
  }

  it('the golden series has gaps longer than every limit tested, so the limits matter', () => {
    const x = column(golden.series.x);
    expect(longestGap(x, [Array.from(x, (_, i) => i)])).toBeGreaterThan(5);
  });
});

describe('limits', () => {
  const one = (n: number): number[][] => [Array.from({ length: n }, (_, i) => i)];
  const x = column([1, null, null, null, null, 6, null, null, 9, null]);

  it('fillForward holds the last value for the first `limit` rows of a longer gap, as pandas', () => {
    const { values, filled } = fillForward(x, one(x.length), 2);
    expect(Array.from(values)).toEqual([1, 1, 1, NaN, NaN, 6, 6, 6, 9, 9]);
    expect(filled).toBe(5);
  });

  it('interpolateLinear leaves a gap longer than the limit wholly missing, and the trailing one', () => {
    const { values, filled } = interpolateLinear(x, one(x.length), 2);
    expect(Array.from(values)).toEqual([1, NaN, NaN, NaN, NaN, 6, 7, 8, 9, NaN]);
    expect(filled).toBe(2);
    expect(Array.from(interpolateLinear(x, one(x.length), null).values)).toEqual([
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      NaN,
    ]);
  });
});

describe('fillRollingMedian by hand', () => {
  it('takes the median of the observed values among the previous `window` rows', () => {
    const x = column([1, null, 3, 10, null, null, null, null, 7]);
    const { values, filled } = fillRollingMedian(x, [Array.from(x, (_, i) => i)], 3);
    // Row 1: median(1) = 1. Row 4: rows 1-3 hold NaN, 3, 10 -> 6.5. Row 5: 3, 10, NaN -> 6.5.
    // Row 6: 10 only. Row 7: rows 4-6 were all missing (filled values never count) -> stays NaN.
    expect(Array.from(values)).toEqual([1, 1, 3, 10, 6.5, 6.5, 10, NaN, 7]);
    expect(filled).toBe(4);
  });

  it('refuses a window that is not a positive integer', () => {
    expect(() => fillRollingMedian([1, NaN], [[0, 1]], 0)).toThrow(/window/);
    expect(() => fillRollingMedian([1, NaN], [[0, 1]], 2.5)).toThrow(/window/);
  });
});

describe('entities are kept apart', () => {
  // Rows interleave two entities; entity B's first rows are missing while A has values before them.
  const entity = ['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B'];
  const x = column([1, null, null, null, 5, 20, null, null]);
  const ds: Dataset = {
    name: 'two',
    table: table({ entity, time: Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3]), x }),
    schema: { time: 'time', entity: 'entity', metrics: ['x'] },
  };
  const groups = entityGroups(ds);

  it('forward fill never carries a value from another entity', () => {
    expect(Array.from(fillForward(x, groups, null).values)).toEqual([1, NaN, 1, NaN, 5, 20, 5, 20]);
  });

  it('interpolation never bridges two entities', () => {
    expect(Array.from(interpolateLinear(x, groups, null).values)).toEqual([1, NaN, 3, NaN, 5, 20, NaN, NaN]);
  });

  it("the rolling median never looks at another entity's rows", () => {
    expect(Array.from(fillRollingMedian(x, groups, 4).values)).toEqual([1, NaN, 1, NaN, 5, 20, 3, 20]);
  });

  it('longestGap counts runs within one entity', () => {
    // Row order has 3 NaNs in a row (rows 1-3), but B's run is 2 rows and A's is 1.
    expect(longestGap(x, groups)).toBe(2);
  });
});

describe('asNumbers', () => {
  it('reads null and undefined as missing and keeps a Float64Array as it is', () => {
    expect(Array.from(asNumbers([1, null, undefined, 2.5, '3']))).toEqual([1, NaN, NaN, 2.5, 3]);
    const x = Float64Array.from([1, NaN]);
    expect(asNumbers(x)).toBe(x);
  });
});

describe('rowsWithMissing and countMissing', () => {
  it('flags rows where any column is missing', () => {
    const a = column([1, null, 3, 4]);
    const b = column([1, 2, 3, null]);
    expect(Array.from(rowsWithMissing([a, b], 4))).toEqual([0, 1, 0, 1]);
    expect(Array.from(rowsWithMissing([], 3))).toEqual([0, 0, 0]);
    expect(countMissing(a) + countMissing(b)).toBe(2);
  });
});

describe('properties', () => {
  const cell = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null, freq: 3 });
  const series = fc.array(cell, { maxLength: 60 }).map(column);
  const split = (n: number, cut: number): number[][] => {
    const all = Array.from({ length: n }, (_, i) => i);
    return [all.filter((i) => i % cut === 0), all.filter((i) => i % cut !== 0)];
  };

  it('forward fill without a limit leaves missing only the values before each entity’s first observation', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 4 }), (x, cut) => {
        const groups = split(x.length, cut);
        const { values, filled } = fillForward(x, groups, null);
        for (const idx of groups) {
          const first = idx.findIndex((i) => !Number.isNaN(x[i]));
          idx.forEach((i, p) => {
            const leading = first < 0 || p < first;
            expect(Number.isNaN(values[i])).toBe(leading);
            if (!Number.isNaN(x[i])) expect(values[i]).toBe(x[i]);
          });
        }
        expect(filled).toBe(countMissing(x) - countMissing(values));
      }),
    );
  });

  it('interpolated values lie between the two observed neighbours and keep observed values', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 1, max: 5 })),
        (x, cut, limit) => {
          const groups = split(x.length, cut);
          const { values, filled } = interpolateLinear(x, groups, limit);
          for (const idx of groups) {
            let prev = -1;
            idx.forEach((i, p) => {
              if (Number.isNaN(x[i])) return;
              expect(values[i]).toBe(x[i]);
              for (let q = prev + 1; q < p; q++) {
                const v = values[idx[q]];
                if (prev < 0 || (limit !== null && p - prev - 1 > limit)) expect(v).toBeNaN();
                else {
                  expect(v).toBeGreaterThanOrEqual(Math.min(x[idx[prev]], x[i]));
                  expect(v).toBeLessThanOrEqual(Math.max(x[idx[prev]], x[i]));
                }
              }
              prev = p;
            });
            for (let q = prev + 1; q < idx.length; q++) expect(values[idx[q]]).toBeNaN();
          }
          expect(filled).toBe(countMissing(x) - countMissing(values));
        },
      ),
    );
  });

  it('a rolling-median fill lies within the range of the window it came from', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 6 }), (x, window) => {
        const idx = Array.from(x, (_, i) => i);
        const { values } = fillRollingMedian(x, [idx], window);
        for (let i = 0; i < x.length; i++) {
          if (!Number.isNaN(x[i])) {
            expect(values[i]).toBe(x[i]);
            continue;
          }
          const seen = Array.from(x.subarray(Math.max(0, i - window), i)).filter((v) => !Number.isNaN(v));
          if (!seen.length) expect(values[i]).toBeNaN();
          else {
            expect(values[i]).toBeGreaterThanOrEqual(Math.min(...seen));
            expect(values[i]).toBeLessThanOrEqual(Math.max(...seen));
          }
        }
      }),
    );
  });
});
