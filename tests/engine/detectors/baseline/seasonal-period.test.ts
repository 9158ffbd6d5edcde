import { describe, expect, it } from 'vitest';
import {
  autocorrelationAt,
  choosePeriod,
  seriesPeriod,
} from '../../../../src/engine/detectors/baseline/seasonal-period';
import { acf } from '../../../../src/engine/eda/autocorrelation';
import { createRandom } from '../../../../src/engine/util/random';

function series(n: number, f: (t: number, noise: number) => number, seed = 1): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: n }, (_, t) => f(t, rng.normal()));
}

describe('seriesPeriod', () => {
  it('finds a daily cycle of 5-minute steps (288) in 10 noisy days', () => {
    const x = series(2880, (t, e) => 5 * Math.sin((2 * Math.PI * t) / 288) + e);
    const vote = seriesPeriod(x, 1000);
    expect(vote?.period).toBe(288);
    expect(vote!.acf).toBeGreaterThan(0.8);
    expect(vote!.rows).toBe(2880);
  });

  it('finds a non-sinusoidal cycle (a square wave of 48 rows)', () => {
    const x = series(960, (t, e) => (t % 48 < 12 ? 10 : 0) + e);
    expect(seriesPeriod(x, 500)?.period).toBe(48);
  });

  it('finds no period in white noise, in a random walk or a trend (smooth, but no cycle)', () => {
    expect(
      seriesPeriod(
        series(2000, (_, e) => e),
        1000,
      ),
    ).toBeNull();
    let level = 0;
    expect(
      seriesPeriod(
        series(2000, (_, e) => (level += e), 3),
        1000,
      ),
    ).toBeNull();
    expect(
      seriesPeriod(
        series(2000, (t, e) => 0.01 * t + 0.1 * e),
        1000,
      ),
    ).toBeNull();
  });

  it('ignores periods longer than maxPeriod', () => {
    const x = series(2880, (t, e) => 5 * Math.sin((2 * Math.PI * t) / 288) + e);
    expect(seriesPeriod(x, 200)).toBeNull();
  });
});

describe('autocorrelationAt', () => {
  it("equals the EDA's acf at that lag", () => {
    const x = series(500, (t, e) => Math.sin(t / 7) + e);
    const all = acf(x, 60);
    for (const k of [0, 1, 5, 30, 60]) expect(autocorrelationAt(x, k)).toBeCloseTo(all[k], 12);
    expect(autocorrelationAt(new Float64Array(10).fill(2), 3)).toBeNaN();
  });
});

describe('choosePeriod', () => {
  it('weighs votes by autocorrelation times rows, ties to the shorter period', () => {
    const c = choosePeriod(
      [
        { period: 288, acf: 0.9, rows: 1000 },
        { period: 288, acf: 0.5, rows: 1000 },
        { period: 24, acf: 0.8, rows: 1000 },
      ],
      5,
    );
    expect(c).toEqual({ period: 288, votes: 2, series: 5, meanAcf: 0.7 });
    expect(
      choosePeriod(
        [
          { period: 24, acf: 0.9, rows: 3000 },
          { period: 288, acf: 0.9, rows: 2000 },
        ],
        2,
      )?.period,
    ).toBe(24);
    expect(
      choosePeriod(
        [
          { period: 50, acf: 0.5, rows: 10 },
          { period: 20, acf: 0.5, rows: 10 },
        ],
        2,
      )?.period,
    ).toBe(20);
    expect(choosePeriod([], 4)).toBeNull();
  });
});
