import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lloyd, scaledTolerance } from '../../../../src/engine/detectors/kmeans/lloyd';
import { kmeansPlusPlus } from '../../../../src/engine/detectors/kmeans/plus-plus';
import { createRandom } from '../../../../src/engine/util/random';

/** Textbook Lloyd (no bounds), with the same stopping and empty-cluster rules, to check Elkan's skips. */
function naiveLloyd(X: number[][], start: number[][], maxIterations: number, tolerance: number) {
  let centres = start.map((c) => [...c]);
  const dist2 = (a: number[], b: number[]) => a.reduce((s, v, j) => s + (v - b[j]) ** 2, 0);
  const nearest = (x: number[]) => {
    let best = 0;
    centres.forEach((c, k) => {
      if (dist2(x, c) < dist2(x, centres[best])) best = k;
    });
    return best;
  };
  let labels = X.map(nearest);
  for (let it = 0; it < maxIterations; it++) {
    const next = centres.map((c, k) => {
      const members = X.filter((_, i) => labels[i] === k);
      if (!members.length) return c; // not reached in these tests: every cluster keeps a member
      return c.map((_, j) => members.reduce((s, m) => s + m[j], 0) / members.length);
    });
    const shift = centres.reduce((s, c, k) => s + dist2(c, next[k]), 0);
    centres = next;
    if (shift <= tolerance) break;
    const again = X.map(nearest);
    const changed = again.some((l, i) => l !== labels[i]);
    labels = again;
    if (!changed) break;
  }
  labels = X.map(nearest);
  const inertia = X.reduce((s, x, i) => s + dist2(x, centres[labels[i]]), 0);
  return { centres, labels, inertia };
}

describe('lloyd with Elkan bounds', () => {
  it('gives the same clusters and inertia as textbook Lloyd', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 2, max: 6 }), (seed, k) => {
        const rng = createRandom(seed);
        const n = 120;
        const d = 3;
        const rows = Array.from({ length: n }, (_, i) =>
          Array.from({ length: d }, () => rng.normal() + (i % 3) * 2),
        );
        const X = Float64Array.from(rows.flat());
        const start = kmeansPlusPlus(X, n, d, k, createRandom(seed + 1));
        const tol = scaledTolerance(X, n, d, 1e-4);
        const got = lloyd(X, n, d, start, k, 300, tol);
        const want = naiveLloyd(
          rows,
          Array.from({ length: k }, (_, c) => Array.from(start.subarray(c * d, (c + 1) * d))),
          300,
          tol,
        );
        expect(Array.from(got.labels)).toEqual(want.labels);
        expect(got.inertia).toBeCloseTo(want.inertia, 8);
      }),
      { numRuns: 40 },
    );
  });

  it('scales the tolerance by the mean feature variance as scikit-learn does', () => {
    // Columns [1,2,3,4] (variance 1.25) and [0,0,0,4] (variance 3): mean 2.125, times 1e-4.
    const X = Float64Array.from([1, 0, 2, 0, 3, 0, 4, 4]);
    expect(scaledTolerance(X, 4, 2, 1e-4)).toBeCloseTo(2.125e-4, 15);
  });

  it('seeds k-means++ the same way for the same seed, from distinct rows', () => {
    const rng = createRandom(5);
    const X = Float64Array.from({ length: 300 }, () => rng.normal());
    const a = kmeansPlusPlus(X, 100, 3, 5, createRandom(9));
    const b = kmeansPlusPlus(X, 100, 3, 5, createRandom(9));
    expect(Array.from(a)).toEqual(Array.from(b));
    const keys = new Set(Array.from({ length: 5 }, (_, c) => a.subarray(c * 3, c * 3 + 3).join(',')));
    expect(keys.size).toBe(5);
  });
});
