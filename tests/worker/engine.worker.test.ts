import '@vitest/web-worker';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { defaultPrepConfig } from '../../src/engine/index';
import type { EngineApi } from '../../src/worker/engine.worker';

// One smoke test through the real worker module and comlink (run in-thread by @vitest/web-worker);
// real threading is covered by the end-to-end tests in Chromium.
describe('engine worker', () => {
  it('loads, prepares, trains with progress and evaluates through comlink', async () => {
    const worker = new Worker(new URL('../../src/worker/engine.worker.ts', import.meta.url), {
      type: 'module',
    });
    const api = Comlink.wrap<EngineApi>(worker);
    const info = await api.load({ kind: 'demo', days: 2, instances: 2, seed: 3 }, {}, []);
    expect(info.rows).toBe(2 * 288 * 2);
    const prep = {
      metrics: info.schema.metrics,
      config: { ...defaultPrepConfig(), features: 'raw' as const },
    };
    expect((await api.prepare(prep)).featureNames).toEqual(info.schema.metrics);
    const progress: number[] = [];
    const trained = await api.train(
      { prep, detector: { type: 'iforest', params: { nEstimators: 20 } } },
      Comlink.proxy((f: number) => void progress.push(f)),
    );
    expect(trained.fitted.detector.type).toBe('iforest');
    expect(progress.length).toBeGreaterThan(0);
    const ev = await api.evaluate();
    expect(ev.testScores.length).toBe(trained.testRows);
    await expect(api.load({ kind: 'csv', name: 'bad.csv', text: 'a\n' }, {}, [])).rejects.toThrow(/bad\.csv/);
    worker.terminate();
  });
});
