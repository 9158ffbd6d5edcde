import { describe, expect, it } from 'vitest';
import { histogramKde, isHeavyTailed, silvermanBandwidth } from '../../../src/engine/eda/distribution';
import { createRandom } from '../../../src/engine/util/random';

const rng = createRandom(11);
const normal = (n: number, mu = 0, sd = 1): Float64Array =>
  Float64Array.from({ length: n }, () => mu + sd * rng.normal());

describe('histogramKde', () => {
  it('binned KDE stays within 1e-3 of the exact one relative to the peak (skewed, ties, outliers)', () => {
    const cases = [
      normal(3000),
      Float64Array.from(normal(3000), (v) => Math.round(Math.exp(v) * 10) / 10),
      Float64Array.from([...normal(2000, 10, 2), 80, 95, -40]),
    ];
    for (const xs of cases) {
      const exact = histogramKde(xs, { method: 'direct' });
      const binned = histogramKde(xs, { method: 'binned' });
      expect(binned.bandwidth).toBe(exact.bandwidth);
      const peak = Math.max(...exact.kde.density);
      let worst = 0;
      for (let k = 0; k < exact.kde.density.length; k++) {
        worst = Math.max(worst, Math.abs(binned.kde.density[k] - exact.kde.density[k]) / peak);
      }
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('density integrates to about 1 and the mode sits near the peak of a normal sample', () => {
    const r = histogramKde(normal(20000, 5, 2));
    const dx = r.kde.x[1] - r.kde.x[0];
    const area = r.kde.density.reduce((a, b) => a + b, 0) * dx;
    expect(area).toBeCloseTo(1, 2);
    expect(Math.abs(r.mode - 5)).toBeLessThan(0.3);
    const histArea = r.bins.density.reduce((a, d, k) => a + d * (r.bins.x1[k] - r.bins.x0[k]), 0);
    expect(histArea).toBeCloseTo(1, 10);
    expect(r.bins.count.reduce((a, b) => a + b, 0)).toBe(20000);
  });

  it('uses the fixed bandwidth when given and checks its options', () => {
    expect(histogramKde([1, 2, 3, 4], { bandwidth: 0.5 }).bandwidth).toBe(0.5);
    expect(() => histogramKde([1, 2], { bandwidth: -1 })).toThrow(/bandwidth/);
    expect(() => histogramKde([1, 2], { bins: 0 })).toThrow(/bins/);
    expect(() => histogramKde([1, 2], { gridPoints: 1 })).toThrow(/gridPoints/);
  });

  it('copes with empty, all-missing, single-value and constant input', () => {
    const empty = histogramKde([NaN, NaN]);
    expect(empty.n).toBe(0);
    expect(empty.skipped).toBe(2);
    expect(empty.kde.x).toHaveLength(0);
    expect(empty.bandwidth).toBeNaN();
    for (const xs of [[7], [3, 3, 3, 3]]) {
      const r = histogramKde(xs);
      expect(r.bandwidth).toBeGreaterThan(0);
      expect(r.bins.count.reduce((a, b) => a + b, 0)).toBe(xs.length);
      expect(Math.abs(r.mode - xs[0])).toBeLessThan(r.bandwidth);
      expect(r.kde.density.every(Number.isFinite)).toBe(true);
    }
  });

  it('falls back to the standard deviation when the IQR is 0', () => {
    const xs = [...Array(80).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const r = histogramKde(xs);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    expect(r.bandwidth).toBeCloseTo(0.9 * sd * xs.length ** -0.2, 12);
    expect(silvermanBandwidth(0, 1, 1)).toBeNaN();
  });

  it('handles a bandwidth tiny against the range (huge outlier) without a huge grid', () => {
    const xs = Float64Array.from([...normal(50000), 1e9]);
    const r = histogramKde(xs);
    expect(r.method).toBe('direct');
    expect(r.kde.density.every(Number.isFinite)).toBe(true);
    expect(r.max).toBe(1e9);
  });
});

describe('isHeavyTailed', () => {
  it('flags log-normal data and a few huge spikes, not normal data', () => {
    expect(isHeavyTailed(Float64Array.from(normal(5000), (v) => Math.exp(1.5 * v)))).toBe(true);
    const spikes = Float64Array.from(normal(10000, 100, 5));
    spikes[10] = 1e5;
    expect(isHeavyTailed(spikes)).toBe(true);
    expect(isHeavyTailed(normal(5000, 100, 5))).toBe(false);
  });
  it('refuses data a log scale would mostly drop, and tiny samples', () => {
    expect(isHeavyTailed(Float64Array.from(normal(5000), (v) => Math.exp(2 * v) - 2))).toBe(false);
    expect(isHeavyTailed([1, 1000])).toBe(false);
  });
});
