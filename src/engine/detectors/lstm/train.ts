import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../../util/matrix';
import type { Random } from '../../util/random';
import { throwIfAborted, yieldToEventLoop, type EpochLog } from '../detector';
import type { AeNetwork } from './network';
import { gatherWindows, type WindowIndex } from './windows';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a lower validation loss before stopping; 0 never stops early. */
  patience: number;
  /** Shuffles the training windows before every epoch. */
  rng: Random;
  signal?: AbortSignal;
  /** Fraction done in [0, 1], after every batch. */
  onProgress?: (fraction: number) => void;
  onEpoch?: (log: EpochLog) => void;
}

export interface TrainResult {
  /** The kept weights in `weightSpecs` order: the best validation epoch's, else the last epoch's. */
  weights: Float32Array[];
  loss: number[];
  valLoss: number[];
  /** 1-based epoch whose weights were kept. */
  keptEpoch: number;
}

const YIELD_EVERY_MS = 40;
/** Windows per forward pass when measuring the validation loss. */
const EVAL_BATCH = 256;

const range = (from: number, to: number): Int32Array =>
  Int32Array.from({ length: to - from }, (_, i) => from + i);

/** Mean squared reconstruction error of windows `picks`, forward passes only. */
export function meanLoss(net: AeNetwork, X: Matrix, index: WindowIndex, picks: Int32Array): number {
  if (picks.length === 0) return NaN;
  let sum = 0;
  for (let from = 0; from < picks.length; from += EVAL_BATCH) {
    const part = picks.subarray(from, Math.min(picks.length, from + EVAL_BATCH));
    const x = tf.tensor3d(gatherWindows(X, index, part), [part.length, index.length, X.cols]);
    sum += tf.tidy(() => tf.sum(tf.squaredDifference(net.reconstruct(x), x)).dataSync()[0]);
    x.dispose();
  }
  return sum / (picks.length * index.length * X.cols);
}

/**
 * Trains with Adam on the mean squared reconstruction error: windows [0, trainCount) of `index` are
 * shuffled into batches every epoch, the rest are the validation tail. Early stopping keeps the weights
 * of the epoch with the lowest validation loss. Rejects with an AbortError within one batch of the
 * signal firing; every tensor it made is freed either way.
 */
export async function trainNetwork(
  net: AeNetwork,
  X: Matrix,
  index: WindowIndex,
  trainCount: number,
  o: TrainOptions,
): Promise<TrainResult> {
  const optimizer = tf.train.adam(o.learningRate);
  const order = range(0, trainCount);
  const validation = range(trainCount, index.ends.length);
  const batches = Math.ceil(trainCount / o.batchSize);
  const buffer = new Float32Array(o.batchSize * index.length * X.cols);
  const loss: number[] = [];
  const valLoss: number[] = [];
  const snapshot = (): Float32Array[] =>
    net.variables.map((v) => v.dataSync() as Float32Array).map((a) => a.slice());
  let kept: Float32Array[] | null = null;
  let keptEpoch = 0;
  let best = Infinity;
  let lastYield = performance.now();
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const started = performance.now();
      for (let i = order.length - 1; i > 0; i--) {
        const j = o.rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let sum = 0;
      for (let b = 0; b < batches; b++) {
        const part = order.subarray(b * o.batchSize, Math.min(trainCount, (b + 1) * o.batchSize));
        const data = gatherWindows(X, index, part, buffer.subarray(0, part.length * index.length * X.cols));
        const x = tf.tensor3d(data, [part.length, index.length, X.cols]);
        const cost = optimizer.minimize(
          () => tf.mean(tf.squaredDifference(net.reconstruct(x), x)) as tf.Scalar,
          true,
          net.variables,
        );
        sum += cost!.dataSync()[0] * part.length;
        cost!.dispose();
        x.dispose();
        o.onProgress?.((epoch + (b + 1) / batches) / o.epochs);
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        throwIfAborted(o.signal);
      }
      loss.push(sum / trainCount);
      const v = meanLoss(net, X, index, validation);
      valLoss.push(v);
      o.onEpoch?.({
        epoch: epoch + 1,
        epochs: o.epochs,
        loss: loss[epoch],
        valLoss: v,
        seconds: (performance.now() - started) / 1000,
      });
      if (o.patience > 0 && validation.length > 0) {
        if (v < best) {
          best = v;
          kept = snapshot();
          keptEpoch = epoch + 1;
        } else if (epoch + 1 - keptEpoch >= o.patience) {
          break;
        }
      }
    }
    o.onProgress?.(1);
    if (!kept) {
      kept = snapshot();
      keptEpoch = loss.length;
    }
    return { weights: kept, loss, valLoss, keptEpoch };
  } finally {
    optimizer.dispose();
  }
}
