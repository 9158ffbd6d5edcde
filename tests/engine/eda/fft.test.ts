import { describe, expect, it } from 'vitest';
import { fft, nextPow2, powerSpectrum, realFft } from '../../../src/engine/eda/fft';
import { createRandom } from '../../../src/engine/util/random';

function naiveDft(x: ArrayLike<number>, n: number): { re: number[]; im: number[] } {
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < Math.min(n, x.length); t++) {
      const a = (-2 * Math.PI * k * t) / n;
      sr += x[t] * Math.cos(a);
      si += x[t] * Math.sin(a);
    }
    re.push(sr);
    im.push(si);
  }
  return { re, im };
}

describe('fft', () => {
  const rng = createRandom(7);
  const x = Float64Array.from({ length: 64 }, () => rng.normal());

  it('matches a naive DFT (1e-10)', () => {
    const re = x.slice();
    const im = new Float64Array(64);
    fft(re, im);
    const want = naiveDft(x, 64);
    for (let k = 0; k < 64; k++) {
      expect(re[k]).toBeCloseTo(want.re[k], 10);
      expect(im[k]).toBeCloseTo(want.im[k], 10);
    }
  });

  it('inverse undoes forward', () => {
    const re = x.slice();
    const im = Float64Array.from(x, (v) => v / 2);
    fft(re, im);
    fft(re, im, true);
    for (let t = 0; t < 64; t++) {
      expect(re[t]).toBeCloseTo(x[t], 12);
      expect(im[t]).toBeCloseTo(x[t] / 2, 12);
    }
  });

  it('realFft equals the naive DFT of the zero-padded input, bins 0..n/2', () => {
    const short = x.subarray(0, 45);
    const { re, im } = realFft(short, 128);
    const want = naiveDft(short, 128);
    expect(re).toHaveLength(65);
    for (let k = 0; k <= 64; k++) {
      expect(re[k]).toBeCloseTo(want.re[k], 10);
      expect(im[k]).toBeCloseTo(want.im[k], 10);
    }
    const p = powerSpectrum(short, 128);
    expect(p[3]).toBeCloseTo(want.re[3] ** 2 + want.im[3] ** 2, 9);
  });

  it('refuses lengths that are not powers of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
    expect(() => realFft([1, 2, 3], 12)).toThrow(/power of two/);
    expect(nextPow2(1)).toBe(1);
    expect(nextPow2(4032)).toBe(4096);
    expect(nextPow2(4096)).toBe(4096);
  });
});
