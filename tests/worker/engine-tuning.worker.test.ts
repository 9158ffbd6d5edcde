import '@vitest/web-worker';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { createDetector, defaultPrepConfig } from '../../src/engine/index';
import type { EngineApi } from '../../src/worker/engine.worker';

describe('engine worker, for the hyperparameter search', () => {
  it('hands out the training labels with the rows and measures the label-free criteria', async () => {
    const worker = new Worker(new URL('../../src/worker/engine.worker.ts', import.meta.url), {
      type: 'module',
    });
    const api = Comlink.wrap<EngineApi>(worker);
    const info = await api.load({ kind: 'demo', days: 3, instances: 2, seed: 3 }, {}, []);
    const prep = {
      metrics: info.schema.metrics.slice(0, 3),
      config: { ...defaultPrepConfig(), features: 'raw' as const },
    };
    const set = await api.trainingSet(prep);
    expect(set.labels?.length).toBe(set.X.rows);
    expect(set.validationRows).toBeGreaterThan(1);
    const det = await createDetector('kmeans', { k: 3 }).fit(set.X);
    const c = await api.tuningCriteria(prep, det.toJSON(), { draws: 2, uniformPoints: 1000, seed: 1 });
    expect(c.groups).toBe(1);
    expect(c.em).toBeGreaterThan(0);
    worker.terminate();
  });
});
