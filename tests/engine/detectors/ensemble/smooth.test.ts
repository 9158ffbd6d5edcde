import { describe, expect, it } from 'vitest';
import { smoothGroups, windowMean } from '../../../../src/engine/detectors/ensemble/smooth';
import { combineHeld } from '../../../../src/engine/detectors/ensemble/combine';

describe('smoothGroups', () => {
  it("averages each group's last k values in the group's order, the row itself included", () => {
    const v = Float64Array.from([1, 10, 3, 20, 5, 30]);
    // Group A = rows 0, 2, 4 (1, 3, 5); group B = rows 5, 3, 1 in that order (30, 20, 10).
    const out = smoothGroups(
      v,
      [
        [0, 2, 4],
        [5, 3, 1],
      ],
      2,
    );
    expect(Array.from(out)).toEqual([1, 15, 2, 25, 4, 30]);
    expect(smoothGroups(v, [[0, 1, 2, 3, 4, 5]], 1)).toBe(v);
    expect(windowMean([1, 2, 3, 4], 1, 4)).toBe(3);
  });
});

describe('combineHeld', () => {
  const a = Float64Array.from([0, 2, -1]);
  const b = Float64Array.from([1, 1, -3]);
  it('is the weighted mean, the maximum over members weighing above 0, or a weighted vote', () => {
    expect(Array.from(combineHeld([a, b], [0.25, 0.75], 'weighted-mean'))).toEqual([0.75, 1.25, -2.5]);
    expect(Array.from(combineHeld([a, b], [0.5, 0.5], 'max'))).toEqual([1, 2, -1]);
    expect(Array.from(combineHeld([a, b], [1, 0], 'max'))).toEqual([0, 2, -1]);
    const votes = [Float64Array.from([1, 0, 1]), Float64Array.from([1, 1, 0])];
    expect(Array.from(combineHeld(votes, [0.25, 0.75], 'vote'))).toEqual([1, 0.75, 0.25]);
  });
});
