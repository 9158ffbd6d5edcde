import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutlierSpec } from '../../../src/engine/prep/cleaning-spec';
import { applyClip, fitClipBounds } from '../../../src/engine/prep/outliers';
import golden from './golden/cleaning.json';

const { relative: REL, absolute: ABS } = golden.tolerance;
const q = golden.quantiles;
const values = Float64Array.from(q.values, (v) => v ?? NaN);

const spec = (over: Partial<OutlierSpec>): OutlierSpec => ({
  method: 'clip-quantile',
  lower: 0.001,
  upper: 0.999,
  k: 1.5,
  ...over,
});

describe('fitClipBounds against numpy.quantile on the training rows (golden/cleaning.json)', () => {
  for (const c of q.cases) {
    const s = spec({ method: c.method as OutlierSpec['method'], lower: c.lower, upper: c.upper, k: c.k });
    const label =
      c.method === 'clip-iqr' ? `IQR fences with k = ${c.k}` : `quantiles ${c.lower} and ${c.upper}`;
    it(`matches ${label}, and clips as numpy.clip does`, () => {
      const bounds = fitClipBounds(values, Int32Array.from(q.train), s);
      expect(bounds).not.toBeNull();
      const [lower, upper] = c.bounds;
      expect(Math.abs(bounds!.lower - lower)).toBeLessThanOrEqual(REL * Math.abs(lower) + ABS);
      expect(Math.abs(bounds!.upper - upper)).toBeLessThanOrEqual(REL * Math.abs(upper) + ABS);
      expect(applyClip(values, bounds).clipped).toBe(c.clipped);
    });
  }

  it('fits on the training rows only', () => {
    const s = spec({ method: 'clip-quantile', lower: 0, upper: 1 });
    const all = fitClipBounds(values, null, s)!;
    const train = fitClipBounds(values, Int32Array.from(q.train), s)!;
    expect(train.lower).toBeGreaterThan(all.lower);
    expect(train).toEqual({ lower: q.cases[2].bounds[0], upper: q.cases[2].bounds[1] });
  });
});

describe('fitClipBounds by hand', () => {
  const oneToTen = Float64Array.from({ length: 10 }, (_, i) => i + 1);

  it('IQR fences of 1..10: q1 3.25, q3 7.75, k 1.5 -> -3.5 and 14.5', () => {
    expect(fitClipBounds(oneToTen, null, spec({ method: 'clip-iqr' }))).toEqual({ lower: -3.5, upper: 14.5 });
  });

  it('quantiles 0.1 and 0.9 of 1..10 interpolate linearly: 1.9 and 9.1', () => {
    const b = fitClipBounds(oneToTen, null, spec({ lower: 0.1, upper: 0.9 }))!;
    expect(b.lower).toBeCloseTo(1.9, 12);
    expect(b.upper).toBeCloseTo(9.1, 12);
  });

  it('leaves out NaN and infinities, and answers null for keep or with nothing to fit on', () => {
    const x = Float64Array.from([NaN, -Infinity, 1, 2, 3, Infinity]);
    expect(fitClipBounds(x, null, spec({ lower: 0, upper: 1 }))).toEqual({ lower: 1, upper: 3 });
    expect(fitClipBounds(x, null, spec({ method: 'keep' }))).toBeNull();
    expect(fitClipBounds(x, [0, 1, 5], spec({}))).toBeNull();
  });

  it('refuses quantiles out of order', () => {
    expect(() => fitClipBounds(oneToTen, null, spec({ lower: 0.9, upper: 0.1 }))).toThrow(/lower < upper/);
  });
});

describe('applyClip', () => {
  it('moves values outside the bounds onto them, keeps NaN, and counts the moves', () => {
    const x = Float64Array.from([-5, 0, NaN, 5, 10, Infinity]);
    const { values: out, clipped } = applyClip(x, { lower: 0, upper: 5 });
    expect(Array.from(out)).toEqual([0, 0, NaN, 5, 5, 5]);
    expect(clipped).toBe(3);
    expect(x[0]).toBe(-5);
  });

  it('copies the values unchanged for null bounds', () => {
    const x = Float64Array.from([1, NaN]);
    const { values: out, clipped } = applyClip(x, null);
    expect(out).not.toBe(x);
    expect(Array.from(out)).toEqual([1, NaN]);
    expect(clipped).toBe(0);
  });

  it('clipping at fitted quantiles leaves every value within them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 80 }),
        fc.double({ min: 0, max: 0.49, noNaN: true }),
        fc.double({ min: 0.51, max: 1, noNaN: true }),
        (raw, lower, upper) => {
          const x = Float64Array.from(raw);
          const bounds = fitClipBounds(x, null, spec({ lower, upper }))!;
          expect(bounds.lower).toBeLessThanOrEqual(bounds.upper);
          const { values: out, clipped } = applyClip(x, bounds);
          let moved = 0;
          out.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(bounds.lower);
            expect(v).toBeLessThanOrEqual(bounds.upper);
            if (v !== x[i]) moved++;
          });
          expect(clipped).toBe(moved);
        },
      ),
    );
  });
});
