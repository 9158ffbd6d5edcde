import { describe, expect, it } from 'vitest';
import { acf, acfBand, dominantPeriods, type DominantPeriod } from '../../../src/engine/eda/autocorrelation';
import { nextPow2, powerSpectrum } from '../../../src/engine/eda/fft';
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

  it('equals the search of one peak at a time after a sort of all peaks (the first version), to the bit', () => {
    /** dominantPeriods as first written: every peak sorted, each refined alone, one Goertzel per pass. */
    function oneAtATime(values: Float64Array, stepMs: number, k: number): DominantPeriod[] {
      const n = values.length;
      let sum = 0;
      let count = 0;
      for (const v of values) {
        if (!Number.isFinite(v)) continue;
        sum += v;
        count++;
      }
      const mean = count ? sum / count : 0;
      const d = values.map((v) => (Number.isFinite(v) ? v - mean : 0));
      const x = d.map((v, t) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * t) / (n - 1))));
      const nfft = nextPow2(n);
      const p = powerSpectrum(x, nfft);
      const half = nfft >> 1;
      let total = 0;
      for (let j = 1; j <= half; j++) total += p[j];
      const peaks: number[] = [];
      for (let j = Math.max(1, Math.ceil((2 * nfft) / n)); j <= half; j++) {
        if (p[j] > (j > 1 ? p[j - 1] : -Infinity) && p[j] >= (j < half ? p[j + 1] : -Infinity)) peaks.push(j);
      }
      peaks.sort((a, b) => p[b] - p[a]);
      const power = (omega: number): number => {
        const c = 2 * Math.cos(omega);
        let s1 = 0;
        let s2 = 0;
        for (let t = 0; t < n; t++) {
          const s0 = x[t] + c * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
      };
      const refine = (j: number): number => {
        const w = (2 * Math.PI) / nfft;
        const g = (Math.sqrt(5) - 1) / 2;
        let [a, b] = [j - 1, j + 1];
        let c = b - g * (b - a);
        let e = a + g * (b - a);
        let fc = power(w * c);
        let fe = power(w * e);
        for (let it = 0; it < 60; it++) {
          const mid = (a + b) / 2;
          if (((b - a) * nfft) / (mid * mid) < 0.05) break;
          if (fc >= fe) {
            [b, e, fe] = [e, c, fc];
            c = b - g * (b - a);
            fc = power(w * c);
          } else {
            [a, c, fc] = [c, e, fe];
            e = a + g * (b - a);
            fe = power(w * e);
          }
        }
        return (a + b) / 2;
      };
      const natural = nfft / n;
      const lobe = Math.max(1, Math.round(2 * natural));
      const guard = Math.max(1, Math.round(4 * natural));
      const out: DominantPeriod[] = [];
      const taken: number[] = [];
      for (const j of peaks) {
        if (out.length >= k) break;
        if (taken.some((t) => Math.abs(t - j) <= guard)) continue;
        const exact = nfft / refine(j);
        const steps = Math.round(exact);
        if (steps < 2 || steps > n / 2 || out.some((o) => o.periodSteps === steps)) continue;
        taken.push(j);
        let share = 0;
        for (let i = Math.max(1, j - lobe); i <= Math.min(half, j + lobe); i++) share += p[i];
        let s = 0;
        let c0 = 0;
        for (let t = 0; t < n; t++) c0 += d[t] * d[t];
        for (let t = 0; t + steps < n; t++) s += d[t] * d[t + steps];
        out.push({
          periodSteps: steps,
          periodMs: steps * stepMs,
          share: share / total,
          acf: s / c0,
          exactSteps: exact,
        });
      }
      return out;
    }
    for (let seed = 1; seed <= 12; seed++) {
      const rng = createRandom(seed);
      const n = 500 + Math.floor(rng.next() * 4000);
      const periods = [288, 97, 1009, 33].map((q) => q * (0.8 + 0.4 * rng.next()));
      const x = Float64Array.from(
        { length: n },
        (_, t) =>
          periods.reduce((sum, q, i) => sum + (10 - 2 * i) * Math.sin((2 * Math.PI * t) / q), 0) +
          6 * rng.normal(),
      );
      for (let i = 0; i < n; i += 37) if (rng.next() < 0.3) x[i] = NaN;
      for (const k of [1, 3, 6])
        expect(dominantPeriods(x, STEP, k), `seed ${seed}, k ${k}`).toEqual(oneAtATime(x, STEP, k));
    }
  });
});
