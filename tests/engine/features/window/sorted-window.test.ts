import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedWindow } from '../../../../src/engine/features/window/sorted-window';

/** numpy.quantile(values, q) with the default linear interpolation, written out. */
function npQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (pos - lo) : s[lo];
}

describe('SortedWindow', () => {
  it('gives numpy quantiles on hand-checked windows', () => {
    const w = new SortedWindow(4);
    for (const x of [4, 1, 3, 2]) w.push(x);
    // numpy.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 0.9, 1]) = [1, 1.75, 2.5, 3.7, 4]
    expect(w.quantile(0)).toBe(1);
    expect(w.quantile(0.25)).toBeCloseTo(1.75, 14);
    expect(w.quantile(0.5)).toBeCloseTo(2.5, 14);
    expect(w.median()).toBe(2.5);
    expect(w.quantile(0.9)).toBeCloseTo(3.7, 14);
    expect(w.quantile(1)).toBe(4);
    w.push(10); // window is now [1, 3, 2, 10]
    expect([w.min(), w.max(), w.count]).toEqual([1, 10, 4]);
    // numpy.quantile([1, 2, 3, 10], 0.75) = 4.75
    expect(w.quantile(0.75)).toBeCloseTo(4.75, 14);
    w.push(-5); // [3, 2, 10, -5]
    expect([w.min(), w.max(), w.median()]).toEqual([-5, 10, 2.5]);
  });

  it('is empty-safe and rejects a bad window', () => {
    const w = new SortedWindow(3);
    expect(w.min()).toBeNaN();
    expect(w.max()).toBeNaN();
    expect(w.quantile(0.5)).toBeNaN();
    expect(w.median()).toBeNaN();
    expect(() => new SortedWindow(0)).toThrow(RangeError);
  });

  it('handles repeated values leaving and arriving', () => {
    const w = new SortedWindow(3);
    const xs = [2, 2, 2, 1, 2, 3, 3, 3, 2];
    for (let i = 0; i < xs.length; i++) {
      w.push(xs[i]);
      const win = xs.slice(Math.max(0, i - 2), i + 1);
      expect(w.min()).toBe(Math.min(...win));
      expect(w.max()).toBe(Math.max(...win));
      expect(w.median()).toBe(npQuantile(win, 0.5));
    }
  });

  it('matches a sort of the trailing window for any data, window and quantile', () => {
    // Small integer pools force many ties; wide doubles exercise the long block moves.
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(value, { minLength: 1, maxLength: 150 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (size, xs, q) => {
          const w = new SortedWindow(size);
          for (let i = 0; i < xs.length; i++) {
            w.push(xs[i]);
            const win = xs.slice(Math.max(0, i - size + 1), i + 1);
            expect(w.count).toBe(win.length);
            // `+ 0` folds -0 into 0: the window orders them as equal, Math.min does not.
            expect(w.min() + 0).toBe(Math.min(...win) + 0);
            expect(w.max() + 0).toBe(Math.max(...win) + 0);
            const expected = npQuantile(win, q);
            expect(Math.abs(w.quantile(q) - expected)).toBeLessThanOrEqual(
              1e-12 * Math.max(1, Math.abs(expected)),
            );
          }
        },
      ),
    );
  });
});
