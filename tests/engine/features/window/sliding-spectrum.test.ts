import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSpectrumWindow, SlidingSpectrum } from '../../../../src/engine/features/window/sliding-spectrum';
import { createRandom } from '../../../../src/engine/util/random';

/**
 * The definition, computed slowly: a naive DFT of the last `n` values (padded in front with the first
 * value), mean removed, one-sided: 2 |X_k|^2 / n^2 for 0 < k < n/2 and |X_k|^2 / n^2 at k = n/2.
 */
function naivePower(x: ArrayLike<number>, row: number, n: number): number[] {
  const win: number[] = [];
  for (let t = row - n + 1; t <= row; t++) win.push(x[Math.max(0, t)]);
  // A constant window has no power (its rounded mean would leave some dust here).
  if (win.every((v) => v === win[0])) return new Array<number>(n / 2 + 1).fill(0);
  const mean = win.reduce((a, b) => a + b, 0) / n;
  const p = [0];
  for (let k = 1; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += (win[t] - mean) * Math.cos((2 * Math.PI * k * t) / n);
      im -= (win[t] - mean) * Math.sin((2 * Math.PI * k * t) / n);
    }
    p.push(((k === n / 2 ? 1 : 2) * (re * re + im * im)) / (n * n));
  }
  return p;
}

function populationVariance(x: ArrayLike<number>, row: number, n: number): number {
  const win: number[] = [];
  for (let t = row - n + 1; t <= row; t++) win.push(x[Math.max(0, t)]);
  if (win.every((v) => v === win[0])) return 0;
  const mean = win.reduce((a, b) => a + b, 0) / n;
  return win.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
}

/** Compares the spectrum at `row` with the naive one: every bin to `tol` of the total power. */
function expectSpectrum(spec: SlidingSpectrum, x: ArrayLike<number>, row: number, tol: number): void {
  const want = naivePower(x, row, spec.n);
  const total = want.reduce((a, b) => a + b, 0);
  expect(spec.power.length).toBe(spec.n / 2 + 1);
  expect(spec.power[0]).toBe(0);
  for (let k = 1; k <= spec.n / 2; k++) {
    if (Math.abs(spec.power[k] - want[k]) > tol * total) {
      throw new Error(`row ${row} bin ${k}: got ${spec.power[k]}, expected ${want[k]} (total ${total})`);
    }
  }
  expect(Math.abs(spec.total() - total)).toBeLessThanOrEqual(tol * total);
  if (total === 0) expect(spec.total()).toBe(0);
}

/** A noisy daily cycle (288 rows) with 1% spikes and a level shift halfway. */
function realistic(rows: number, seed: number, level = 50): Float64Array {
  const rng = createRandom(seed);
  const x = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i] = level + 20 * Math.sin((2 * Math.PI * i) / 288) + 3 * rng.normal();
    if (rng.next() < 0.01) x[i] += 40;
    if (i > rows / 2) x[i] += 15;
  }
  return x;
}

