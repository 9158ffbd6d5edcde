import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowMoments } from '../../../../src/engine/features/window/window-moments';
import { createRandom } from '../../../../src/engine/util/random';

/**
 * Moments of one window by a two-pass method with pandas' bias-corrected skew and kurt formulas. The
 * central sums use deviations from the mean of `x - win[0]` (exact differences for nearby values), so
 * the reference keeps digits even when the level dwarfs the spread (1e7 +- 0.1).
 */
function direct(win: number[]): { mean: number; std: number; skew: number; kurt: number } {
  const n = win.length;
  const ref = win[0];
  const shifted = win.map((x) => x - ref);
  const offset = shifted.reduce((a, b) => a + b, 0) / n;
  const mean = ref + offset;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of shifted) {
    const d = x - offset;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const std = n > 1 ? Math.sqrt((m2 * n) / (n - 1)) : 0;
  const skew = n > 2 && m2 > 0 ? (Math.sqrt(n * (n - 1)) * m3) / ((n - 2) * m2 ** 1.5) : 0;
  const kurt =
    n > 3 && m2 > 0 ? ((n * n - 1) * (m4 / (m2 * m2)) - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3)) : 0;
  return { mean, std, skew, kurt };
}

function close(actual: number, expected: number, rel: number, scale = 0): boolean {
  return Math.abs(actual - expected) <= rel * (Math.abs(expected) + scale);
}

