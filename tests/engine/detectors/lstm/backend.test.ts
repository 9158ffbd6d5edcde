import { describe, expect, it } from 'vitest';
import { prepareDetector, relativeTolerance } from '../../../../src/engine/detectors/index';
import { lstmAeFactory, type LstmAeState } from '../../../../src/engine/detectors/lstm-ae';
import { lstmRuntime } from '../../../../src/engine/detectors/lstm/runtime-loader';
import { initialWeights } from '../../../../src/engine/detectors/lstm/weights';
import { createRandom } from '../../../../src/engine/util/random';

const params = { units: 6, latent: 3, window: 5 };
const state: LstmAeState = {
  nFeatures: 2,
  weights: initialWeights({ features: 2, units: 6, layers: 1, latent: 3 }, createRandom(1)).map((w) =>
    Array.from(w),
  ),
  trainRows: 10,
  anomalousWindows: 0,
  windows: 10,
  validationWindows: 1,
  loss: [1],
  valLoss: [1],
  keptEpoch: 1,
  backend: 'wasm',
  kernel: 'fused',
};
const json = { type: 'lstm-ae', version: 1, params, state };

describe('loading TensorFlow.js on demand', () => {
  it('refuses to score before the runtime is loaded, then scores on WASM, equal to CPU within 1e-4', async () => {
    // Each test file runs in its own process: nothing has loaded TensorFlow.js here yet.
    expect(lstmRuntime()).toBeNull();
    const det = lstmAeFactory.fromJSON(json);
    const rng = createRandom(2);
    const X = { data: Float64Array.from({ length: 40 }, () => rng.normal()), rows: 20, cols: 2 };
    expect(() => det.score(X)).toThrow(/not loaded yet; await prepareDetector/);
    await prepareDetector(json);
    const rt = lstmRuntime();
    expect(rt?.activeBackend()).toBe('wasm');
    const wasm = det.score(X);
    await rt?.useBackend(['cpu']);
    const cpu = det.score(X);
    await rt?.useBackend(['wasm']);
    expect(relativeTolerance(json)).toBe(1e-4);
    for (let i = 0; i < X.rows; i++) expect(Math.abs(wasm[i] - cpu[i])).toBeLessThan(1e-4 * (1 + cpu[i]));
  });
});
