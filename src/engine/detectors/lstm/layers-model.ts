import * as tf from '@tensorflow/tfjs';
import type { LstmAeShape } from './weights';

/**
 * The autoencoder as plain TensorFlow.js layers: encoder LSTMs (the last returns its final state), a
 * dense layer to the latent vector, RepeatVector over the window, decoder LSTMs returning sequences and
 * a time-distributed dense layer back to the features. Sigmoid gates as in PyTorch (TensorFlow.js
 * defaults to a hard sigmoid). `weights` (in `weightSpecs` order) are set on it; without them it is all zeros.
 */
export function buildLayersModel(
  shape: LstmAeShape,
  window: number,
  weights?: readonly tf.Tensor[],
): tf.LayersModel {
  const { features, units, layers, latent } = shape;
  const lstm = (returnSequences: boolean, inputShape?: number[]): tf.layers.Layer =>
    tf.layers.lstm({
      units,
      returnSequences,
      recurrentActivation: 'sigmoid',
      // The weights come from `initialWeights` (seeded); the layer's own orthogonal init is slow and unseeded.
      kernelInitializer: 'zeros',
      recurrentInitializer: 'zeros',
      ...(inputShape ? { inputShape } : {}),
    });
  const model = tf.sequential();
  for (let l = 0; l < layers; l++) model.add(lstm(l < layers - 1, l ? undefined : [window, features]));
  model.add(tf.layers.dense({ units: latent, kernelInitializer: 'zeros' }));
  model.add(tf.layers.repeatVector({ n: window }));
  for (let l = 0; l < layers; l++) model.add(lstm(true));
  model.add(
    tf.layers.timeDistributed({ layer: tf.layers.dense({ units: features, kernelInitializer: 'zeros' }) }),
  );
  if (weights) model.setWeights([...weights]);
  return model;
}
