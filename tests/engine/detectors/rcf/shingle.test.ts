import { describe, expect, it } from 'vitest';
import { checkGroups, shingleRows, writeShingles } from '../../../../src/engine/detectors/rcf/shingle';
import { matrixFromRows } from '../../../../src/engine/util/matrix';

describe('rcf shingles', () => {
  it('concatenates each row with the previous rows of its entity, oldest first, padding with the first', () => {
    const X = matrixFromRows([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
    const out = new Float64Array(4 * 6);
    writeShingles(X, [0, 1, 2, 3], 3, out, (k) => k);
    expect(Array.from(out)).toEqual([
      ...[1, 10, 1, 10, 1, 10],
      ...[1, 10, 1, 10, 2, 20],
      ...[1, 10, 2, 20, 3, 30],
      ...[2, 20, 3, 30, 4, 40],
    ]);
  });

  it('never mixes entities, whatever the row order (interleaved entities, an entity boundary)', () => {
    // Entity A = rows 0, 2, 4 (values 1, 2, 3); entity B = rows 5, 3, 1 in time order (values 100, 200, 300).
    const X = matrixFromRows([[1], [300], [2], [200], [3], [100]]);
    const P = shingleRows(
      X,
      [
        [0, 2, 4],
        [5, 3, 1],
      ],
      2,
    );
    const point = (i: number): number[] => Array.from(P.subarray(2 * i, 2 * i + 2));
    expect(point(0)).toEqual([1, 1]);
    expect(point(2)).toEqual([1, 2]);
    expect(point(4)).toEqual([2, 3]);
    expect(point(5)).toEqual([100, 100]); // B's first row: padded with B's own earliest row, not A's last
    expect(point(3)).toEqual([100, 200]);
    expect(point(1)).toEqual([200, 300]);
  });

  it('with size 1 is the rows themselves', () => {
    const X = matrixFromRows([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(shingleRows(X, [[1, 0]], 1))).toEqual([1, 2, 3, 4]);
  });

  it('refuses groups that leave out a row or point outside X', () => {
    expect(() => checkGroups([[0, 2]], 3)).toThrow(/row 1 belongs to no entity/);
    expect(() => checkGroups([[0, 1, 3]], 3)).toThrow(/row 3 is out of range/);
    expect(() => checkGroups([[0, 1], [2]], 3)).not.toThrow();
  });
});
