import type { ParamSpec } from '../detector';
import { checkContamination, checkInt, contaminationSpec, resolveParams } from '../params';

/** How a row's score comes out of the reconstruction of the window that ends at it. */
export type RowScore = 'last' | 'window';
/** Which implementation trains the network (both compute the same function). */
export type LstmKernel = 'fused' | 'layers';
/** The kernel parameter: one of the kernels, or 'auto' (layers on WebGL, fused elsewhere). */
export type KernelChoice = LstmKernel | 'auto';
/** Which training windows the network learns from. */
export type TrainOn = 'normal' | 'all';

/** LSTM autoencoder parameters. */
export interface LstmAeParams {
  /** Hidden units of every LSTM layer. */
  units: number;
  /** LSTM layers in the encoder, and as many in the decoder. */
  layers: number;
  /** Rows per window (time steps the network reads and reconstructs). */
  window: number;
  /** Width of the latent vector between encoder and decoder. */
  latent: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without a better validation loss before training stops; 0 trains every epoch. */
  patience: number;
  /** Training windows at most (a seeded random sample above it). */
  maxWindows: number;
  rowScore: RowScore;
  kernel: KernelChoice;
  /** 'normal': leave out windows holding a labelled anomaly (when the training rows have labels). */
  trainOn: TrainOn;
  contamination: number;
  seed: number;
}

export const LSTM_TYPE = 'lstm-ae';
export const ROW_SCORES: readonly RowScore[] = ['last', 'window'];
export const KERNELS: readonly KernelChoice[] = ['auto', 'fused', 'layers'];
export const TRAIN_ON: readonly TrainOn[] = ['normal', 'all'];

export const LSTM_DEFAULTS: Readonly<LstmAeParams> = Object.freeze({
  units: 32,
  layers: 1,
  window: 32,
  latent: 16,
  epochs: 20,
  batchSize: 64,
  learningRate: 0.001,
  patience: 3,
  maxWindows: 3000,
  rowScore: 'last',
  kernel: 'auto',
  trainOn: 'normal',
  contamination: 0.05,
  seed: 0,
});

/** Fills defaults and validates, with errors naming the parameter. */
export function resolveLstmParams(raw: Record<string, unknown> = {}): LstmAeParams {
  const p = resolveParams(
    LSTM_TYPE,
    { ...LSTM_DEFAULTS },
    { rowScore: ROW_SCORES, kernel: KERNELS, trainOn: TRAIN_ON },
    raw,
  );
  checkInt(LSTM_TYPE, 'units', p.units, 1, 512);
  checkInt(LSTM_TYPE, 'layers', p.layers, 1, 4);
  checkInt(LSTM_TYPE, 'window', p.window, 2, 512);
  checkInt(LSTM_TYPE, 'latent', p.latent, 1, 512);
  checkInt(LSTM_TYPE, 'epochs', p.epochs, 1, 10_000);
  checkInt(LSTM_TYPE, 'batchSize', p.batchSize, 1, 8192);
  checkInt(LSTM_TYPE, 'patience', p.patience, 0, 10_000);
  checkInt(LSTM_TYPE, 'maxWindows', p.maxWindows, 1, 10_000_000);
  checkInt(LSTM_TYPE, 'seed', p.seed, -(2 ** 31), 2 ** 32);
  if (!(p.learningRate > 0 && p.learningRate <= 1)) {
    throw new Error(`${LSTM_TYPE}: 'learningRate' must be in (0, 1], got ${p.learningRate}`);
  }
  checkContamination(LSTM_TYPE, p.contamination);
  return p;
}

