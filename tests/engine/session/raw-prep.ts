import { defaultPrepConfig, type PrepSettings } from '../../../src/engine/index';

/**
 * The session tests' preparation: the demo's three core metrics as raw features, no selection, and a
 * per-instance 60 / 20 / 20 split unless another split is given.
 */
export function rawPrep(
  split: PrepSettings['config']['split'] = { train: 0.6, validation: 0.2, gap: 0, perEntity: true },
): PrepSettings {
  return {
    metrics: ['cpu_pct', 'mem_pct', 'latency_ms'],
    config: { ...defaultPrepConfig(), features: 'raw', selection: null, split },
  };
}
