import { describe, expect, it } from 'vitest';
import { rbfColumn, squaredNorms } from '../../../../src/engine/detectors/svm/kernel';
import { RbfColumnCache } from '../../../../src/engine/detectors/svm/kernel-cache';

const rows = 9;
const cols = 2;
const data = Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 1.7));
const norms = squaredNorms(data, rows, cols);
const gamma = 0.6;

function expected(i: number): number[] {
  const out = new Float32Array(rows);
  rbfColumn(data, cols, norms, gamma, i, out, new Float64Array(rows));
  return Array.from(out);
}

describe('RbfColumnCache', () => {
  it('returns the kernel columns and computes each once while they fit', () => {
    const cache = new RbfColumnCache(data, cols, norms, gamma, 1 << 20);
    for (const i of [3, 0, 3, 8, 0]) expect(Array.from(cache.column(i))).toEqual(expected(i));
    expect(cache.computed).toBe(3);
    const [a, b] = cache.pair(5, 6);
    expect(Array.from(a)).toEqual(expected(5));
    expect(Array.from(b)).toEqual(expected(6));
    expect(cache.computed).toBe(5);
  });

  it('evicts the least recently used column when full', () => {
    // Room for two columns of 9 float32 values.
    const cache = new RbfColumnCache(data, cols, norms, gamma, 2 * 4 * rows);
    cache.column(0);
    cache.column(1);
    cache.column(0); // 1 is now the least recently used
    cache.column(2); // evicts 1
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(2)).toBe(true);
    expect(cache.computed).toBe(3);
    // A pair keeps both columns valid even when each request evicts.
    const [a, b] = cache.pair(4, 2);
    expect(Array.from(a)).toEqual(expected(4));
    expect(Array.from(b)).toEqual(expected(2));
    const [c, d] = cache.pair(7, 8);
    expect(Array.from(c)).toEqual(expected(7));
    expect(Array.from(d)).toEqual(expected(8));
    expect(cache.has(4)).toBe(false);
  });

  it('keeps two columns even with no memory budget', () => {
    const cache = new RbfColumnCache(data, cols, norms, gamma, 0);
    const [a, b] = cache.pair(1, 2);
    expect(Array.from(a)).toEqual(expected(1));
    expect(Array.from(b)).toEqual(expected(2));
  });
});
