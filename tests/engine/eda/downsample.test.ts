import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lttb } from '../../../src/engine/eda/downsample';

describe('lttb', () => {
  it('keeps the point spanning the largest triangle (hand-checked)', () => {
    // n = 5, threshold = 3: one middle bucket {1, 2, 3}; next-bucket average is the last point (4, 0).
    // With A = (0, 0) and C = (4, 0) on the axis, the area is 2|v|, so the largest |v| wins: index 1.
    const out = lttb([0, 1, 2, 3, 4], [0, 5, 1, 2, 0], 3);
    expect([...out.t]).toEqual([0, 1, 4]);
    expect([...out.v]).toEqual([0, 5, 0]);
  });

  it('keeps a single spike in a flat series', () => {
    const t = Array.from({ length: 1000 }, (_, i) => 1.7e12 + i * 60_000);
    const v = t.map((_, i) => (i === 537 ? 100 : 0));
    const out = lttb(t, v, 20);
    expect(out.t).toHaveLength(20);
    expect([...out.v]).toContain(100);
    expect([...out.t]).toContain(t[537]);
  });

  it('returns a copy of every point when there are no more than threshold of them', () => {
    const t = new Float64Array([1, 2, 3]);
    const out = lttb(t, [4, 5, 6], 3);
    expect([...out.t]).toEqual([1, 2, 3]);
    expect(out.t).not.toBe(t);
    expect([...lttb([1, 2, 3], [4, 5, 6], 10).v]).toEqual([4, 5, 6]);
  });

  it('keeps first and last only with threshold 2', () => {
    const out = lttb([0, 1, 2, 3], [9, 8, 7, 6], 2);
    expect([...out.t]).toEqual([0, 3]);
    expect([...out.v]).toEqual([9, 6]);
  });

  it('skips rows whose time or value is not finite', () => {
    const out = lttb([0, 1, 2, NaN, 4], [1, NaN, 3, 4, Infinity], 10);
    expect([...out.t]).toEqual([0, 2]);
    expect([...out.v]).toEqual([1, 3]);
    expect(lttb([0, 1], [NaN, NaN], 5).t).toHaveLength(0);
    // A NaN does not count against the threshold: 6 finite points of 7 rows, threshold 6 keeps all 6.
    expect(lttb([0, 1, 2, 3, 4, 5, 6], [0, 1, NaN, 3, 4, 5, 6], 6).t).toHaveLength(6);
  });

  it('refuses bad input with a clear error', () => {
    expect(() => lttb([0, 1], [0], 2)).toThrow(/t has 2 values but v has 1/);
    expect(() => lttb([0, 1], [0, 1], 1)).toThrow(/integer >= 2/);
    expect(() => lttb([0, 1], [0, 1], 2.5)).toThrow(/integer >= 2/);
    expect(() => lttb([0, 2, 1], [0, 1, 2], 2)).toThrow(/non-decreasing.*t\[2\]/);
  });

  const series = fc
    .array(
      fc.record({
        dt: fc.integer({ min: 0, max: 1000 }),
        v: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      }),
      { minLength: 1, maxLength: 300 },
    )
    .map((rows) => {
      let t = 1.7e12;
      return {
        t: rows.map((r) => (t += r.dt)),
        v: rows.map((r) => r.v),
      };
    });

  it('keeps first and last, gives min(threshold, n) points, in time order, all taken from the input', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 2, max: 320 }), ({ t, v }, threshold) => {
        const out = lttb(t, v, threshold);
        const n = t.length;
        expect(out.t.length).toBe(Math.min(threshold, n));
        expect(out.v.length).toBe(out.t.length);
        expect(out.t[0]).toBe(t[0]);
        expect(out.v[0]).toBe(v[0]);
        expect(out.t[out.t.length - 1]).toBe(t[n - 1]);
        expect(out.v[out.v.length - 1]).toBe(v[n - 1]);
        for (let i = 1; i < out.t.length; i++) expect(out.t[i]).toBeGreaterThanOrEqual(out.t[i - 1]);
        // Every kept point is an input point, matched in order (a subsequence of the input).
        let j = 0;
        for (let i = 0; i < out.t.length; i++) {
          while (j < n && !(t[j] === out.t[i] && v[j] === out.v[i])) j++;
          expect(j).toBeLessThan(n);
          j++;
        }
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 2, max: 50 }), ({ t, v }, threshold) => {
        expect(lttb(t, v, threshold)).toEqual(lttb(Float64Array.from(t), Float64Array.from(v), threshold));
      }),
    );
  });
});
