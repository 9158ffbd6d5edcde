import '@vitest/web-worker';
import { describe, expect, it } from 'vitest';
import { TrainerPool } from '../../src/client/trainer-pool';
import { defaultPrepConfig, loadDetector, WorkbenchSession } from '../../src/engine/index';

// One smoke test through the real trainer worker module and comlink (in-thread under @vitest/web-worker).
describe('trainer pool and worker', () => {
  it('hands the training labels to fit, so an ensemble weighs its members by PR-AUC', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 6, instances: 3, seed: 1 });
    const prep = {
      metrics: ['cpu_pct', 'mem_pct'],
      config: { ...defaultPrepConfig(), features: 'raw' as const },
    };
    const set = s.trainingSet(prep);
    expect(set.labels?.length).toBe(set.X.rows);
    const pool = new TrainerPool(1);
    const params = {
      members: [{ type: 'iforest', params: { nEstimators: 20 } }, { type: 'kmeans' }],
      weights: 'pr-auc',
    };
    const run = (labels?: Float64Array) =>
      pool.run({ X: set.X, context: set.context, type: 'ensemble', params, labels, onProgress: () => {} })
        .result;
    const weighted = await run(set.labels);
    const equal = await run();
    pool.dispose();
    expect((weighted.detector.state as { weightSource: string }).weightSource).toBe('pr-auc');
    expect((equal.detector.state as { weightSource: string }).weightSource).toBe('equal');
    // The fitted model the page gets back scores like any other.
    expect(loadDetector(weighted.detector).score(set.X).length).toBe(set.X.rows);
  });
});
