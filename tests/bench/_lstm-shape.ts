/**
 * The LSTM benchmark's reference shape and data, shared by the Node bench (lstm.ts), the browser bench
 * (lstm-browser.ts) and mirrored by tests/reference/lstm_epoch_torch.py: 2,000 sequences of 32 steps x 4
 * features, 32 units, latent 16, batch 64.
 */
import type { LstmAeShape } from '../../src/engine/detectors/lstm/weights';
import type { WindowIndex } from '../../src/engine/detectors/lstm/windows';
import type { Matrix } from '../../src/engine/util/matrix';
import { createRandom } from '../../src/engine/util/random';

export const SEQUENCES = 2000;
export const STEPS = 32;
export const SHAPE: LstmAeShape = { features: 4, units: 32, layers: 1, latent: 16 };
export const BATCH = 64;

/** The PyTorch script's data: each sequence a random phase of four sines plus noise, stacked as rows. */
export function sequences(): { X: Matrix; index: WindowIndex } {
  const rng = createRandom(0);
  const periods = [24, 12, 48, 8];
  const data = new Float64Array(SEQUENCES * STEPS * SHAPE.features);
  for (let s = 0; s < SEQUENCES; s++) {
    const phase = rng.uniform(0, 100);
    for (let t = 0; t < STEPS; t++) {
      for (let j = 0; j < SHAPE.features; j++) {
        data[(s * STEPS + t) * SHAPE.features + j] =
          Math.sin((2 * Math.PI * (t + phase)) / periods[j]) + 0.1 * rng.normal();
      }
    }
  }
  const rows = Int32Array.from({ length: SEQUENCES * STEPS }, (_, i) => i);
  const ends = Int32Array.from({ length: SEQUENCES }, (_, s) => s * STEPS + STEPS - 1);
  return { X: { data, rows: SEQUENCES * STEPS, cols: SHAPE.features }, index: { length: STEPS, rows, ends } };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