describe('WindowMoments', () => {
  it('gives hand-computed moments of a small window', () => {
    const m = new WindowMoments(5);
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.push(x); // window [4, 5, 5, 7, 9]
    expect(m.count).toBe(5);
    expect(m.mean()).toBeCloseTo(6, 14);
    // sample variance: (4+1+1+1+9)/4 = 4
    expect(m.std()).toBeCloseTo(2, 14);
    // m2 = 16/5, m3 = (-8-1-1+1+27)/5 = 18/5: skew = sqrt(20)/3 * m3 / m2^1.5 = 0.9375
    // (scipy.stats.skew(x, bias=False) and pandas Series.skew() agree); kurtosis(x, bias=False) = -0.1875.
    expect(m.skew()).toBeCloseTo(0.9375, 12);
    expect(m.kurt()).toBeCloseTo(-0.1875, 12);
  });

  it('defines the warm-up and constant cases as 0', () => {
    const m = new WindowMoments(4);
    expect(m.mean()).toBeNaN();
    m.push(3);
    expect([m.mean(), m.std(), m.skew(), m.kurt()]).toEqual([3, 0, 0, 0]);
    m.push(5);
    expect(m.std()).toBeCloseTo(Math.SQRT2, 14);
    expect([m.skew(), m.kurt()]).toEqual([0, 0]);
    m.push(10);
    expect(m.skew()).not.toBe(0);
    expect(m.kurt()).toBe(0);
    const c = new WindowMoments(3);
    for (const x of [1e9 + 0.1, 7, 1e-9, 0.3, 0.3, 0.3]) c.push(x);
    expect([c.mean(), c.std(), c.skew(), c.kurt()]).toEqual([0.3, 0, 0, 0]);
  });

  it('rejects a bad window or order', () => {
    expect(() => new WindowMoments(0)).toThrow(RangeError);
    expect(() => new WindowMoments(1.5)).toThrow(RangeError);
    expect(() => new WindowMoments(3, 3 as 2)).toThrow(RangeError);
  });

  it('with order 2 gives the same mean, std and z-score as with order 4, and refuses skew and kurt', () => {
    const rnd = createRandom(9);
    const a = new WindowMoments(12, 2);
    const b = new WindowMoments(12);
    for (let i = 0; i < 2000; i++) {
      const x = 1e6 + rnd.normal() * (i % 500 === 0 ? 1e4 : 1);
      a.push(x);
      b.push(x);
      expect([a.mean(), a.std(), a.zscore(x)]).toEqual([b.mean(), b.std(), b.zscore(x)]);
    }
    expect(() => a.skew()).toThrow();
    expect(() => a.kurt()).toThrow();
  });

  it('raises its order before the first push (a window shared with skew and kurt), not after', () => {
    const m = new WindowMoments(4, 2);
    m.widen(2);
    expect(m.order).toBe(2);
    m.widen(4);
    expect(m.order).toBe(4);
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.push(x);
    const ref = new WindowMoments(4);
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) ref.push(x);
    expect([m.skew(), m.kurt()]).toEqual([ref.skew(), ref.kurt()]);
    const late = new WindowMoments(4, 2);
    late.push(1);
    expect(() => late.widen(4)).toThrow();
    late.widen(2);
    expect(late.order).toBe(2);
  });

  it('reads the same mean and std however often they are read between pushes', () => {
    const rnd = createRandom(5);
    const a = new WindowMoments(7);
    const b = new WindowMoments(7);
    for (let i = 0; i < 300; i++) {
      const x = 100 + rnd.normal() * (i % 50 === 0 ? 1e3 : 1);
      a.push(x);
      b.push(x);
      const first = [a.std(), a.mean(), a.std(), a.mean()];
      expect(first).toEqual([b.std(), b.mean(), b.std(), b.mean()]);
      expect(first[0]).toBe(first[2]);
      if (i % 3 === 0) expect(b.zscore(x)).toBe(a.zscore(x));
    }
  });

  it('gives the z-score of a value against the window, 0 over a zero std', () => {
    const m = new WindowMoments(3);
    m.push(4);
    expect(m.zscore(4)).toBe(0);
    for (const x of [1e9 + 1, 1e9 + 2, 1e9 + 6]) m.push(x); // mean 1e9 + 3, std sqrt(7)
    expect(m.zscore(1e9 + 6)).toBeCloseTo(3 / Math.sqrt(7), 14);
    expect(m.zscore(1e9)).toBeCloseTo(-3 / Math.sqrt(7), 14);
  });

  it('stays within 1e-9 of a direct computation over a long series with spikes and level shifts', () => {
    const rnd = createRandom(7);
    const n = 30_000;
    const xs: number[] = [];
    let level = 100;
    for (let i = 0; i < n; i++) {
      if (i % 5000 === 4999) level = level === 100 ? 1e7 : 100; // level shifts far beyond the spread
      let x = level + 10 * Math.sin(i / 40) + rnd.normal();
      if (rnd.next() < 0.005) x += 1e5 * rnd.next(); // spikes 1e3-1e4 times the noise
      xs.push(x);
    }
    for (const w of [5, 48, 288]) {
      const m = new WindowMoments(w);
      for (let i = 0; i < n; i++) {
        m.push(xs[i]);
        if (i % 37 !== 0 && (i + 1) % 5000 > w) continue; // every 37th row, and all rows after a shift
        const d = direct(xs.slice(Math.max(0, i - w + 1), i + 1));
        expect(close(m.mean(), d.mean, 1e-12)).toBe(true);
        expect(close(m.std(), d.std, 1e-9)).toBe(true);
        expect(close(m.skew(), d.skew, 1e-9, 1)).toBe(true);
        expect(close(m.kurt(), d.kurt, 1e-9, 1)).toBe(true);
      }
    }
  });

  it('agrees with a direct computation for random data of any magnitude', () => {
    const magnitude = fc.constantFrom(1e-9, 1, 1e3, 1e9);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        magnitude,
        // Fourth powers of spreads below about 1e-77 underflow, in any computation: keep clear of them.
        fc.array(
          fc.double({ min: -1, max: 1, noNaN: true }).map((u) => (Math.abs(u) < 1e-30 ? 0 : u)),
          { minLength: 1, maxLength: 120 },
        ),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (size, scale, us, offset) => {
          const m = new WindowMoments(size);
          for (let i = 0; i < us.length; i++) {
            m.push(offset * scale + us[i] * scale);
            const win = us.slice(Math.max(0, i - size + 1), i + 1).map((u) => offset * scale + u * scale);
            const d = direct(win);
            // The offset costs digits in the spread: up to |offset| / spread of them (as in any direct computation).
            const spread = Math.max(...win) - Math.min(...win);
            const level = Math.max(...win.map(Math.abs));
            expect(close(m.mean(), d.mean, 1e-12, level)).toBe(true);
            if (spread > 1e-6 * level) {
              expect(close(m.std(), d.std, 1e-6, 0)).toBe(true);
              expect(close(m.skew(), d.skew, 1e-6, 1)).toBe(true);
              expect(close(m.kurt(), d.kurt, 1e-6, 1)).toBe(true);
            }
            expect(Number.isFinite(m.skew()) && Number.isFinite(m.kurt())).toBe(true);
          }
        },
      ),
    );
  });

  it('is scale-free: multiplying the data by 1e-9 or 1e9 leaves skew and kurt unchanged', () => {
    const rnd = createRandom(3);
    const xs = Array.from({ length: 500 }, () => Math.exp(rnd.normal()));
    const ms = [1, 1e-9, 1e9].map(() => new WindowMoments(24));
    for (const x of xs) {
      ms[0].push(x);
      ms[1].push(x * 1e-9);
      ms[2].push(x * 1e9);
      for (const k of [1, 2]) {
        expect(close(ms[k].skew(), ms[0].skew(), 1e-9, 1)).toBe(true);
        expect(close(ms[k].kurt(), ms[0].kurt(), 1e-9, 1)).toBe(true);
      }
    }
  });
});
