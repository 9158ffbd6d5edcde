import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PeakQueue } from '../../../src/engine/eda/peak-queue';

describe('PeakQueue', () => {
  it('gives the peaks in the order of a stable sort by descending power, ties in bin order', () => {
    // Few distinct powers, so that ties are common.
    const power = fc.array(fc.constantFrom(0, 1, 2, 2.5, 7, 1e300, Infinity), { maxLength: 60 });
    fc.assert(
      fc.property(power, fc.array(fc.boolean(), { maxLength: 60 }), (values, pick) => {
        const p = Float64Array.from(values);
        const peaks = values.map((_, j) => j).filter((j) => pick[j]);
        const expected = [...peaks].sort((a, b) => (p[b] === p[a] ? 0 : p[b] - p[a]));
        const queue = new PeakQueue(p, peaks);
        const got: number[] = [];
        for (let j = queue.next(); j >= 0; j = queue.next()) got.push(j);
        expect(got).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('answers -1 when empty', () => {
    expect(new PeakQueue(new Float64Array(3), []).next()).toBe(-1);
  });
});
