import { describe, expect, it } from 'vitest';
import { correlationMatrix, rankAverage } from '../../../src/engine/eda/correlation';

/** Average ranks by a plain sort, NaN where not finite. */
function naiveRanks(x: ArrayLike<number>): number[] {
  const idx = Array.from({ length: x.length }, (_, i) => i).filter((i) => Number.isFinite(x[i]));
  idx.sort((a, b) => x[a] - x[b] || a - b);
  const out = new Array<number>(x.length).fill(NaN);
  let p = 0;
  while (p < idx.length) {
    let q = p + 1;
    while (q < idx.length && x[idx[q]] === x[idx[p]]) q++;
    for (let s = p; s < q; s++) out[idx[s]] = (p + q + 1) / 2;
    p = q;
  }
  return out;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('rankAverage on large columns', () => {
  it('ranks columns with few distinct values (hashed) like a plain sort, with -0, NaN and infinities', () => {
    const r = rng(1);
    const x = Float64Array.from({ length: 20_000 }, () => Math.round(r() * 3000) / 100 - 10);
    x[3] = -0;
    x[4] = 0;
    x[5] = NaN;
    x[6] = Infinity;
    x[7] = -Infinity;
    expect(Array.from(rankAverage(x))).toEqual(naiveRanks(x));
  });

  it('ranks columns with mostly distinct values (radix) like a plain sort', () => {
    const r = rng(2);
    const x = Float64Array.from({ length: 20_000 }, () => (r() - 0.5) * 1e6);
    x[10] = x[11];
    x[12] = NaN;
    expect(Array.from(rankAverage(x))).toEqual(naiveRanks(x));
  });

  it('Spearman with missing values matches the Pearson correlation of naive pairwise ranks', () => {
    const r = rng(3);
    const n = 10_000;
    const a = Float64Array.from({ length: n }, () => Math.round(r() * 50));
    const b = Float64Array.from(a, (v) => Math.round(v + r() * 20));
    for (let i = 0; i < n; i += 37) b[i] = NaN;
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(b[i]));
    const ra = naiveRanks(keep.map((i) => a[i]));
    const rb = naiveRanks(keep.map((i) => b[i]));
    const mean = (keep.length + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < keep.length; k++) {
      sxy += (ra[k] - mean) * (rb[k] - mean);
      sxx += (ra[k] - mean) ** 2;
      syy += (rb[k] - mean) ** 2;
    }
    const m = correlationMatrix([a, b], 'spearman');
    expect(m[1]).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });
});
