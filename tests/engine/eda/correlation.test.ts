import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlationMatrix, rankAverage, strongestPairs } from '../../../src/engine/eda/correlation';

const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }) },
  { weight: 1, arbitrary: fc.constant(NaN) },
);
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 }))
  .chain(([k, n]) =>
    fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: k, maxLength: k }),
  );

describe('correlationMatrix', () => {
  it('hand-checked: perfect, inverse and monotone relations', () => {
    const x = [1, 2, 3, 4, 5];
    const m = correlationMatrix([x, [2, 4, 6, 8, 10], [5, 4, 3, 2, 1], [1, 8, 27, 64, 125]], 'pearson');
    expect(m[1]).toBeCloseTo(1, 14);
    expect(m[2]).toBeCloseTo(-1, 14);
    expect(m[3]).toBeLessThan(1);
    const s = correlationMatrix([x, [1, 8, 27, 64, 125]], 'spearman');
    expect(s[1]).toBeCloseTo(1, 14);
  });

  it('uses pairwise-complete rows and gives NaN for a constant column, like pandas', () => {
    const m = correlationMatrix(
      [
        [1, 2, NaN, 4],
        [2, 4, 100, 8],
        [3, 3, 3, 3],
      ],
      'pearson',
    );
    expect(m[1]).toBeCloseTo(1, 14);
    expect(m[2]).toBeNaN();
    expect(m[8]).toBeNaN(); // the constant column's own diagonal, as pandas
    expect(m[0]).toBe(1);
  });

  it('average ranks: ties share the mean rank, NaN stays NaN', () => {
    expect([...rankAverage([10, NaN, 20, 10, 5, -0, 0])]).toEqual([4.5, NaN, 6, 4.5, 3, 1.5, 1.5]);
  });

  it('property: symmetric, diagonal 1 (or NaN when constant), entries in [-1, 1]', () => {
    fc.assert(
      fc.property(table, fc.boolean(), (cols, spearman) => {
        const k = cols.length;
        const m = correlationMatrix(cols, spearman ? 'spearman' : 'pearson');
        for (let i = 0; i < k; i++) {
          const d = m[i * k + i];
          expect(Number.isNaN(d) || d === 1).toBe(true);
          for (let j = 0; j < k; j++) {
            const r = m[i * k + j];
            expect(Object.is(r, m[j * k + i])).toBe(true);
            if (!Number.isNaN(r)) {
              expect(r).toBeGreaterThanOrEqual(-1);
              expect(r).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: Spearman equals Pearson of ranks re-ranked on the common rows', () => {
    fc.assert(
      fc.property(table, (cols) => {
        if (cols.length < 2) return;
        const [x, y] = cols;
        const keep = x.map((_, i) => Number.isFinite(x[i]) && Number.isFinite(y[i]));
        const xs = x.filter((_, i) => keep[i]);
        const ys = y.filter((_, i) => keep[i]);
        const want = correlationMatrix([rankAverage(xs), rankAverage(ys)], 'pearson')[1];
        const got = correlationMatrix([x, y], 'spearman')[1];
        if (Number.isNaN(want)) expect(got).toBeNaN();
        else expect(got).toBeCloseTo(want, 12);
      }),
      { numRuns: 300 },
    );
  });
});

describe('correlationMatrix: sums over complete columns', () => {
  /**
   * Pearson of complete columns one pair at a time, sums over blocks of 4,096 rows added block by
   * block: the order of additions the matrix has always used, so that results stay the same to the bit.
   */
  function pairByPair(xs: Float64Array[]): number[] {
    const k = xs.length;
    const n = xs[0].length;
    const means = xs.map((x) => x.reduce((s, v) => s + v, 0) / n);
    const g = new Float64Array(k * k);
    for (let b0 = 0; b0 < n; b0 += 4096) {
      for (let i = 0; i < k; i++) {
        for (let j = i; j < k; j++) {
          let s = 0;
          for (let t = b0; t < Math.min(n, b0 + 4096); t++)
            s += (xs[i][t] - means[i]) * (xs[j][t] - means[j]);
          g[i * k + j] += s;
        }
      }
    }
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const [a, b] = i <= j ? [i, j] : [j, i];
        const sxx = g[a * k + a];
        const d = Math.sqrt(sxx * g[b * k + b]);
        out.push(a === b ? (sxx > 0 ? 1 : NaN) : d > 0 ? Math.max(-1, Math.min(1, g[a * k + b] / d)) : NaN);
      }
    }
    return out;
  }

  it('equals the pair-by-pair sums to the bit, for 1 to 9 columns over several blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9000 }),
        fc.integer(),
        (k, n, seed) => {
          let state = seed >>> 0 || 1;
          const next = (): number => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state / 2 ** 32;
          };
          const xs = Array.from({ length: k }, (_, c) =>
            Float64Array.from({ length: n }, () => Math.round((next() * 100 + c * next() * 7) * 100) / 100),
          );
          expect(Array.from(correlationMatrix(xs, 'pearson'))).toEqual(pairByPair(xs));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('strongestPairs', () => {
  it('ranks distinct pairs by |r|, skipping NaN', () => {
    const m = Float64Array.from([1, 0.2, -0.9, 0.5, 0.2, 1, NaN, 0.82, -0.9, NaN, 1, 0.1, 0.5, 0.82, 0.1, 1]);
    expect(strongestPairs(['a', 'b', 'c', 'd'], m, 3)).toEqual([
      { a: 'a', b: 'c', r: -0.9 },
      { a: 'b', b: 'd', r: 0.82 },
      { a: 'a', b: 'd', r: 0.5 },
    ]);
    expect(strongestPairs(['a', 'b', 'c', 'd'], m)).toHaveLength(5);
    expect(() => strongestPairs(['a'], m)).toThrow(/matrix/);
  });
});
