import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packArrays } from '../../../src/engine/bundle/packed-arrays';
import { LstmAutoencoder, type LstmAeState } from '../../../src/engine/detectors/lstm-ae';
import { ensureBackend, useBackend } from '../../../src/engine/detectors/lstm/backend';
import { loadDetector } from '../../../src/engine/detectors/registry';
import '../../../src/engine/detectors/index';
import type { Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

/** Two metrics following a daily-like cycle of `period` rows plus noise; rows in `odd` run flat. */
function cycles(rows: number, seed: number, odd: readonly [number, number][] = [], period = 12): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    const flat = odd.some(([a, b]) => i >= a && i < b);
    const phase = (2 * Math.PI * i) / period;
    data[2 * i] = (flat ? 0 : Math.sin(phase)) + 0.05 * rng.normal();
    data[2 * i + 1] = (flat ? 0.5 : Math.cos(phase)) + 0.05 * rng.normal();
  }
  return { data, rows, cols: 2 };
}

const SMALL = { units: 12, latent: 4, window: 12, batchSize: 32, learningRate: 0.01, seed: 1 };

let backend = '';
beforeAll(async () => {
  backend = await ensureBackend();
});
afterAll(async () => {
  await useBackend([backend]);
});

describe('LSTM autoencoder', () => {
  it('learns a cycle: the loss falls and a broken stretch scores above normal rows', async () => {
    const logs: { loss: number; valLoss: number }[] = [];
    const det = await new LstmAutoencoder({ ...SMALL, epochs: 12, patience: 0 }).fit(cycles(480, 1), {
      onEpoch: (e) => logs.push(e),
    });
    expect(logs.length).toBe(12);
    expect(logs[11].loss).toBeLessThan(0.5 * logs[0].loss);
    expect(logs[11].valLoss).toBeLessThan(0.5 * logs[0].valLoss);
    const test = cycles(240, 2, [[150, 162]]);
    const s = det.score(test);
    const normal = Array.from(s.subarray(24, 140)).sort((a, b) => a - b);
    const p95 = normal[Math.floor(0.95 * normal.length)];
    const broken = Array.from(s.subarray(152, 162));
    expect(broken.filter((v) => v > p95).length).toBeGreaterThanOrEqual(7);
  });

  it('scores a row by its own error (last) or the mean over its window (window)', async () => {
    const X = cycles(120, 3);
    const last = await new LstmAutoencoder({ ...SMALL, epochs: 1 }).fit(X);
    const json = last.toJSON();
    const windowed = loadDetector({ ...json, params: { ...json.params, rowScore: 'window' } });
    const a = last.score(X);
    const b = windowed.score(X);
    // The first row's window is 12 copies of itself: every step reconstructs the same row, so the
    // window mean differs from the last step only through the decoder's position in the sequence.
    expect(a.every((v) => v >= 0) && b.every((v) => v >= 0)).toBe(true);
    expect(Array.from(b)).not.toEqual(Array.from(a));
    // With 'window', a spike stays in the windows of the rows after it: their scores rise together.
    const spiked = { ...X, data: Float64Array.from(X.data) };
    spiked.data[2 * 60] += 6;
    const sa = last.score(spiked);
    const sb = windowed.score(spiked);
    expect(sa[60] / a[60]).toBeGreaterThan(10);
    for (let r = 61; r < 72; r++)
      expect(sb[r], `row ${r}`).toBeGreaterThan(b[r] + (0.5 * (sb[60] - b[60])) / 12);
    expect(sb[72]).toBeCloseTo(b[72], 5);
  });

  it('scores entities shorter than the window from padded windows', async () => {
    const det = await new LstmAutoencoder({ ...SMALL, epochs: 1 }).fit(cycles(60, 4));
    const s = det.score(cycles(5, 5));
    expect(s.length).toBe(5);
    expect(s.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('keeps memory flat across epochs and frees every tensor after fit', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await new LstmAutoencoder({ ...SMALL, epochs: 4, patience: 0 }).fit(cycles(200, 6), {
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.length).toBe(4);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const layers = await new LstmAutoencoder({ ...SMALL, epochs: 2, kernel: 'layers' }).fit(cycles(100, 6));
    expect(tf.memory().numTensors).toBe(before);
    layers.score(cycles(30, 7));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within one batch of a cancel and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const ctrl = new AbortController();
    let afterAbort = 0;
    const det = new LstmAutoencoder({ ...SMALL, epochs: 50, batchSize: 8 });
    const fit = det.fit(cycles(400, 8), {
      signal: ctrl.signal,
      onProgress: (f) => {
        if (ctrl.signal.aborted) afterAbort++;
        if (f > 0.01 && f < 1) ctrl.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(afterAbort).toBeLessThanOrEqual(1);
    expect(det.fitted).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops early on the validation tail and keeps the best epoch', async () => {
    const rng = createRandom(9);
    const noise: Matrix = {
      data: Float64Array.from({ length: 400 }, () => rng.normal()),
      rows: 200,
      cols: 2,
    };
    const det = await new LstmAutoencoder({ ...SMALL, learningRate: 0.05, epochs: 60, patience: 2 }).fit(
      noise,
    );
    const s = det.toJSON().state as LstmAeState;
    expect(s.loss.length).toBeLessThan(60);
    expect(s.validationWindows).toBe(20);
    const val = s.valLoss as number[];
    expect(s.keptEpoch).toBe(val.indexOf(Math.min(...val)) + 1);
    expect(s.loss.length).toBe(s.keptEpoch + 2);
    expect(det.notes().join(' ')).toMatch(/stopped early; kept epoch \d+/);
  });

  it('samples at most maxWindows windows and says so', async () => {
    const det = await new LstmAutoencoder({ ...SMALL, epochs: 1, maxWindows: 50 }).fit(cycles(300, 10));
    const s = det.toJSON().state as LstmAeState;
    expect([s.trainRows, s.windows, s.validationWindows]).toEqual([300, 50, 5]);
    expect(det.notes().join(' ')).toMatch(/random sample of 50 of the 300 usable windows.*maxWindows/);
  });

  it("leaves out windows holding a labelled anomaly with trainOn 'normal', and says so", async () => {
    const X = cycles(120, 12, [[60, 64]]);
    const labels = Float64Array.from({ length: 120 }, (_, i) => (i >= 60 && i < 64 ? 1 : 0));
    const normal = await new LstmAutoencoder({ ...SMALL, epochs: 1 }).fit(X, { labels });
    const s = normal.toJSON().state as LstmAeState;
    // Windows of 12 rows ending at rows 60..75 read a labelled row.
    expect([s.trainRows, s.anomalousWindows, s.windows]).toEqual([120, 15, 105]);
    expect(normal.notes().join(' ')).toMatch(/15 of the 120 training rows' windows hold a labelled anomaly/);
    const all = await new LstmAutoencoder({ ...SMALL, epochs: 1, trainOn: 'all' }).fit(X, { labels });
    expect((all.toJSON().state as LstmAeState).windows).toBe(120);
    const every = new Float64Array(120).fill(1);
    await expect(new LstmAutoencoder({ ...SMALL, epochs: 1 }).fit(X, { labels: every })).rejects.toThrow(
      /every training window holds a labelled anomaly/,
    );
  });

  it('stores float32 weights that a bundle packs as binary', async () => {
    const det = await new LstmAutoencoder({ ...SMALL, epochs: 1 }).fit(cycles(60, 11));
    const s = det.toJSON().state as LstmAeState;
    expect(s.weights.every((w) => w.every((v) => Math.fround(v) === v))).toBe(true);
    const packed = JSON.stringify(packArrays(s));
    expect(packed).toContain('"$f32"');
    expect(packed.length).toBeLessThan(0.5 * JSON.stringify(s).length);
  });

  it('trains the same network with the fused kernel and with TensorFlow.js layers', async () => {
    const X = cycles(150, 12);
    const fused = await new LstmAutoencoder({ ...SMALL, epochs: 2 }).fit(X);
    const layers = await new LstmAutoencoder({ ...SMALL, epochs: 2, kernel: 'layers' }).fit(X);
    const a = fused.score(X);
    const b = layers.score(X);
    for (let i = 0; i < X.rows; i++)
      expect(Math.abs(a[i] - b[i]), `row ${i}`).toBeLessThan(1e-4 * (1 + a[i]));
  });

  it('gives the same scores on the CPU backend as on the one it trained on, within 1e-4', async () => {
    const X = cycles(150, 13);
    const det = await new LstmAutoencoder({ ...SMALL, epochs: 2 }).fit(X);
    const here = det.score(X);
    await useBackend(['cpu']);
    const cpu = loadDetector(JSON.parse(JSON.stringify(det.toJSON()))).score(X);
    await useBackend([backend]);
    for (let i = 0; i < X.rows; i++)
      expect(Math.abs(cpu[i] - here[i]), `row ${i}`).toBeLessThan(1e-4 * (1 + here[i]));
  });

  it('refuses bad params and a malformed state with errors naming them', () => {
    expect(() => new LstmAutoencoder({ units: 0 })).toThrow(/'units' must be an integer in \[1, 512\]/);
    expect(() => new LstmAutoencoder({ rowScore: 'max' })).toThrow(
      /'rowScore' must be one of 'last', 'window'/,
    );
    expect(() => new LstmAutoencoder({ learningRate: 0 })).toThrow(/'learningRate' must be in \(0, 1\]/);
    expect(() => new LstmAutoencoder({ depth: 2 })).toThrow(/unknown parameter 'depth'/);
    expect(() =>
      loadDetector({ type: 'lstm-ae', version: 1, params: {}, state: { nFeatures: 2, weights: [[1]] } }),
    ).toThrow(/lstm-ae: invalid fitted state: 'weights' must hold 10 arrays/);
  });
});
