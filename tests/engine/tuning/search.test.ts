import { describe, expect, it } from 'vitest';
import { runSearch, type Trial } from '../../../src/engine/tuning/search';
import type { SearchSpace, TrialParams } from '../../../src/engine/tuning/space';

const space: SearchSpace = {
  dimensions: [
    { name: 'x', kind: 'float', low: 0, high: 1 },
    { name: 'k', kind: 'int', low: 1, high: 20 },
  ],
  fixed: { seed: 3 },
};
const f = (p: TrialParams): number => -(((p.x as number) - 0.3) ** 2) - (((p.k as number) - 7) / 20) ** 2;
const paramsOf = (trials: Trial[]) => trials.map((t) => t.params);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runSearch', () => {
  it('repeats the same trials for the same seed (random and TPE), others for another seed', async () => {
    for (const method of ['random', 'tpe'] as const) {
      const run = (seed: number) =>
        runSearch({ space, method, seed, trials: 15, runTrial: async (p) => f(p) });
      const a = await run(1);
      const b = await run(1);
      const c = await run(2);
      expect(paramsOf(a.trials)).toEqual(paramsOf(b.trials));
      expect(paramsOf(a.trials)).not.toEqual(paramsOf(c.trials));
      expect(a.trials.slice(10).every((t) => t.source === (method === 'tpe' ? 'tpe' : 'random'))).toBe(true);
    }
  });

  it('keeps TPE reproducible with parallel trials finishing in any order', async () => {
    const run = async (jitter: boolean) => {
      let inFlight = 0;
      let most = 0;
      const r = await runSearch({
        space,
        method: 'tpe',
        seed: 4,
        trials: 16,
        parallel: 3,
        tpe: { startupTrials: 4 },
        runTrial: async (p, { index }) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await tick(jitter ? (index * 7) % 5 : 0);
          inFlight--;
          return f(p);
        },
      });
      return { r, most };
    };
    const a = await run(true);
    const b = await run(false);
    expect(a.most).toBe(3);
    expect(paramsOf(a.r.trials)).toEqual(paramsOf(b.r.trials));
    expect(a.r.trials.map((t) => t.index)).toEqual([...Array(16).keys()]);
  });

  it('runs the given trials first, with the fixed parameters', async () => {
    const r = await runSearch({
      space,
      method: 'random',
      trials: 3,
      given: [{ x: 0.5, k: 4 }],
      runTrial: async (p) => f(p),
    });
    expect(r.trials[0]).toMatchObject({ index: 0, source: 'given', params: { x: 0.5, k: 4, seed: 3 } });
    expect(r.trials.every((t) => t.params.seed === 3)).toBe(true);
  });

  it('stops starting trials when the time budget is spent', async () => {
    let clock = 0;
    const r = await runSearch({
      space,
      method: 'random',
      trials: 100,
      seconds: 5,
      now: () => clock,
      runTrial: async (p) => {
        clock += 1000;
        return f(p);
      },
    });
    expect(r.stopped).toBe('seconds');
    expect(r.trials).toHaveLength(5);
    expect(r.trials[0].seconds).toBe(1);
  });

  it('records failed trials, leaves them out of the best, and reports each trial as it ends', async () => {
    const seen: [number, number | null][] = [];
    const r = await runSearch({
      space,
      method: 'random',
      trials: 12,
      seed: 2,
      runTrial: async (p, { index }) => {
        if (index % 3 === 1) throw new Error(`bad k ${p.k}`);
        return index % 3 === 2 ? NaN : f(p);
      },
      onTrial: (t, best) => seen.push([t.index, best?.index ?? null]),
    });
    expect(seen.map((s) => s[0])).toEqual([...Array(12).keys()]);
    const failed = r.trials.filter((t) => t.status === 'failed');
    expect(failed).toHaveLength(8);
    expect(failed[0].error).toMatch(/^bad k \d+$/);
    expect(failed[1].error).toBe('the objective was NaN');
    expect(failed.every((t) => t.score === null)).toBe(true);
    expect(r.best!.index % 3).toBe(0);
    const complete = r.trials.filter((t) => t.status === 'complete');
    expect(r.best!.score).toBe(Math.max(...complete.map((t) => t.score!)));
  });

  it('minimizes when asked', async () => {
    const r = await runSearch({
      space,
      method: 'random',
      trials: 10,
      direction: 'minimize',
      runTrial: async (p) => f(p),
    });
    expect(r.best!.score).toBe(Math.min(...r.trials.map((t) => t.score!)));
  });

  it('keeps the finished trials when cancelled, and tells the running ones', async () => {
    const controller = new AbortController();
    const cancelled: number[] = [];
    const r = await runSearch({
      space,
      method: 'tpe',
      trials: 50,
      parallel: 2,
      signal: controller.signal,
      runTrial: (p, { index, signal }) =>
        new Promise<number>((resolve, reject) => {
          if (index >= 4) {
            signal.addEventListener('abort', () => {
              cancelled.push(index);
              reject(new Error('cancelled'));
            });
            return;
          }
          setTimeout(() => resolve(f(p)), 1);
        }),
      onTrial: (t) => {
        if (t.index === 3) controller.abort();
      },
    });
    expect(r.stopped).toBe('aborted');
    expect(r.trials.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(r.trials.every((t) => t.status === 'complete')).toBe(true);
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    const again = await runSearch({
      space,
      method: 'random',
      signal: controller.signal,
      runTrial: async () => 1,
    });
    expect(again).toEqual({ trials: [], best: null, stopped: 'aborted' });
  });
});
