import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { farthestFirst } from '../../../../src/engine/detectors/cluster/farthest-first';
import { NearestIndex } from '../../../../src/engine/detectors/cluster/nearest-index';

function bruteNearest(points: Float64Array, count: number, d: number, q: Float64Array, at: number): number {
  let best = Infinity;
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (q[at + j] - points[i * d + j]) ** 2;
    best = Math.min(best, s);
  }
  return best;
}

const cloud = (dims: number) =>
  fc
    .integer({ min: 1, max: 60 })
    .chain((count) =>
      fc
        .array(fc.integer({ min: -50, max: 50 }), { minLength: count * dims, maxLength: count * dims })
        .map((v) => ({ count, points: Float64Array.from(v, (x) => x / 4) })),
    );

describe('NearestIndex', () => {
  it('finds the same nearest distance as a brute-force scan (clustered, duplicated, any width)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((dims) =>
            fc.tuple(
              fc.constant(dims),
              cloud(dims),
              fc.array(fc.integer({ min: -80, max: 80 }), { minLength: 5 * dims, maxLength: 5 * dims }),
            ),
          ),
        ([dims, { count, points }, qs]) => {
          const q = Float64Array.from(qs, (x) => x / 4);
          const index = new NearestIndex(points, count, dims);
          for (let r = 0; r < 5; r++) {
            const got = index.nearestSquared(q, r * dims);
            expect(got).toBeCloseTo(bruteNearest(points, count, dims, q, r * dims), 9);
          }
        },
      ),
    );
  });

  it('refuses an empty point set', () => {
    expect(() => new NearestIndex(new Float64Array(0), 0, 3)).toThrow(/no points/);
  });
});

describe('farthestFirst', () => {
  it('chooses the farthest point each time and reports the cover radius', () => {
    // 1-d points 0, 1, 2, 10: start at 0, then 10 (farthest), then 2 (distance 2 from 0 and 8 from 10)...
    const ff = farthestFirst(Float64Array.from([0, 1, 2, 10]), 4, 1, 3);
    expect(Array.from(ff.chosen)).toEqual([0, 3, 2]);
    expect(Array.from(ff.assign)).toEqual([0, 0, 2, 1]);
    expect(ff.coverSquared).toBe(1);
    // Stops early once every point coincides with a chosen one.
    const dup = farthestFirst(Float64Array.from([5, 5, 7, 7]), 4, 1, 4);
    expect(Array.from(dup.chosen)).toEqual([0, 2]);
    expect(dup.coverSquared).toBe(0);
  });
});
