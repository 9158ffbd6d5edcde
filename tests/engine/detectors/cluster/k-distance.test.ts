import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kDistanceCurve, kDistances } from '../../../../src/engine/detectors/cluster/k-distance';
import { matrixFromRows, selectRows } from '../../../../src/engine/util/matrix';
import { evenlySpacedIndices } from '../../../../src/engine/detectors/cluster/sample';

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/dbscan.json', 'utf8')) as {
  name: string;
  X: number[][];
  kDistance: Record<string, number[]>;
}[];

describe('kDistances / kDistanceCurve', () => {
  it('counts the row itself first, on hand values', () => {
    const X = matrixFromRows([[0], [1], [3], [7]]);
    expect(Array.from(kDistances(X, 1))).toEqual([0, 0, 0, 0]);
    expect(Array.from(kDistances(X, 2))).toEqual([1, 1, 2, 4]);
    expect(Array.from(kDistances(X, 3))).toEqual([3, 2, 3, 6]);
    // k above the row count is clamped to it.
    expect(Array.from(kDistances(X, 9))).toEqual([7, 6, 4, 7]);
    expect(Array.from(kDistanceCurve(X, 3))).toEqual([2, 3, 3, 6]);
  });

  it.each(golden.map((g) => [g.name, g] as const))(
    'equals scikit-learn NearestNeighbors k-th distances, sorted (%s)',
    (_, g) => {
      const X = matrixFromRows(g.X);
      for (const [k, expected] of Object.entries(g.kDistance)) {
        const curve = kDistanceCurve(X, Number(k));
        expect(curve.length).toBe(expected.length);
        let worst = 0;
        curve.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]))));
        expect(worst, `k = ${k}`).toBeLessThan(1e-9);
      }
    },
  );

  it('takes at most maxPoints evenly spaced rows', () => {
    const X = matrixFromRows(golden[0].X);
    const sub = selectRows(X, evenlySpacedIndices(X.rows, 100));
    expect(Array.from(kDistanceCurve(X, 5, 100))).toEqual(
      Array.from(kDistances(sub, 5)).sort((a, b) => a - b),
    );
    expect(() => kDistanceCurve(X, 0)).toThrow(/k must be an integer >= 1/);
  });
});
