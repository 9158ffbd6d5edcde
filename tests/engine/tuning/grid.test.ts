import { describe, expect, it } from 'vitest';
import { gridPoint, gridSize, gridValues } from '../../../src/engine/tuning/grid';
import { runSearch } from '../../../src/engine/tuning/search';
import type { SearchSpace } from '../../../src/engine/tuning/space';

const space: SearchSpace = {
  dimensions: [
    { name: 'a', kind: 'float', low: 0, high: 1 },
    { name: 'b', kind: 'int', low: 1, high: 1000, log: true },
    { name: 'c', kind: 'choice', choices: ['x', 'y'] },
  ],
  fixed: { seed: 7 },
};

describe('grid values', () => {
  it('spreads numbers evenly, geometrically on a log scale, and keeps every choice', () => {
    expect(gridValues(space.dimensions[0], 3)).toEqual([0, 0.5, 1]);
    const b = gridValues(space.dimensions[1], 4) as number[];
    expect(b).toEqual([1, 10, 100, 1000]);
    expect(gridValues(space.dimensions[2], 5)).toEqual(['x', 'y']);
  });

  it('drops integers repeated by rounding', () => {
    expect(gridValues({ name: 'k', kind: 'int', low: 0, high: 2 }, 5)).toEqual([0, 1, 2]);
  });

  it('gives one middle value for a single level', () => {
    expect(gridValues({ name: 'k', kind: 'float', low: 1, high: 100, log: true }, 1)[0]).toBeCloseTo(10, 12);
  });
});

describe('grid search', () => {
  it('enumerates every point of the grid exactly once, then stops', async () => {
    expect(gridSize(space, 3)).toBe(3 * 3 * 2);
    const seen: string[] = [];
    const result = await runSearch({
      space,
      method: 'grid',
      gridLevels: 3,
      seed: 5,
      runTrial: async (p) => {
        seen.push(JSON.stringify([p.a, p.b, p.c]));
        expect(p.seed).toBe(7);
        return Number(p.a);
      },
    });
    expect(result.stopped).toBe('exhausted');
    expect(result.trials).toHaveLength(18);
    const expected: string[] = [];
    for (const a of [0, 0.5, 1])
      for (const b of [1, 32, 1000]) for (const c of ['x', 'y']) expected.push(JSON.stringify([a, b, c]));
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(18);
    expect(result.best?.params.a).toBe(1);
  });

  it('lists points with the last dimension varying fastest', () => {
    expect(gridPoint(space, 3, 0)).toEqual([0, 1, 'x']);
    expect(gridPoint(space, 3, 1)).toEqual([0, 1, 'y']);
    expect(gridPoint(space, 3, 2)).toEqual([0, 32, 'x']);
    expect(gridPoint(space, 3, 17)).toEqual([1, 1000, 'y']);
  });

  it('runs given trials first and a seeded subset of the grid under a smaller budget', async () => {
    const run = (seed: number) =>
      runSearch({
        space,
        method: 'grid',
        trials: 6,
        seed,
        given: [{ a: 0.25, b: 5, c: 'x' }],
        runTrial: async (p) => Number(p.b),
      });
    const r1 = await run(1);
    const r2 = await run(1);
    expect(r1.trials).toHaveLength(6);
    expect(r1.stopped).toBe('trials');
    expect(r1.trials[0]).toMatchObject({ source: 'given', params: { a: 0.25, b: 5, c: 'x', seed: 7 } });
    expect(r1.trials.map((t) => t.params)).toEqual(r2.trials.map((t) => t.params));
    const r3 = await run(2);
    expect(r3.trials.map((t) => t.params)).not.toEqual(r1.trials.map((t) => t.params));
  });
});