describe('SlidingSpectrum', () => {
  it('accepts powers of two from 8 to 4096 only', () => {
    expect(isSpectrumWindow(8)).toBe(true);
    expect(isSpectrumWindow(4096)).toBe(true);
    for (const n of [4, 12, 8192, 8.5, NaN]) {
      expect(isSpectrumWindow(n)).toBe(false);
      expect(() => new SlidingSpectrum(n)).toThrow(RangeError);
    }
  });

  it('matches a naive DFT of the padded window at every row of the warm-up and beyond', () => {
    const x = realistic(600, 7);
    for (const n of [8, 32, 128]) {
      const spec = new SlidingSpectrum(n);
      for (let row = 0; row < x.length; row++) {
        spec.push(x[row]);
        expectSpectrum(spec, x, row, 1e-11);
      }
    }
  });

  it('does not drift over many rows, on a level of 1e9 too', () => {
    for (const level of [50, 1e9]) {
      const x = realistic(30_000, 11, level);
      const spec = new SlidingSpectrum(64);
      for (let row = 0; row < x.length; row++) {
        spec.push(x[row]);
        if (row % 997 === 0 || row === x.length - 1) expectSpectrum(spec, x, row, 1e-10);
      }
    }
  });

  it('sums its bins to the population variance of the window', () => {
    const x = realistic(400, 3);
    const spec = new SlidingSpectrum(32);
    for (let row = 0; row < x.length; row++) {
      spec.push(x[row]);
      const v = populationVariance(x, row, 32);
      expect(Math.abs(spec.total() - v)).toBeLessThanOrEqual(1e-11 * v);
    }
  });

  it('gives the padded impulse of the second row a flat spectrum (hand calculation)', () => {
    // Window [3 (15 times), 7] = 3 + an impulse of 4 at t = 15: the constant only moves the DC bin, and
    // the impulse has |X_k| = 4 at every k, so the one-sided power is 2 * 16 / 16^2 (16 / 16^2 at k = 8).
    const spec = new SlidingSpectrum(16);
    spec.push(3);
    expect(spec.total()).toBe(0);
    spec.push(7);
    for (let k = 1; k < 8; k++) expect(spec.power[k]).toBeCloseTo((2 * 16) / 256, 14);
    expect(spec.power[8]).toBeCloseTo(16 / 256, 14);
    // Population variance of fifteen 3s and one 7: 15 * 16 / 256.
    expect(spec.total()).toBeCloseTo((15 * 16) / 256, 14);
  });

  it('puts a pure tone in its own bin', () => {
    const n = 32;
    const spec = new SlidingSpectrum(n);
    for (let t = 0; t < 3 * n; t++) spec.push(Math.sin((2 * Math.PI * 5 * t) / n));
    for (let k = 1; k <= n / 2; k++) expect(spec.power[k]).toBeCloseTo(k === 5 ? 0.5 : 0, 12);
  });

  it('has exactly zero power once the window holds one repeated value, even after a huge spike', () => {
    const spec = new SlidingSpectrum(16);
    const x = [1, 2, 3, 1e12, 5, ...Array.from({ length: 40 }, () => 4.25)];
    for (let row = 0; row < x.length; row++) {
      spec.push(x[row]);
      // The last non-4.25 value is at row 4, so the window is constant from row 4 + 16 on.
      if (row >= 20 || row === 0) {
        expect(spec.total()).toBe(0);
        expect(Array.from(spec.power).every((p) => p === 0)).toBe(true);
      } else {
        expect(spec.total()).toBeGreaterThan(0);
      }
    }
  });

  it('keeps small spectra accurate after a huge spike has left the window', () => {
    const rng = createRandom(5);
    const x = Array.from({ length: 300 }, (_, i) => (i === 40 ? 1e12 : 10 + 1e-3 * rng.normal()));
    const spec = new SlidingSpectrum(32);
    for (let row = 0; row < x.length; row++) {
      spec.push(x[row]);
      if (row >= 40 + 32) expectSpectrum(spec, x, row, 1e-9);
    }
  });

  it('is finite on random finite input of any magnitude', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
      fc.constantFrom(0, 1, -1, 1e9, 1e-9),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), fc.constantFrom(8, 16), (x, n) => {
        const spec = new SlidingSpectrum(n);
        for (const v of x) {
          spec.push(v);
          if (!Number.isFinite(spec.total()) || spec.total() < 0) return false;
          for (let k = 0; k <= n / 2; k++)
            if (!Number.isFinite(spec.power[k]) || spec.power[k] < 0) return false;
        }
        return true;
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('keeps separate windows apart', () => {
    const x = realistic(200, 9);
    const a = new SlidingSpectrum(16);
    const b = new SlidingSpectrum(16);
    const alone = new SlidingSpectrum(16);
    for (let row = 0; row < x.length; row++) {
      a.push(x[row]);
      b.push(-2 * x[row] + 1);
      alone.push(x[row]);
      expect(Array.from(a.power)).toEqual(Array.from(alone.power));
    }
  });
});
