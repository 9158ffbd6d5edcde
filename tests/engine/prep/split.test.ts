/** Train / validation / test splits: hand-checked cuts, gaps, warnings, and equivalence with `timeSplit`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultSplit,
  parseSplit,
  SplitConfigError,
  splitRows,
  type SplitOptions,
} from '../../../src/engine/prep/split';
import { timeSplit } from '../../../src/engine/prep/time-split';

const opts = (o: Partial<SplitOptions>): SplitOptions => ({ ...defaultSplit(), ...o });
const list = (a: Int32Array): number[] => Array.from(a);

describe('splitRows by hand', () => {
  // Entity A: rows 0-4 at 0, 10, ..., 40. Entity B: rows 5-13 at 5, 15, ..., 85, stored in reverse file order.
  const times = [0, 10, 20, 30, 40, 85, 75, 65, 55, 45, 35, 25, 15, 5];
  const groups = [
    [0, 1, 2, 3, 4],
    [13, 12, 11, 10, 9, 8, 7, 6, 5],
  ];

  it('cuts each entity over its own time span', () => {
    const s = splitRows(
      { times, groups, labels: null, entityNames: ['a', 'b'] },
      opts({ train: 0.5, validation: 0.25 }),
    );
    // A: span 0-40, train t < 20, validation 20 <= t < 30, test t >= 30.
    // B: span 5-85, train t < 45, validation 45 <= t < 65, test t >= 65.
    expect(list(s.train)).toEqual([0, 1, 10, 11, 12, 13]);
    expect(list(s.validation)).toEqual([2, 8, 9]);
    expect(list(s.test)).toEqual([3, 4, 5, 6, 7]);
    expect(s.cuts).toEqual([
      { entity: 'a', trainEnd: 20, validationStart: 20, validationEnd: 30, testStart: 30 },
      { entity: 'b', trainEnd: 45, validationStart: 45, validationEnd: 65, testStart: 65 },
    ]);
    expect(s.byTime).toBe(true);
    expect(s.gapRows).toBe(0);
    expect(s.warnings).toEqual([]);
  });

  it('cuts once on the global span when perEntity is false', () => {
    const s = splitRows(
      { times, groups, labels: null },
      opts({ train: 0.5, validation: 0.25, perEntity: false }),
    );
    // Span 0-85: train t < 42.5, validation 42.5 <= t < 63.75, test t >= 63.75.
    expect(s.cuts).toEqual([
      { entity: null, trainEnd: 42.5, validationStart: 42.5, validationEnd: 63.75, testStart: 63.75 },
    ]);
    expect(list(s.train)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13]);
    expect(list(s.validation)).toEqual([8, 9]);
    expect(list(s.test)).toEqual([5, 6, 7]);
  });

  it('leaves the gaps unused, by time', () => {
    const s = splitRows({ times, groups, labels: null }, opts({ train: 0.5, validation: 0.25, gap: 0.1 }));
    // A: train t < 20, gap [20, 24), validation [24, 34), gap [34, 38), test t >= 38.
    // B: train t < 45, gap [45, 53), validation [53, 73), gap [73, 81), test t >= 81.
    expect(s.cuts.map((c) => [c.trainEnd, c.validationStart, c.validationEnd, c.testStart])).toEqual([
      [20, 24, 34, 38],
      [45, 53, 73, 81],
    ]);
    expect(list(s.train)).toEqual([0, 1, 10, 11, 12, 13]);
    expect(list(s.validation)).toEqual([3, 7, 8]);
    expect(list(s.test)).toEqual([4, 5]);
    expect(s.gapRows).toBe(3); // A at 20, B at 45 and 75
  });

  it('uses one gap between train and test without validation', () => {
    const s = splitRows(
      { times, groups: [groups[0]], labels: null },
      opts({ train: 0.5, validation: 0, gap: 0.25 }),
    );
    expect(s.cuts).toEqual([
      { entity: null, trainEnd: 20, validationStart: 30, validationEnd: 30, testStart: 30 },
    ]);
    expect([list(s.train), list(s.validation), list(s.test), s.gapRows]).toEqual([[0, 1], [], [3, 4], 1]);
    expect(s.warnings).toEqual([]);
  });

  it('splits by position within each entity without times', () => {
    const g = [Array.from({ length: 10 }, (_, i) => i), [10, 11, 12, 13, 14]];
    const s = splitRows(
      { times: null, groups: g, labels: null },
      opts({ train: 0.5, validation: 0.2, gap: 0.1 }),
    );
    // 10 rows: cuts at round(5), round(6), round(8), round(9). 5 rows: round(2.5) = 3, round(3) = 3, round(4) = 4, round(4.5) = 5.
    expect(s.cuts.map((c) => [c.trainEnd, c.validationStart, c.validationEnd, c.testStart])).toEqual([
      [5, 6, 8, 9],
      [3, 3, 4, 5],
    ]);
    expect(list(s.train)).toEqual([0, 1, 2, 3, 4, 10, 11, 12]);
    expect(list(s.validation)).toEqual([6, 7, 13]);
    expect(list(s.test)).toEqual([9]);
    expect(s.gapRows).toBe(3);
    expect(s.byTime).toBe(false);
    expect(s.warnings).toEqual([]);
  });

  it('cuts row order globally without times when perEntity is false', () => {
    const g = [
      [0, 2, 4, 6, 8],
      [1, 3, 5, 7, 9],
    ];
    const s = splitRows(
      { times: null, groups: g, labels: null },
      opts({ train: 0.6, validation: 0.2, perEntity: false }),
    );
    expect([list(s.train), list(s.validation), list(s.test)]).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it('leaves rows without a valid time out, with a warning', () => {
    const s = splitRows(
      { times: [0, NaN, 10, 20, 30], groups: [[0, 1, 2, 3, 4]], labels: null },
      opts({ train: 0.5, validation: 0 }),
    );
    expect([list(s.train), list(s.test)]).toEqual([
      [0, 2],
      [3, 4],
    ]);
    expect(s.warnings).toEqual(['1 row without a valid time belongs to no part.']);
  });
});

describe('never shuffles', () => {
  it('keeps every entity in time order: train before validation before test', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.04, noNaN: true }),
        fc.boolean(),
        (entityTimes, train, validation, gap, perEntity) => {
          const times: number[] = [];
          const groups = entityTimes.map((ts) => [...ts].sort((a, b) => a - b).map((t) => times.push(t) - 1));
          const s = splitRows({ times, groups, labels: null }, { train, validation, gap, perEntity });
          const part = new Map<number, number>();
          [s.train, s.validation, s.test].forEach((rows, p) => rows.forEach((i) => part.set(i, p)));
          expect(part.size + s.gapRows).toBe(times.length);
          for (const g of groups) {
            for (let k = 1; k < g.length; k++) {
              const a = part.get(g[k - 1]);
              const b = part.get(g[k]);
              if (a !== undefined && b !== undefined) expect(a).toBeLessThanOrEqual(b);
            }
          }
        },
      ),
    );
  });
});

describe('equivalence with timeSplit', () => {
  it('matches timeSplit with validation 0, gap 0 and a global cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -1e6, max: 1e6 })), {
          maxLength: 60,
        }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.boolean(),
        (rows, train, withTimes) => {
          // Rows belong to up to four entities; the groups hold each entity's rows in time order.
          const times = rows.map(([, t]) => t);
          const byEntity = new Map<number, number[]>();
          rows.forEach(([e], i) => byEntity.set(e, [...(byEntity.get(e) ?? []), i]));
          const groups = [...byEntity.values()].map((g) =>
            withTimes ? [...g].sort((a, b) => times[a] - times[b]) : g,
          );
          const old = timeSplit(withTimes ? times : null, rows.length, train);
          const s = splitRows(
            { times: withTimes ? times : null, groups, labels: null },
            { train, validation: 0, gap: 0, perEntity: false },
          );
          expect(list(s.train)).toEqual(list(old.train));
          expect(list(s.test)).toEqual(list(old.test));
          expect(s.validation.length + s.gapRows).toBe(0);
          if (rows.length) expect(s.cuts[0].trainEnd).toBe(old.cut);
        },
      ),
    );
  });
});

describe('warnings', () => {
  const times = Array.from({ length: 20 }, (_, i) => i * 60_000);
  const groups = [Array.from({ length: 20 }, (_, i) => i)];
  const labelsAt = (...rows: number[]): number[] => times.map((_, i) => (rows.includes(i) ? 1 : 0));
  const split = (labels: number[] | null, o: Partial<SplitOptions> = {}): string[] =>
    splitRows({ times, groups, labels }, opts(o)).warnings;
  // Default shares over 0-19 min: train rows 0-11, validation 12-15, test 16-19 (t < 11.4 min, < 15.2 min).

  it('says nothing when every part holds anomalies', () => {
    expect(split(labelsAt(3, 13, 17))).toEqual([]);
    expect(split(null)).toEqual([]);
    expect(split(labelsAt())).toEqual([]);
  });

  it('warns when training holds most anomaly rows', () => {
    // 5 of 7 anomaly rows (71%) and 1 of 3 events in training: not most.
    expect(split(labelsAt(1, 2, 3, 4, 5, 13, 17))).toEqual([]);
    expect(split(labelsAt(1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17))).toEqual([
      'The training part holds most labelled anomalies (82% of the anomaly rows, 1 of 3 events), leaving few to evaluate on.',
    ]);
  });

  it('warns when training holds most anomaly events', () => {
    expect(split(labelsAt(1, 3, 5, 7, 9, 12, 13, 14, 15, 16, 17, 18, 19))).toEqual([
      'The training part holds most labelled anomalies (38% of the anomaly rows, 5 of 6 events), leaving few to evaluate on.',
    ]);
  });

  it('warns when training holds no anomaly', () => {
    expect(split(labelsAt(13, 14, 18))).toEqual([
      'The training part holds no labelled anomaly, while the data has 3 anomaly rows in 2 events.',
    ]);
  });

  it('warns when validation or test holds no anomaly', () => {
    expect(split(labelsAt(2, 17))).toEqual([
      'The validation part holds no labelled anomaly (the data has 2 anomaly rows in 2 events).',
    ]);
    expect(split(labelsAt(2, 13))).toEqual([
      'The test part holds no labelled anomaly (the data has 2 anomaly rows in 2 events).',
    ]);
    // Without a validation part, only the test part is checked.
    expect(split(labelsAt(2, 17), { validation: 0 })).toEqual([]);
  });

  it('counts an event that straddles a cut in both parts', () => {
    // Rows 10-13 form one event touching train and validation; row 17 is a second event.
    expect(split(labelsAt(10, 11, 12, 13, 17))).toEqual([]);
  });

  it('reports an empty part once, not also as a part without anomalies', () => {
    const few = splitRows(
      { times: [0, 1, 2, 10], groups: [[0, 1, 2, 3]], labels: [0, 1, 0, 1] },
      opts({ train: 0.5, validation: 0.3 }),
    );
    expect(list(few.validation)).toEqual([]);
    expect(few.warnings).toEqual(['The validation part is empty.']);
    const one = splitRows({ times: [5], groups: [[0]], labels: [1] }, opts({}));
    expect(one.warnings).toEqual(['The training part is empty.', 'The validation part is empty.']);
  });
});

describe('parseSplit', () => {
  it('gives the defaults and fills absent fields', () => {
    expect(parseSplit(undefined)).toEqual({ train: 0.6, validation: 0.2, gap: 0, perEntity: true });
    expect(parseSplit({ validation: 0, perEntity: false })).toEqual({
      train: 0.6,
      validation: 0,
      gap: 0,
      perEntity: false,
    });
  });

  it.each([
    [{ train: 0 }, 'split.train'],
    [{ train: '0.5' }, 'split.train'],
    [{ validation: -0.1 }, 'split.validation'],
    [{ gap: 1 }, 'split.gap'],
    [{ perEntity: 1 }, 'split.perEntity'],
    [{ train: 0.7, validation: 0.3 }, 'split.validation'],
    [{ train: 1.2, validation: 0 }, 'split.train'],
    [{ train: 0.6, validation: 0.2, gap: 0.1 }, 'split.gap'],
    [{ shuffle: true }, 'split.shuffle'],
    ['0.6', 'split'],
  ])('refuses %j naming %s', (raw, field) => {
    let error: unknown;
    try {
      parseSplit(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SplitConfigError);
    expect((error as SplitConfigError).field).toBe(field);
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
  });

  it('makes splitRows refuse invalid options too', () => {
    expect(() => splitRows({ times: null, groups: [[0]], labels: null }, opts({ gap: 0.3 }))).toThrow(
      SplitConfigError,
    );
  });
});
