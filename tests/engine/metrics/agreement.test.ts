import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaccardMatrix } from '../../../src/engine/metrics/agreement';

describe('jaccardMatrix', () => {
  it('matches a hand computation', () => {
    const a = [1, 1, 0, 0, 1, 0]; // rows {0, 1, 4}
    const b = [1, 0, 1, 0, 1, 0]; // rows {0, 2, 4}
    const c = [0, 0, 0, 1, 0, 0]; // rows {3}
    const d = [0, 0, 0, 0, 0, 0]; // no alert
    const m = jaccardMatrix([a, b, c, d, Uint8Array.from(d)]);
    // a, b: {0, 4} / {0, 1, 2, 4} = 2/4 ; a, c and b, c: disjoint -> 0 ; x, empty: 0 / |x| = 0 ;
    // empty, empty: both alert nowhere -> 1
    expect(m).toEqual([
      [1, 0.5, 0, 0, 0],
      [0.5, 1, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 1, 1],
      [0, 0, 0, 1, 1],
    ]);
  });

  it('gives 1/3 for one shared row out of three', () => {
    expect(
      jaccardMatrix([
        [1, 1, 0],
        [0, 1, 1],
      ])[0][1],
    ).toBeCloseTo(1 / 3, 15);
  });

  it('handles no detectors and no rows', () => {
    expect(jaccardMatrix([])).toEqual([]);
    expect(jaccardMatrix([[], []])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('agrees with set arithmetic (property)', () => {
    const sets = fc
      .integer({ min: 0, max: 30 })
      .chain((n) =>
        fc.array(fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }), { maxLength: 5 }),
      );
    fc.assert(
      fc.property(sets, (vs) => {
        const m = jaccardMatrix(vs);
        const rowsOf = (v: number[]) => new Set(v.flatMap((x, r) => (x ? [r] : [])));
        for (let i = 0; i < vs.length; i++) {
          for (let j = 0; j < vs.length; j++) {
            const a = rowsOf(vs[i]);
            const b = rowsOf(vs[j]);
            const inter = [...a].filter((r) => b.has(r)).length;
            const union = new Set([...a, ...b]).size;
            expect(m[i][j]).toBe(union === 0 ? 1 : inter / union);
          }
        }
      }),
      { seed: 5 },
    );
  });

  it('refuses mismatched lengths and non-binary values, naming the vector', () => {
    expect(() => jaccardMatrix([[1, 0], [1]])).toThrow(
      /alertSets\[0\] has 2 values but alertSets\[1\] has 1/,
    );
    expect(() =>
      jaccardMatrix([
        [1, 0],
        [1, 0.5],
      ]),
    ).toThrow(/alertSets\[1\]\[1\] is 0.5/);
  });
});
