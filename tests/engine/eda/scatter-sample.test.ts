import { describe, expect, it } from 'vitest';
import { scatterSample } from '../../../src/engine/eda/scatter-sample';

const n = 50_000;
const x = Float64Array.from({ length: n }, (_, i) => i);
const y = Float64Array.from({ length: n }, (_, i) => (i % 1000 === 3 ? NaN : i * 2));
const labels = Float64Array.from({ length: n }, (_, i) => (i >= 20_000 && i < 20_300 ? 1 : 0));

describe('scatterSample', () => {
  it('keeps every labelled anomaly that fits in half the budget, ascending, no duplicates', () => {
    const rows = scatterSample([x, y], labels, 2000, 1);
    expect(rows).toHaveLength(2000);
    const set = new Set(rows);
    expect(set.size).toBe(2000);
    for (let i = 20_000; i < 20_300; i++) if (i % 1000 !== 3) expect(set.has(i)).toBe(true);
    for (let k = 1; k < rows.length; k++) expect(rows[k]).toBeGreaterThan(rows[k - 1]);
    for (const r of rows) expect(Number.isFinite(y[r])).toBe(true);
  });

  it('caps anomalies at half the budget when there are many', () => {
    const many = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const rows = scatterSample([x], many, 1000, 2);
    expect(rows).toHaveLength(1000);
    expect([...rows].filter((r) => many[r] === 1)).toHaveLength(500);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(scatterSample([x, y], labels, 500, 9)).toEqual(scatterSample([x, y], labels, 500, 9));
    expect(scatterSample([x, y], labels, 500, 9)).not.toEqual(scatterSample([x, y], labels, 500, 10));
  });

  it('returns every drawable row when they fit, and works without labels', () => {
    expect([...scatterSample([[1, NaN, 3]], null, 10)]).toEqual([0, 2]);
    expect(scatterSample([x], null, 100, 3)).toHaveLength(100);
    expect(scatterSample([x], null, 0)).toHaveLength(0);
    expect(() => scatterSample([x, [1]], null)).toThrow(/rows/);
  });
});
