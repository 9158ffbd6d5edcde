import * as tf from '@tensorflow/tfjs';
import { fusedLstm } from './fused-lstm';
import { buildLayersModel } from './layers-model';
import { weightSpecs, type LstmAeShape } from './weights';

/** The autoencoder with its weights on the backend, whichever implementation runs it. */
export interface AeNetwork {
  /** The trainable weights, in `weightSpecs` order. */
  readonly variables: tf.Variable[];
  /** The reconstruction of a batch of windows [batch, window, features]. */
  reconstruct(x: tf.Tensor3D): tf.Tensor3D;
  /** Frees the weights (and the layers model). */
  dispose(): void;
}

/** Weights in `weightSpecs` order as tensors of their shapes. */
export function weightTensors(shape: LstmAeShape, weights: readonly ArrayLike<number>[]): tf.Tensor[] {
  return weightSpecs(shape).map((spec, k) => tf.tensor(Float32Array.from(weights[k]), spec.shape));
}

/**
 * The reconstruction with the fused LSTM kernel, from weight tensors in `weightSpecs` order (variables
 * when training, plain tensors when scoring).
 */
export function fusedReconstruct(shape: LstmAeShape, w: readonly tf.Tensor[], x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, steps] = x.shape;
    const { layers, units, features } = shape;
    const lstm = (k: number, input: tf.Tensor, repeatInput: boolean, returnSequences: boolean): tf.Tensor =>
      fusedLstm(input, w[k] as tf.Tensor2D, w[k + 1] as tf.Tensor2D, w[k + 2] as tf.Tensor1D, {
        steps,
        repeatInput,
        returnSequences,
        inputGradient: input !== x,
      });
    let h: tf.Tensor = x;
    let k = 0;
    for (let l = 0; l < layers; l++, k += 3) h = lstm(k, h, false, l < layers - 1);
    h = tf.add(tf.matMul(h as tf.Tensor2D, w[k] as tf.Tensor2D), w[k + 1]);
    k += 2;
    for (let l = 0; l < layers; l++, k += 3) h = lstm(k, h, l === 0, true);
    const flat = tf.reshape(h, [batch * steps, units]);
    const y = tf.add(tf.matMul(flat as tf.Tensor2D, w[k] as tf.Tensor2D), w[k + 1]);
    return tf.reshape(y, [batch, steps, features]);
  });
}

/** The network on the fused LSTM kernel, its weights as variables. */
export function fusedNetwork(shape: LstmAeShape, weights: readonly ArrayLike<number>[]): AeNetwork {
  const initial = weightTensors(shape, weights);
  const variables = initial.map((t) => tf.variable(t, true));
  initial.forEach((t) => t.dispose());
  return {
    variables,
    reconstruct: (x) => fusedReconstruct(shape, variables, x),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** The network as TensorFlow.js layers (see `buildLayersModel`). */
export function layersNetwork(
  shape: LstmAeShape,
  window: number,
  weights: readonly ArrayLike<number>[],
): AeNetwork {
  const initial = weightTensors(shape, weights);
  const model = buildLayersModel(shape, window, initial);
  initial.forEach((t) => t.dispose());
  // The model's weights in its own order, which is `weightSpecs` order (checked by a test).
  const variables = model.weights.map((w) => w.read() as tf.Variable);
  return {
    variables,
    reconstruct: (x) => model.apply(x, { training: true }) as tf.Tensor3D,
    dispose: () => model.dispose(),
  };
}
