import type { Random } from '../../util/random';

/** The sizes that fix the network's weight shapes. */
export interface LstmAeShape {
  /** Feature columns (input and output width). */
  features: number;
  units: number;
  layers: number;
  latent: number;
}

/** One weight array of the network: its name, shape and kind (how it is initialised). */
export interface WeightSpec {
  name: string;
  shape: number[];
  kind: 'kernel' | 'recurrent' | 'lstm-bias' | 'bias';
}

function lstmSpecs(prefix: string, inputs: number, units: number): WeightSpec[] {
  return [
    { name: `${prefix}.kernel`, shape: [inputs, 4 * units], kind: 'kernel' },
    { name: `${prefix}.recurrent`, shape: [units, 4 * units], kind: 'recurrent' },
    { name: `${prefix}.bias`, shape: [4 * units], kind: 'lstm-bias' },
  ];
}

/**
 * The network's weights in order: per encoder LSTM layer its input kernel [in, 4 units], recurrent
 * kernel [units, 4 units] and bias [4 units] (gates in TensorFlow.js's and PyTorch's order: input,
 * forget, cell, output); the latent dense layer [units, latent] and bias; per decoder layer the same
 * three; the output dense layer [units, features] and bias. This is also the order of a TensorFlow.js
 * `LayersModel.getWeights()` for the same architecture.
 */
export function weightSpecs(s: LstmAeShape): WeightSpec[] {
  const specs: WeightSpec[] = [];
  for (let l = 0; l < s.layers; l++)
    specs.push(...lstmSpecs(`encoder${l}`, l ? s.units : s.features, s.units));
  specs.push({ name: 'latent.kernel', shape: [s.units, s.latent], kind: 'kernel' });
  specs.push({ name: 'latent.bias', shape: [s.latent], kind: 'bias' });
  for (let l = 0; l < s.layers; l++) specs.push(...lstmSpecs(`decoder${l}`, l ? s.units : s.latent, s.units));
  specs.push({ name: 'output.kernel', shape: [s.units, s.features], kind: 'kernel' });
  specs.push({ name: 'output.bias', shape: [s.features], kind: 'bias' });
  return specs;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fan in + fan out)), Keras's kernel default. */
function glorotUniform(rows: number, cols: number, rng: Random): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, () => rng.uniform(-limit, limit));
}

/** A [rows, cols] matrix (rows <= cols) with orthonormal rows: Gram-Schmidt on normal draws. */
function orthogonalRows(rows: number, cols: number, rng: Random): Float32Array {
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = q.subarray(i * cols, (i + 1) * cols);
    // A draw (nearly) inside the span of the previous rows is redrawn rather than normalised.
    for (let attempt = 0; ; attempt++) {
      for (let j = 0; j < cols; j++) r[j] = rng.normal();
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < i; k++) {
          const p = q.subarray(k * cols, (k + 1) * cols);
          let dot = 0;
          for (let j = 0; j < cols; j++) dot += r[j] * p[j];
          for (let j = 0; j < cols; j++) r[j] -= dot * p[j];
        }
      }
      let norm = 0;
      for (let j = 0; j < cols; j++) norm += r[j] * r[j];
      norm = Math.sqrt(norm);
      if (norm > 1e-6 || attempt > 10) {
        for (let j = 0; j < cols; j++) r[j] /= norm || 1;
        break;
      }
    }
  }
  return Float32Array.from(q);
}

/**
 * Seeded initial weights, Keras's LSTM defaults: Glorot-uniform kernels, orthogonal recurrent kernels,
 * zero biases except 1 for the forget gate (so the cell remembers from the start).
 */
export function initialWeights(shape: LstmAeShape, rng: Random): Float32Array[] {
  return weightSpecs(shape).map((spec) => {
    const [rows, cols] = spec.shape;
    switch (spec.kind) {
      case 'kernel':
        return glorotUniform(rows, cols, rng);
      case 'recurrent':
        return orthogonalRows(rows, cols, rng);
      case 'lstm-bias': {
        const units = rows / 4;
        return Float32Array.from({ length: rows }, (_, i) => (i >= units && i < 2 * units ? 1 : 0));
      }
      case 'bias':
        return new Float32Array(rows);
    }
  });
}

/** Throws unless `weights` has one finite array of the right length per spec. */
export function checkWeights(type: string, specs: readonly WeightSpec[], weights: unknown): void {
  const bad = (why: string): never => {
    throw new Error(`${type}: invalid fitted state: ${why}`);
  };
  if (!Array.isArray(weights) || weights.length !== specs.length) {
    bad(`'weights' must hold ${specs.length} arrays`);
  }
  const list = weights as unknown[];
  specs.forEach((spec, k) => {
    const w = list[k];
    const n = sizeOf(spec.shape);
    if (!Array.isArray(w) || w.length !== n) bad(`weight '${spec.name}' must hold ${n} numbers`);
    for (const v of w as unknown[]) {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`weight '${spec.name}' has a non-finite entry`);
    }
  });
}
