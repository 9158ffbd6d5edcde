/**
 * Precision@K and recall@K. scikit-learn has no direct equivalent, so the references are hand counts and a
 * brute force over every tie-breaking order (the documented tie rule is the mean over those orders).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { precisionAtK, recallAtK } from '../../../src/engine/metrics/at-k';

describe('precisionAtK / recallAtK', () => {
  it('counts the top K rows (hand case, distinct scores)', () => {
    const labels = [1, 0, 1, 0, 0, 1];
    const scores = [0.9, 0.8, 0.7, 0.1, 0.2, 0.05];
    // ranking: rows 0 (1), 1 (0), 2 (1), 4 (0), 3 (0), 5 (1)
    expect([1, 2, 3, 4, 5, 6].map((k) => precisionAtK(labels, scores, k))).toEqual([
      1,
      1 / 2,
      2 / 3,
      2 / 4,
      2 / 5,
      3 / 6,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((k) => recallAtK(labels, scores, k))).toEqual([
      1 / 3,
      1 / 3,
      2 / 3,
      2 / 3,
      2 / 3,
      1,
    ]);
  });

  it('ties at the K-th score count the expected share of the tied positives', () => {
    const labels = [1, 1, 0, 0, 1];
    const scores = [5, 3, 3, 3, 1];
    // K = 1: row 0 alone.
    expect(precisionAtK(labels, scores, 1)).toBe(1);
    // K = 2: row 0 plus one of the three rows tied at 3, of which one is positive: 1 + 1 * (1/3) hits.
    expect(precisionAtK(labels, scores, 2)).toBeCloseTo(4 / 3 / 2, 15);
    expect(recallAtK(labels, scores, 2)).toBeCloseTo(4 / 3 / 3, 15);
    // K = 3: 1 + 2 * (1/3) hits
    expect(precisionAtK(labels, scores, 3)).toBeCloseTo(5 / 3 / 3, 15);
    // K = 4: the whole tie is in, no ambiguity: 2 hits
    expect(precisionAtK(labels, scores, 4)).toBe(2 / 4);
    expect(recallAtK(labels, scores, 5)).toBe(1);
  });

  it('does not depend on row order, and accepts infinities and typed arrays', () => {
    const labels = new Uint8Array([0, 1, 0, 1, 1]);
    const scores = new Float64Array([2, 2, -Infinity, Infinity, 2]);
    // K = 2: row 3 (+inf, positive), then one of three tied at 2 with two positives
    expect(precisionAtK(labels, scores, 2)).toBeCloseTo((1 + 2 / 3) / 2, 15);
    expect(precisionAtK([1, 1, 0, 0, 1], [2, Infinity, 2, -Infinity, 2], 2)).toBe(
      precisionAtK(labels, scores, 2),
    );
  });

  it('recall is 0 when there is no positive; precision is then 0 too', () => {
    expect(recallAtK([0, 0, 0], [1, 2, 3], 2)).toBe(0);
    expect(precisionAtK([0, 0, 0], [1, 2, 3], 2)).toBe(0);
  });

  it('refuses bad input and K out of range with a clear message', () => {
    expect(() => precisionAtK([0, 1], [0.5], 1)).toThrow(/labels has 2 values but scores has 1/);
    expect(() => recallAtK([0, 2], [0.5, 0.1], 1)).toThrow(/recallAtK: labels\[1\] is 2/);
    expect(() => precisionAtK([0, 1], [0.5, NaN], 1)).toThrow(/scores\[1\] is NaN/);
    expect(() => precisionAtK([0, 1], [0.5, 0.1], 0)).toThrow(/k is 0; it must be an integer from 1 to 2/);
    expect(() => recallAtK([0, 1], [0.5, 0.1], 3)).toThrow(/k is 3/);
    expect(() => precisionAtK([0, 1], [0.5, 0.1], 1.5)).toThrow(/k is 1.5/);
    expect(() => precisionAtK([], [], 1)).toThrow(/k is 1; it must be an integer from 1 to 0/);
  });
});

/** All permutations of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/** Positives among the top K when ties are broken by `order` (a rank per row, lower wins). */
function hitsWithOrder(labels: number[], scores: number[], k: number, order: number[]): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || order[a] - order[b]);
  return idx.slice(0, k).reduce((s, i) => s + labels[i], 0);
}

const small = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    labels: fc.array(fc.constantFrom<number>(0, 1), { minLength: n, maxLength: n }),
    scores: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    k: fc.integer({ min: 1, max: n }),
  }),
);
const distinct = fc.integer({ min: 1, max: 50 }).chain((n) =>
  fc.record({
    labels: fc.array(fc.constantFrom<number>(0, 1), { minLength: n, maxLength: n }),
    scores: fc.uniqueArray(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
      minLength: n,
      maxLength: n,
      comparator: 'SameValueZero',
    }),
  }),
);

describe('at-K properties', () => {
  it('equals the mean over every tie-breaking order (brute force, n <= 6)', () => {
    fc.assert(
      fc.property(small, ({ labels, scores, k }) => {
        const perms = permutations(labels.length);
        const mean = perms.reduce((s, p) => s + hitsWithOrder(labels, scores, k, p), 0) / perms.length;
        const positives = labels.reduce((s, v) => s + v, 0);
        expect(precisionAtK(labels, scores, k)).toBeCloseTo(mean / k, 12);
        expect(recallAtK(labels, scores, k)).toBeCloseTo(positives ? mean / positives : 0, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('precision@K with K = number of positives is the R-precision and equals recall@K', () => {
    fc.assert(
      fc.property(distinct, ({ labels, scores }) => {
        const r = labels.reduce((s, v) => s + v, 0);
        if (r === 0) return;
        // R-precision: share of positives among the R highest-scored rows
        const top = labels
          .map((l, i) => ({ l, s: scores[i] }))
          .sort((a, b) => b.s - a.s)
          .slice(0, r);
        const rPrecision = top.filter((x) => x.l === 1).length / r;
        expect(precisionAtK(labels, scores, r)).toBe(rPrecision);
        expect(recallAtK(labels, scores, r)).toBe(rPrecision);
      }),
    );
  });

  it('both are in [0, 1], recall@K never decreases with K, and K = n gives the positive rate and recall 1', () => {
    fc.assert(
      fc.property(small, ({ labels, scores }) => {
        const n = labels.length;
        const positives = labels.reduce((s, v) => s + v, 0);
        let prev = 0;
        for (let k = 1; k <= n; k++) {
          const p = precisionAtK(labels, scores, k);
          const r = recallAtK(labels, scores, k);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1 + 1e-15);
          expect(r).toBeGreaterThanOrEqual(prev - 1e-15);
          expect(r).toBeLessThanOrEqual(1 + 1e-15);
          prev = r;
        }
        expect(precisionAtK(labels, scores, n)).toBeCloseTo(positives / n, 15);
        expect(recallAtK(labels, scores, n)).toBe(positives ? 1 : 0);
      }),
    );
  });
});
