import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../../src/engine/detectors/lstm/backend';
import { buildLayersModel } from '../../../../src/engine/detectors/lstm/layers-model';
import { fusedNetwork, layersNetwork } from '../../../../src/engine/detectors/lstm/network';
import { setSimdCells } from '../../../../src/engine/detectors/lstm/simd-cells';
import { initialWeights, weightSpecs, type LstmAeShape } from '../../../../src/engine/detectors/lstm/weights';
import { createRandom } from '../../../../src/engine/util/random';

const TOL = 1e-5;

function batch(seed: number, b: number, steps: number, features: number): tf.Tensor3D {
  const rng = createRandom(seed);
  return tf.tensor3d(
    Float32Array.from({ length: b * steps * features }, () => rng.normal()),
    [b, steps, features],
  );
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

beforeAll(async () => {
  await ensureBackend();
});

// 8 units run the cell arithmetic in WebAssembly SIMD, 5 units in JS; the third case forces JS for 8.
describe.each([
  { layers: 1, units: 8, latent: 3, features: 4, steps: 7, simd: true },
  { layers: 2, units: 5, latent: 6, features: 2, steps: 5, simd: true },
  { layers: 2, units: 8, latent: 6, features: 3, steps: 6, simd: false },
])(
  'fused LSTM kernel against TensorFlow.js layers ($layers layer(s), $units units, SIMD $simd)',
  ({ steps, simd, ...shape }) => {
    beforeAll(() => setSimdCells(simd));
    afterAll(() => setSimdCells(true));
    const s: LstmAeShape = shape;
    const weights = initialWeights(s, createRandom(4));
    // Trained-looking weights: the initial biases and orthogonal kernels alone leave some paths at zero.
    const rng = createRandom(5);
    for (const w of weights) for (let i = 0; i < w.length; i++) w[i] += 0.3 * rng.normal();

    it('orders its weights as the layers model does', () => {
      const model = buildLayersModel(s, steps);
      expect(model.getWeights().map((w) => w.shape)).toEqual(weightSpecs(s).map((w) => w.shape));
      model.dispose();
    });

    it('reconstructs the same windows within 1e-5', async () => {
      const x = batch(1, 6, steps, s.features);
      const fused = fusedNetwork(s, weights);
      const layers = layersNetwork(s, steps, weights);
      const a = tf.tidy(() => fused.reconstruct(x).dataSync());
      const b = tf.tidy(() => layers.reconstruct(x).dataSync());
      expect(maxAbsDiff(a, b)).toBeLessThan(TOL);
      fused.dispose();
      layers.dispose();
      x.dispose();
    });

    it('gives the same gradients of the loss for every weight within 1e-5', async () => {
      const x = batch(2, 5, steps, s.features);
      const grads = (net: ReturnType<typeof fusedNetwork>): Float32Array[] => {
        const { grads: g } = tf.variableGrads(
          () => tf.mean(tf.squaredDifference(net.reconstruct(x), x)) as tf.Scalar,
          net.variables,
        );
        const out = net.variables.map((v) => g[v.name].dataSync() as Float32Array);
        Object.values(g).forEach((t) => t.dispose());
        return out;
      };
      const fused = fusedNetwork(s, weights);
      const layers = layersNetwork(s, steps, weights);
      const a = grads(fused);
      const b = grads(layers);
      weightSpecs(s).forEach((spec, k) => {
        expect(maxAbsDiff(a[k], b[k]), spec.name).toBeLessThan(TOL);
        expect(Math.max(...Array.from(a[k], Math.abs)), spec.name).toBeGreaterThan(1e-4);
      });
      fused.dispose();
      layers.dispose();
      x.dispose();
    });
  },
);
