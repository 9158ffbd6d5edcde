import { describe, expect, it } from 'vitest';
import { acf, acfBand, dominantPeriods } from '../../../src/engine/eda/autocorrelation';
import { createRandom } from '../../../src/engine/util/random';

const STEP = 5 * 60_000;

function dailySeries(days: number, seed: number, noise = 4): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from(
    { length: days * 288 },
    (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 288) + noise * rng.normal(),
  );
}

describe('acf', () => {
  it('hand-checked on a short series', () => {
    // d = [-1.5, -0.5, 0.5, 1.5], sum d^2 = 5; lag 1: 0.75 - 0.25 + 0.75 = 1.25; lag 3: -2.25.
    const r = acf([1, 2, 3, 4], 10);
    expect(r).toHaveLength(4);
    expect(r[0]).toBe(1);
    expect(r[1]).toBeCloseTo(0.25, 15);
    expect(r[3]).toBeCloseTo(-0.45, 15);
  });

  it('FFT and direct sums agree on a long series with missing values', () => {
    const x = dailySeries(20, 3);
    for (let i = 0; i < x.length; i += 97) x[i] = NaN;
    const a = acf(x, 700, { method: 'direct' });
    const b = acf(x, 700, { method: 'fft' });
    for (let k = 0; k <= 700; k++) expect(b[k]).toBeCloseTo(a[k], 11);
    expect(a[288]).toBeGreaterThan(0.8);
    expect(a[144]).toBeLessThan(-0.8);
  });

  it('is NaN for a constant series and empty for no data', () => {
    expect([...acf([2, 2, 2], 2)]).toEqual([NaN, NaN, NaN]);
    expect(acf([], 5)).toHaveLength(0);
    expect(() => acf([1, 2], -1)).toThrow(/maxLag/);
    expect(acfBand(400)).toBeCloseTo(0.098, 12);
  });
});

describe('dominantPeriods', () => {
  it('finds the daily 288-step cycle of a 5-minute series', () => {
    const [top] = dominantPeriods(dailySeries(14, 1), STEP);
    expect(top.periodSteps).toBe(288);
    expect(top.periodMs).toBe(86_400_000);
    expect(top.share).toBeGreaterThan(0.5);
    expect(top.acf).toBeGreaterThan(0.8);
  });

  it('finds daily and weekly cycles, strongest first, with missing values', () => {
    const rng = createRandom(5);
    const n = 5 * 2016;
    const x = Float64Array.from(
      { length: n },
      (_, t) =>
        30 * Math.sin((2 * Math.PI * t) / 288) + 12 * Math.sin((2 * Math.PI * t) / 2016) + 3 * rng.normal(),
    );
    for (let i = 0; i < n; i += 50) x[i] = NaN;
    const found = dominantPeriods(x, STEP, 3);
    expect(found[0].periodSteps).toBe(288);
    expect(Math.abs(found[1].periodSteps - 2016)).toBeLessThanOrEqual(3);
    expect(found[0].share).toBeGreaterThan(found[1].share);
    expect(new Set(found.map((p) => p.periodSteps)).size).toBe(found.length);
  });

  it('ignores periods longer than half the series and returns nothing for flat or short input', () => {
    const x = dailySeries(1.5, 2, 0.1);
    for (const p of dominantPeriods(x, STEP, 5)) expect(p.periodSteps).toBeLessThanOrEqual(x.length / 2);
    expect(dominantPeriods(new Float64Array(1000).fill(3), STEP)).toEqual([]);
    expect(dominantPeriods([1, 2, 3], STEP)).toEqual([]);
  });
});
