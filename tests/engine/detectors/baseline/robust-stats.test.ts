import { describe, expect, it } from 'vitest';
import {
  MAD_TO_SIGMA,
  MEAN_AD_TO_SIGMA,
  robustLocationScale,
  sortedMedian,
} from '../../../../src/engine/detectors/baseline/robust-stats';

const run = (xs: number[], from?: number, to?: number) =>
  robustLocationScale(Float64Array.from(xs), new Float64Array(xs.length), from, to);

describe('robustLocationScale', () => {
  it('gives the median and 1.4826 MAD (numpy: median 3.5, MAD 1.5 for 1..6 with an outlier)', () => {
    const r = run([6, 1, 5, 2, 100, 3, 4, 3.5]);
    // sorted 1 2 3 3.5 4 5 6 100: median 3.75; deviations 2.75 1.75 0.75 0.25 0.25 1.25 2.25 96.25
    expect(r.median).toBe(3.75);
    expect(r.mad).toBe(1.5);
    expect(r.scale).toBeCloseTo(MAD_TO_SIGMA * 1.5, 15);
    expect(r.source).toBe(0);
  });

  it('falls back to the mean absolute deviation when more than half the values are equal', () => {
    const r = run([5, 5, 5, 5, 5, 7, 1, 5]);
    expect(r.mad).toBe(0);
    expect(r.scale).toBeCloseTo((MEAN_AD_TO_SIGMA * 6) / 8, 15);
    expect(r.source).toBe(1);
  });

  it('takes a spread of rounding noise for none (a rolling feature of a mostly flat metric)', () => {
    // Most values equal 0.2163 up to the last bits, as running sums leave them; two spikes.
    const flat = [0.2163, 0.2163 + 2.8e-17, 0.2163 - 2.8e-17, 0.2163, 0.2163 + 5.6e-17, 4.15, -5.03];
    const r = run(flat);
    expect(r.mad).toBeGreaterThan(0);
    expect(r.mad).toBeLessThan(1e-15);
    expect(r.source).toBe(1);
    expect(r.scale).toBeCloseTo((MEAN_AD_TO_SIGMA * (4.15 - 0.2163 + 5.03 + 0.2163)) / 7, 6);
    // Noise all the way: the unit scale of a constant column.
    expect(run([1e6, 1e6 + 1.2e-10, 1e6 - 1.2e-10, 1e6]).source).toBe(2);
    // A real spread stays, however small in absolute terms.
    expect(run([1e-12, 2e-12, 3e-12, 4e-12, 5e-12]).source).toBe(0);
  });

  it('gives scale 1 for a constant column, and works on a sub-range', () => {
    const r = run([3, 3, 3]);
    expect(r).toEqual({ median: 3, mad: 0, scale: 1, source: 2 });
    const part = run([100, 1, 2, 3, -100], 1, 4);
    expect(part.median).toBe(2);
    expect(part.mad).toBe(1);
  });

  it('takes the mean of the middle two values for an even count, as pandas', () => {
    expect(sortedMedian([1, 2, 4, 10])).toBe(3);
    expect(sortedMedian([1, 2, 4, 10], 3)).toBe(2);
    expect(sortedMedian([])).toBeNaN();
  });
});