export const LSTM_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'units',
    label: 'LSTM units',
    kind: 'int',
    default: LSTM_DEFAULTS.units,
    min: 1,
    max: 512,
    help:
      'Hidden units per LSTM layer. More units reconstruct richer patterns (and memorise anomalies more ' +
      'easily); training time grows with the square of the units.',
  },
  {
    name: 'layers',
    label: 'Layers per side',
    kind: 'int',
    default: LSTM_DEFAULTS.layers,
    min: 1,
    max: 4,
    help: 'Stacked LSTM layers in the encoder and as many in the decoder. One is usually enough for metrics.',
  },
  {
    name: 'window',
    label: 'Window (rows)',
    kind: 'int',
    default: LSTM_DEFAULTS.window,
    min: 2,
    max: 512,
    help:
      'Consecutive rows of one entity the network reads and reconstructs. It should span the pattern ' +
      'that defines normal behaviour (a few cycles of short seasonality); time per epoch grows linearly.',
  },
  {
    name: 'latent',
    label: 'Latent size',
    kind: 'int',
    default: LSTM_DEFAULTS.latent,
    min: 1,
    max: 512,
    help:
      'Width of the vector a window is squeezed through. Smaller forces the network to keep only the ' +
      'common shape of windows, so unusual ones reconstruct worse and score higher.',
  },
  {
    name: 'epochs',
    label: 'Epochs',
    kind: 'int',
    default: LSTM_DEFAULTS.epochs,
    min: 1,
    max: 10_000,
    help: 'Passes over the training windows at most; early stopping may end training sooner.',
  },
  {
    name: 'batchSize',
    label: 'Batch size',
    kind: 'int',
    default: LSTM_DEFAULTS.batchSize,
    min: 1,
    max: 8192,
    help: 'Windows per gradient step. Larger batches run faster per epoch but take fewer steps per epoch.',
  },
  {
    name: 'learningRate',
    label: 'Learning rate',
    kind: 'number',
    default: LSTM_DEFAULTS.learningRate,
    min: 0.00001,
    max: 1,
    help: "Adam's step size. 0.001 is the usual start; lower it when the loss curve jumps around.",
  },
  {
    name: 'patience',
    label: 'Early-stopping patience',
    kind: 'int',
    default: LSTM_DEFAULTS.patience,
    min: 0,
    max: 10_000,
    help:
      'Training stops after this many epochs without a lower loss on the validation tail (the last 10% ' +
      'of training windows), and keeps the best epoch; 0 trains every epoch and keeps the last.',
  },
  {
    name: 'maxWindows',
    label: 'Training windows at most',
    kind: 'int',
    default: LSTM_DEFAULTS.maxWindows,
    min: 1,
    max: 10_000_000,
    help:
      'Training rows beyond this are sampled (seeded) to this many windows, which bounds the time per ' +
      'epoch; scoring always covers every row.',
  },
  {
    name: 'rowScore',
    label: 'Row score',
    kind: 'choice',
    default: LSTM_DEFAULTS.rowScore,
    choices: ROW_SCORES,
    help:
      "Each row is scored from the window that ends at it: 'last' takes the reconstruction error of the " +
      "row itself (sharp, points at spikes), 'window' the mean error over the whole window (smoother, " +
      'better at odd shapes, but an anomaly keeps raising the scores of the rows after it for a window).',
  },
  {
    name: 'kernel',
    label: 'Training kernel',
    kind: 'choice',
    default: LSTM_DEFAULTS.kernel,
    choices: KERNELS,
    help:
      "'fused' runs each LSTM layer over the whole window as one operation, its cell arithmetic in " +
      "WebAssembly (about 6x faster on WASM and CPU); 'layers' uses TensorFlow.js's own LSTM layers, " +
      "which keep a GPU busy without copies; 'auto' takes layers on WebGL, fused elsewhere. Same network, same math.",
  },
  {
    name: 'trainOn',
    label: 'Train on',
    kind: 'choice',
    default: LSTM_DEFAULTS.trainOn,
    choices: TRAIN_ON,
    help:
      "'normal' leaves out the training windows that hold a labelled anomaly, so the network learns only " +
      "normal behaviour and reconstructs anomalies worse; 'all' trains on every window (the same when the " +
      'training rows have no labels).',
  },
  contaminationSpec(LSTM_DEFAULTS.contamination),
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: LSTM_DEFAULTS.seed,
    help:
      'Seed for the initial weights, the window sample and the shuffling. The same data, seed and ' +
      'backend give the same scores.',
  },
];
