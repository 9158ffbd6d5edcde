import { describe, expect, it } from 'vitest';
import { blockedFolds, timeSplit } from '../../../../src/engine/detectors/ensemble/split';
import type { Matrix } from '../../../../src/engine/util/matrix';

describe('timeSplit', () => {
  // 13 rows, one column holding the row index; entity A = rows 0, 2, 4, ..., 12 (7 rows), B = odd rows
  // (6 rows), given in time order.
  const X: Matrix = { data: Float64Array.from({ length: 13 }, (_, i) => i), rows: 13, cols: 1 };
  const A = [0, 2, 4, 6, 8, 10, 12];
  const B = [1, 3, 5, 7, 9, 11];
  const time = Float64Array.from({ length: 13 }, (_, i) => 1000 * i);

  it("holds out the last 20% of every entity's rows, rounded up", () => {
    const s = timeSplit(X, [A, B], 0.2, time);
    // A: ceil(1.4) = 2 held out; B: ceil(1.2) = 2.
    expect(Array.from(s.validation)).toEqual([10, 12, 9, 11]);
    expect(Array.from(s.fit)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7]);
  });

  it('gives the fit rows as a matrix with their context: groups as positions, times picked', () => {
    const s = timeSplit(X, [A, B], 0.2, time);
    expect(Array.from(s.X.data)).toEqual([0, 2, 4, 6, 8, 1, 3, 5, 7]);
    expect(s.context.groups!.map((g) => Array.from(g))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(Array.from(s.context.time!)).toEqual([0, 2000, 4000, 6000, 8000, 1000, 3000, 5000, 7000]);
    expect(timeSplit(X, [A, B], 0.2).context.time).toBeUndefined();
  });

  it('holds out at least one row of an entity of two or more, and none of a single row', () => {
    const s = timeSplit(X, [[0, 1], [2]], 0.2);
    expect(Array.from(s.validation)).toEqual([1]);
    expect(Array.from(s.fit)).toEqual([0, 2]);
  });
});

describe('blockedFolds', () => {
  const X: Matrix = { data: Float64Array.from({ length: 13 }, (_, i) => i), rows: 13, cols: 1 };
  const A = [0, 2, 4, 6, 8, 10, 12];
  const B = [1, 3, 5, 7, 9, 11];

  it("holds out each consecutive block of every entity once, fitting on the entity's other rows", () => {
    const folds = blockedFolds(X, [A, B], 3, 0.2);
    expect(folds).toHaveLength(3);
    // A (7 rows): blocks [0, 2), [2, 4), [4, 7); B (6 rows): [0, 2), [2, 4), [4, 6).
    expect(folds.map((f) => Array.from(f.validation))).toEqual([
      [0, 2, 1, 3],
      [4, 6, 5, 7],
      [8, 10, 12, 9, 11],
    ]);
    expect(Array.from(folds[1].fit)).toEqual([0, 2, 8, 10, 12, 1, 3, 9, 11]);
    expect(folds[1].context.groups!.map((g) => Array.from(g))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const held = folds.flatMap((f) => Array.from(f.validation)).sort((a, b) => a - b);
    expect(held).toEqual(Array.from({ length: 13 }, (_, i) => i));
  });

  it('is the last-share split with one fold', () => {
    expect(blockedFolds(X, [A, B], 1, 0.2)).toEqual([timeSplit(X, [A, B], 0.2)]);
  });
});
