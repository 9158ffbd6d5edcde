import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { rollingOriginFolds } from '../../../src/engine/evaluation/rolling-origin';
import type { Dataset } from '../../../src/engine/table/dataset';

describe('rollingOriginFolds', () => {
  // Two instances of 10 rows each, interleaved in the file.
  const ds: Dataset = {
    name: 'two',
    table: table({
      host: Array.from({ length: 20 }, (_, i) => (i % 2 ? 'b' : 'a')),
      t: Float64Array.from({ length: 20 }, (_, i) => Math.floor(i / 2)),
      v: Float64Array.from({ length: 20 }, (_, i) => i),
    }),
    schema: { entity: 'host', time: 't', metrics: ['v'] },
  };

  it('trains on an expanding window and tests on the block right after it, per instance', () => {
    const f = rollingOriginFolds(ds, 4);
    expect(f).toHaveLength(4);
    // 10 rows per instance in 5 blocks of 2: fold 0 trains on 2 rows of each and tests on the next 2.
    expect(Array.from(f[0].train)).toEqual([0, 2, 1, 3]);
    expect(Array.from(f[0].test)).toEqual([4, 6, 5, 7]);
    expect(Array.from(f[3].train).length).toBe(16);
    expect(Array.from(f[3].test)).toEqual([16, 18, 17, 19]);
    expect(f.map((x) => x.cut)).toEqual([0.2, 0.4, 0.6, 0.8]);
    for (const fold of f) {
      const trainSet = new Set(fold.train);
      for (const i of fold.test) expect(trainSet.has(i)).toBe(false);
    }
  });

  it('refuses a fold count that is not a whole number >= 1', () => {
    expect(() => rollingOriginFolds(ds, 0)).toThrow(/folds must be an integer >= 1, got 0/);
  });
});
