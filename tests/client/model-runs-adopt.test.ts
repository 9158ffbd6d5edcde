import { describe, expect, it } from 'vitest';
import { MAX_RUNS, ModelRuns } from '../../src/client/model-runs.svelte';
import type { Workbench } from '../../src/client/workbench.svelte';
import { defaultPrepConfig, type RunResult } from '../../src/engine/index';

const prep = { metrics: ['cpu_pct'], config: defaultPrepConfig() };
const result = (seed: number) =>
  ({
    fitted: { detector: { type: 'iforest', version: 1, params: { seed }, state: null } },
  }) as unknown as RunResult;

describe('ModelRuns.adopt', () => {
  it('adds a run fitted elsewhere to the front of the history, keeping at most MAX_RUNS', () => {
    const runs = new ModelRuns({} as Workbench);
    const first = runs.adopt({ type: 'iforest', params: { nEstimators: 50 } }, result(3), {
      prep,
      dataFp: 'd',
      prepFp: 'p',
    });
    expect(first).toMatchObject({ dataFp: 'd', prepFp: 'p', seed: 3, detector: { type: 'iforest' } });
    expect(runs.history[0]).toBe(first);
    expect(runs.leaderboard('p')).toHaveLength(1);
    for (let i = 0; i < MAX_RUNS + 2; i++)
      runs.adopt({ type: 'iforest', params: {} }, result(i), { prep, dataFp: 'd', prepFp: 'p' });
    expect(runs.history).toHaveLength(MAX_RUNS);
    expect(runs.history.includes(first)).toBe(false);
    expect(new Set(runs.history.map((r) => r.id)).size).toBe(MAX_RUNS);
  });

  it('summarizes searched reals to 4 significant digits', () => {
    expect(
      ModelRuns.paramSummary({
        type: 'iforest',
        params: { nEstimators: 289, maxFeatures: 0.7419703450286761 },
      }),
    ).toBe('nEstimators 289, maxFeatures 0.742');
    expect(ModelRuns.paramSummary({ type: 'iforest', params: { nEstimators: 100 } })).toBe('defaults');
  });
});

describe('ModelRuns.train', () => {
  it('keeps a run cancelled after its worker finished (while the engine completes it) off the board', async () => {
    let completed = 0;
    const set = { key: 'k', X: { data: new Float64Array(4), rows: 2, cols: 2 }, context: {}, testRows: 1 };
    const wb = {
      data: {},
      fpData: 'd',
      fpPrep: 'p',
      status: () => 'done',
      prepSettings: () => prep,
      engine: {
        trainingSet: async () => set,
        completeRun: async () => {
          completed++;
          runs.cancel(runs.jobs[0].id); // the user's Cancel lands now
          return result(1);
        },
      },
    } as unknown as Workbench;
    const runs = new ModelRuns(wb);
    const pool = {
      size: 1,
      run: () => ({
        result: Promise.resolve({ detector: result(1).fitted.detector, seconds: 0.1 }),
        cancel: () => {},
      }),
    };
    (runs as unknown as { trainerPool: () => typeof pool }).trainerPool = () => pool;
    const done = await runs.train([{ type: 'iforest', params: {} }]);
    expect(completed).toBe(1);
    expect(done).toEqual([]);
    expect(runs.history).toHaveLength(0);
    expect(runs.jobs).toHaveLength(0);
  });
});
