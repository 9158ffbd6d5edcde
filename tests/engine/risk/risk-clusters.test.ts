import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRand } from '../../../src/engine/metrics/adjusted-rand';
import { RISK_NAMES, distinctRows, riskClusters, riskNames } from '../../../src/engine/risk/risk-clusters';
import { loadScore } from '../../../src/engine/risk/load-score';
import { golden } from './golden-fleet';

const Z = Float64Array.from(golden.z);
const N = golden.load.length;
const D = golden.weights.length;
const W = Float64Array.from(golden.weights);

describe('riskNames', () => {
  it('uses all four names for four clusters and drops Critical, then Idle, for fewer', () => {
    expect(riskNames(4)).toEqual(['Idle', 'Normal', 'High Load', 'Critical']);
    expect(riskNames(3)).toEqual(['Idle', 'Normal', 'High Load']);
    expect(riskNames(2)).toEqual(['Normal', 'High Load']);
    expect(riskNames(1)).toEqual(['Normal']);
    expect(riskNames(0)).toEqual([]);
    expect(() => riskNames(5)).toThrow(/k must be an integer in \[0, 4\]/);
  });
});

describe('riskClusters', () => {
  it('finds scikit-learn KMeans(4, n_init=10) partition of the golden fleet', () => {
    const r = riskClusters(Z, N, D, W, { seed: 42 });
    expect(r.k).toBe(4);
    expect(adjustedRand(r.labels, golden.kmeansLabels)).toBeCloseTo(1, 12);
  });

  it('names clusters by ascending centroid load: the coolest hosts Idle, the hottest Critical', () => {
    const r = riskClusters(Z, N, D, W, { seed: 42 });
    expect(r.names).toEqual([...RISK_NAMES]);
    for (let c = 1; c < r.k; c++) expect(r.loads[c]).toBeGreaterThan(r.loads[c - 1]);
    r.loads.forEach((l, c) => expect(loadScore(r.centres, c, W)).toBeCloseTo(l, 12));
    // The hosts' levels rise with their index (tests/reference/risk_clusters.py).
    expect(r.labels[0]).toBe(0);
    expect(r.labels[N - 1]).toBe(3);
    for (let i = 1; i < N; i++) expect(r.labels[i]).toBeGreaterThanOrEqual(r.labels[i - 1]);
  });

  it('is deterministic by seed', () => {
    const a = riskClusters(Z, N, D, W, { seed: 7, nInit: 1 });
    const b = riskClusters(Z, N, D, W, { seed: 7, nInit: 1 });
    expect(b).toEqual(a);
  });

  it('makes no more clusters than distinct rows, and refuses non-finite input', () => {
    const dup = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1, 0, 0]);
    expect(distinctRows(dup, 5, 2)).toBe(2);
    const r = riskClusters(dup, 5, 2, Float64Array.from([0.5, 0.5]), { seed: 1 });
    expect(r.k).toBe(2);
    expect(r.names).toEqual(['Normal', 'High Load']);
    expect([...r.labels]).toEqual([0, 0, 1, 1, 0]);
    expect(riskClusters(new Float64Array(0), 0, 2, Float64Array.from([1, 1]), { seed: 1 }).k).toBe(0);
    expect(() =>
      riskClusters(Float64Array.from([1, NaN]), 1, 2, Float64Array.from([1, 1]), { seed: 1 }),
    ).toThrow(/row 0, feature 1 is not finite/);
    expect(() => riskClusters(dup, 5, 2, Float64Array.from([1]), { seed: 1 })).toThrow(
      /1 load weights for 2/,
    );
    // Distinct, but closer than a squared distance can tell: the empty cluster is dropped, not named.
    const tiny = riskClusters(Float64Array.from([0, 0, 5e-324]), 3, 1, Float64Array.from([1]), { seed: 0 });
    expect(tiny.k).toBe(1);
    expect(tiny.names).toEqual(['Normal']);
    expect(tiny.sizes.every((s) => s > 0)).toBe(true);
  });

  it('property: labels, sizes, centroids and loads agree, and loads ascend', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        // A grid of quarters: rows that differ, differ by more than rounding.
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 48, maxLength: 48 }),
        fc.integer(),
        (n, d, values, seed) => {
          const X = Float64Array.from(values.slice(0, n * d), (v) => v / 4);
          const w = new Float64Array(d).fill(1 / d);
          const r = riskClusters(X, n, d, w, { seed, nInit: 2 });
          expect(r.k).toBe(Math.min(4, distinctRows(X, n, d)));
          expect(r.names).toEqual(riskNames(r.k));
          expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(n);
          for (let c = 0; c < r.k; c++) {
            const members = [...r.labels.keys()].filter((i) => r.labels[i] === c);
            expect(members.length).toBe(r.sizes[c]);
            expect(members.length).toBeGreaterThan(0);
            for (let f = 0; f < d; f++) {
              const mean = members.reduce((s, i) => s + X[i * d + f], 0) / members.length;
              expect(r.centres[c * d + f]).toBeCloseTo(mean, 9);
            }
            if (c > 0) expect(r.loads[c]).toBeGreaterThanOrEqual(r.loads[c - 1]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
