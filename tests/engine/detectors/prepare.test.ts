import { describe, expect, it } from 'vitest';
import { createDetector, prepareDetector, relativeTolerance } from '../../../src/engine/detectors/index';
import { lstmRuntime } from '../../../src/engine/detectors/lstm/runtime-loader';
import { createRandom } from '../../../src/engine/util/random';

describe('prepareDetector and relativeTolerance', () => {
  it('loads nothing for the exact detectors, and TensorFlow.js for an ensemble with an LSTM member', async () => {
    // Each test file runs in its own process: nothing has loaded TensorFlow.js here yet.
    await prepareDetector('iforest');
    await prepareDetector({ type: 'ensemble', version: 1, params: {}, state: null });
    expect(lstmRuntime()).toBeNull();
    await prepareDetector({
      type: 'ensemble',
      version: 1,
      params: { members: ['iforest', 'lstm-ae'] },
      state: null,
    });
    expect(lstmRuntime()).not.toBeNull();
  });

  it('is 0 for exact detectors, 1e-4 for the LSTM and for an ensemble holding one', async () => {
    const rng = createRandom(4);
    const X = { data: Float64Array.from({ length: 300 }, () => rng.normal()), rows: 100, cols: 3 };
    const forest = await createDetector('iforest', { seed: 1 }).fit(X);
    expect(relativeTolerance(forest.toJSON())).toBe(0);
    const members = ['iforest', { type: 'lstm-ae', params: { units: 4, latent: 2, window: 4, epochs: 1 } }];
    const ens = await createDetector('ensemble', { members, weights: 'equal' }).fit(X);
    expect(relativeTolerance(ens.toJSON())).toBe(1e-4);
    expect(relativeTolerance({ ...ens.toJSON(), state: null })).toBe(0);
  });
});
