import { describe, expect, it } from 'vitest';
import {
  MAX_KNOTS,
  applyNormalizer,
  checkNormalizer,
  fitNormalizer,
} from '../../../../src/engine/detectors/ensemble/normalize';

const apply = (n: ReturnType<typeof fitNormalizer>, xs: number[]): number[] =>
  Array.from(applyNormalizer(n, xs, new Float64Array(xs.length)));

describe('fitNormalizer / applyNormalizer', () => {
  it('rank: interpolated share of training scores, 0 below the lowest and 1 from the highest', () => {
    const n = fitNormalizer('rank', [4, 1, 3, 2, 5]);
    expect(n).toEqual({ kind: 'rank', knots: [1, 2, 3, 4, 5] });
    expect(apply(n, [0, 1, 1.5, 3, 4.75, 5, 9])).toEqual([0, 0, 0.125, 0.5, 0.9375, 1, 1]);
  });

  it('rank: a tie maps to its highest rank, and never divides by zero', () => {
    const n = fitNormalizer('rank', [1, 2, 2, 2, 3]);
    expect(apply(n, [2, 2.5])).toEqual([0.75, 0.875]);
    expect(apply(fitNormalizer('rank', [7, 7, 7]), [6, 7, 8])).toEqual([0, 1, 1]);
    expect(apply(fitNormalizer('rank', [7]), [6, 7, 8])).toEqual([0, 1, 1]);
  });

  it('rank: keeps at most MAX_KNOTS evenly ranked knots, the extremes included', () => {
    const scores = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    const n = fitNormalizer('rank', scores);
    if (n.kind !== 'rank') throw new Error('kind');
    expect(n.knots.length).toBe(MAX_KNOTS);
    expect(n.knots[0]).toBe(0);
    expect(n.knots[MAX_KNOTS - 1]).toBe(9999);
    // Evenly spaced ranks of 0..9999: the rank of a score is close to score / 9999.
    for (const s of [123.4, 5000, 8765.4]) expect(apply(n, [s])[0]).toBeCloseTo(s / 9999, 3);
  });

  it('robust-z: (s - median) / (1.4826 MAD), like scipy.stats.median_abs_deviation(scale="normal")', () => {
    // median 3; |deviations| 2, 1, 0, 1, 97 -> MAD 1
    const n = fitNormalizer('robust-z', [1, 2, 3, 4, 100]);
    expect(n).toEqual({ kind: 'robust-z', center: 3, scale: 1.4826 });
    expect(apply(n, [3, 4.4826])[1]).toBeCloseTo(1, 12);
  });

  it('robust-z: falls back to the mean absolute deviation when the MAD is 0, then to 1', () => {
    // median 0; |deviations| 0, 0, 0, 0, 5 -> MAD 0, mean 1
    expect(fitNormalizer('robust-z', [0, 0, 0, 0, 5])).toEqual({ kind: 'robust-z', center: 0, scale: 1 });
    expect(fitNormalizer('robust-z', [0, 0, 0, 0, 10])).toEqual({ kind: 'robust-z', center: 0, scale: 2 });
    expect(fitNormalizer('robust-z', [4, 4])).toEqual({ kind: 'robust-z', center: 4, scale: 1 });
  });

  it('min-max: training extremes to 0 and 1, not clipped beyond them; constant scores keep a range of 1', () => {
    const n = fitNormalizer('min-max', [2, 6, 4]);
    expect(n).toEqual({ kind: 'min-max', center: 2, scale: 4 });
    expect(apply(n, [0, 2, 5, 10])).toEqual([-0.5, 0, 0.75, 2]);
    expect(fitNormalizer('min-max', [3, 3])).toEqual({ kind: 'min-max', center: 3, scale: 1 });
  });

  it('refuses empty training scores', () => {
    expect(() => fitNormalizer('rank', [])).toThrow(/no training scores/);
  });
});

describe('checkNormalizer', () => {
  it('accepts fitted normalizers and names what is wrong with a bad one', () => {
    expect(() => checkNormalizer(fitNormalizer('rank', [1, 2]), 'rank', 'n')).not.toThrow();
    expect(() => checkNormalizer({ kind: 'rank', knots: [2, 1] }, 'rank', 'n')).toThrow(/sorted/);
    expect(() => checkNormalizer({ kind: 'rank', knots: [] }, 'rank', 'n')).toThrow(/non-empty/);
    expect(() => checkNormalizer({ kind: 'rank', knots: [1] }, 'min-max', 'n')).toThrow(/expected 'min-max'/);
    expect(() => checkNormalizer({ kind: 'min-max', center: 0, scale: 0 }, 'min-max', 'n')).toThrow(/> 0/);
    expect(() => checkNormalizer(null, 'rank', 'n')).toThrow(/not an object/);
  });
});
