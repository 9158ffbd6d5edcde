import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from '../../../../src/engine/features/window/ring';

describe('Ring', () => {
  it('keeps the last `capacity` values, newest first, and returns the one that falls out', () => {
    const r = new Ring(3);
    expect(r.capacity).toBe(3);
    expect(r.size).toBe(0);
    expect(r.get(0)).toBeNaN();
    expect(r.push(1)).toBeNaN();
    expect(r.push(2)).toBeNaN();
    expect(r.push(3)).toBeNaN();
    expect(r.size).toBe(3);
    expect([r.get(0), r.get(1), r.get(2)]).toEqual([3, 2, 1]);
    expect(r.push(4)).toBe(1);
    expect(r.push(5)).toBe(2);
    expect([r.get(0), r.get(1), r.get(2)]).toEqual([5, 4, 3]);
    expect(r.get(3)).toBeNaN();
    expect(r.get(-1)).toBeNaN();
    expect(r.size).toBe(3);
  });

  it('works with capacity 1 and can be cleared', () => {
    const r = new Ring(1);
    expect(r.push(7)).toBeNaN();
    expect(r.push(8)).toBe(7);
    expect(r.get(0)).toBe(8);
    r.clear();
    expect(r.size).toBe(0);
    expect(r.get(0)).toBeNaN();
    expect(r.push(9)).toBeNaN();
    expect(r.get(0)).toBe(9);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(2.5)).toThrow(RangeError);
  });

  it('matches an array model for any sequence of pushes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.double({ noNaN: true }), { maxLength: 80 }),
        (cap, xs) => {
          const r = new Ring(cap);
          const model: number[] = [];
          for (const x of xs) {
            model.push(x);
            const out = model.length > cap ? model.shift()! : NaN;
            expect(Object.is(r.push(x), out)).toBe(true);
            expect(r.size).toBe(model.length);
            for (let k = 0; k < model.length; k++)
              expect(Object.is(r.get(k), model[model.length - 1 - k])).toBe(true);
          }
        },
      ),
    );
  });
});
