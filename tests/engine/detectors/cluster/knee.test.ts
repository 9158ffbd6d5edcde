import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kneeIndex } from '../../../../src/engine/detectors/cluster/knee';

describe('kneeIndex', () => {
  it('finds the point farthest below the chord on hand-worked curves', () => {
    // x = i/7, y = (v - 0)/20 = [0, .05, .1, .15, .2, .25, .5, 1]; x - y peaks at i = 5 (0.714 - 0.25).
    expect(kneeIndex([0, 1, 2, 3, 4, 5, 10, 20])).toBe(5);
    // An L: y = [0, 0, 0, 0, 0, 1], x - y = i/5 up to i = 4, then 0.
    expect(kneeIndex([1, 1, 1, 1, 1, 9])).toBe(4);
    // Convex quadratic 0, 1, 4, ..., 36: x - y = i/6 - i^2/36, largest at i = 3 (0.5 - 0.25).
    expect(kneeIndex([0, 1, 4, 9, 16, 25, 36])).toBe(3);
  });

  it('returns the last index for flat or tiny curves and refuses an empty one', () => {
    expect(kneeIndex([2, 2, 2, 2])).toBe(3);
    expect(kneeIndex([0.5])).toBe(0);
    expect(kneeIndex([0.5, 3])).toBe(1);
    expect(() => kneeIndex([])).toThrow(/empty/);
  });

  it('does not depend on the units of the curve (positive scale and shift)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: -5, max: 5 }),
        (values, scale, shift) => {
          const curve = values.sort((a, b) => a - b).map((v) => Math.round(v * 16) / 16);
          // Powers of two and small integer shifts keep the arithmetic exact.
          const moved = curve.map((v) => v * 2 ** scale + shift);
          expect(kneeIndex(moved)).toBe(kneeIndex(curve));
        },
      ),
    );
  });
});
