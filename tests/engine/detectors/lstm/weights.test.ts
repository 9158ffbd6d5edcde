import { describe, expect, it } from 'vitest';
import { sigmoid32, tanh32 } from '../../../../src/engine/detectors/lstm/activations';
import {
  checkWeights,
  initialWeights,
  sizeOf,
  weightSpecs,
  type LstmAeShape,
} from '../../../../src/engine/detectors/lstm/weights';
import { createRandom } from '../../../../src/engine/util/random';

const shape: LstmAeShape = { features: 3, units: 6, layers: 2, latent: 4 };

describe('weightSpecs', () => {
  it('lists encoder, latent, decoder and output weights with their shapes', () => {
    expect(weightSpecs(shape).map((s) => `${s.name} ${s.shape.join('x')}`)).toEqual([
      'encoder0.kernel 3x24',
      'encoder0.recurrent 6x24',
      'encoder0.bias 24',
      'encoder1.kernel 6x24',
      'encoder1.recurrent 6x24',
      'encoder1.bias 24',
      'latent.kernel 6x4',
      'latent.bias 4',
      'decoder0.kernel 4x24',
      'decoder0.recurrent 6x24',
      'decoder0.bias 24',
      'decoder1.kernel 6x24',
      'decoder1.recurrent 6x24',
      'decoder1.bias 24',
      'output.kernel 6x3',
      'output.bias 3',
    ]);
  });
});

describe('initialWeights', () => {
  const specs = weightSpecs(shape);
  const w = initialWeights(shape, createRandom(3));

  it('is seeded', () => {
    expect(initialWeights(shape, createRandom(3)).map((a) => Array.from(a))).toEqual(
      w.map((a) => Array.from(a)),
    );
    expect(Array.from(initialWeights(shape, createRandom(4))[0])).not.toEqual(Array.from(w[0]));
  });

  it('follows Keras: Glorot-uniform kernels, orthogonal recurrent kernels, forget bias 1', () => {
    specs.forEach((spec, k) => {
      expect(w[k].length, spec.name).toBe(sizeOf(spec.shape));
      if (spec.kind === 'kernel') {
        const limit = Math.sqrt(6 / (spec.shape[0] + spec.shape[1]));
        expect(Math.max(...Array.from(w[k], Math.abs)), spec.name).toBeLessThanOrEqual(limit);
      }
      if (spec.kind === 'recurrent') {
        const [rows, cols] = spec.shape;
        for (let a = 0; a < rows; a++) {
          for (let b = 0; b < rows; b++) {
            let dot = 0;
            for (let c = 0; c < cols; c++) dot += w[k][a * cols + c] * w[k][b * cols + c];
            expect(dot, `${spec.name} rows ${a}.${b}`).toBeCloseTo(a === b ? 1 : 0, 5);
          }
        }
      }
      if (spec.kind === 'lstm-bias') {
        const u = spec.shape[0] / 4;
        expect(Array.from(w[k])).toEqual(
          Array.from({ length: 4 * u }, (_, i) => (i >= u && i < 2 * u ? 1 : 0)),
        );
      }
    });
  });

  it('passes checkWeights as plain arrays, and checkWeights names what is wrong', () => {
    const plain = w.map((a) => Array.from(a));
    expect(() => checkWeights('lstm-ae', specs, plain)).not.toThrow();
    expect(() => checkWeights('lstm-ae', specs, plain.slice(1))).toThrow(/must hold 16 arrays/);
    const short = plain.map((a, k) => (k === 2 ? a.slice(1) : a));
    expect(() => checkWeights('lstm-ae', specs, short)).toThrow(/encoder0\.bias' must hold 24 numbers/);
    const nan = plain.map((a, k) => (k === 6 ? [NaN, ...a.slice(1)] : a));
    expect(() => checkWeights('lstm-ae', specs, nan)).toThrow(/latent\.kernel' has a non-finite entry/);
  });
});

describe('float32 activations', () => {
  it('match tanh and the sigmoid within 3e-7', () => {
    let tanhErr = 0;
    let sigmoidErr = 0;
    for (let x = -30; x <= 30; x += 0.00173) {
      tanhErr = Math.max(tanhErr, Math.abs(tanh32(x) - Math.tanh(x)));
      sigmoidErr = Math.max(sigmoidErr, Math.abs(sigmoid32(x) - 1 / (1 + Math.exp(-x))));
    }
    expect(tanhErr).toBeLessThan(3e-7);
    expect(sigmoidErr).toBeLessThan(2e-7);
    expect(tanh32(0)).toBe(0);
    expect(tanh32(-1.5)).toBe(-tanh32(1.5));
  });
});
