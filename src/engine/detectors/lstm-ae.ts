import type { Matrix } from '../util/matrix';
import { createRandom } from '../util/random';
import {
  assertFinite,
  assertWidth,
  contextGroups,
  throwIfAborted,
  type Detector,
  type DetectorFactory,
  type DetectorJSON,
  type FitOptions,
  type RowContext,
} from './detector';
import {
  LSTM_PARAM_SPECS,
  LSTM_TYPE,
  resolveLstmParams,
  type LstmAeParams,
  type LstmKernel,
} from './lstm/params';
import { loadLstmRuntime, lstmRuntime } from './lstm/runtime-loader';
import { checkWeights, initialWeights, weightSpecs, type LstmAeShape } from './lstm/weights';
import { capWindows, normalWindows, trailingWindows } from './lstm/windows';

export type { LstmAeParams, LstmKernel, RowScore } from './lstm/params';

/** Fitted state: the weights as plain numbers (float32 values) and how training went. */
export interface LstmAeState {
  nFeatures: number;
  /** In `weightSpecs` order (see lstm/weights.ts). */
  weights: number[][];
  /** Training rows, each with its trailing window, before the `maxWindows` cap. */
  trainRows: number;
  /** Windows left out because they hold a labelled anomaly (`trainOn: 'normal'`). */
  anomalousWindows: number;
  /** Windows trained on, after the cap, including the validation tail. */
  windows: number;
  /** The last windows (in row order) held out to measure the validation loss. */
  validationWindows: number;
  /** Loss per epoch run (and validation loss, null where not measured). */
  loss: number[];
  valLoss: (number | null)[];
  /** 1-based epoch whose weights were kept. */
  keptEpoch: number;
  /** The TensorFlow.js backend it was trained on, and the kernel that trained it. */
  backend: string;
  kernel: LstmKernel;
}

const VERSION = 1;
/** Share of the training windows (the latest ones) held out for validation and early stopping. */
const VALIDATION_SHARE = 0.1;
/** Fewer training windows than this leave no validation tail. */
const MIN_WINDOWS_FOR_VALIDATION = 10;

const fmt = (n: number): string => n.toLocaleString('en-US');
const loss4 = (v: number): string => v.toPrecision(3);

/**
 * LSTM autoencoder (Malhotra et al. 2016, "LSTM-based encoder-decoder for multi-sensor anomaly
 * detection"): each row's trailing window of `window` rows of its entity goes through encoder LSTMs to a
 * latent vector, which is repeated over the window and decoded by LSTMs and a dense layer per step back
 * to the features; the network learns to reconstruct normal windows, and the reconstruction error is
 * the score.
 *
 * Row rule: of the windows covering a row, only the one ending at it is known when the row arrives, so a
 * row is scored from that one (the mean squared error of the row's own reconstruction, or of the whole
 * window, per `rowScore`); a row's score never depends on later rows, and scoring a prefix of an entity
 * gives the prefix of its scores. The first `window - 1` rows of each entity have their window padded
 * on the left with copies of the entity's first row (so they are scored too, and training includes such
 * windows so that padding alone does not look anomalous).
 *
 * Trained with TensorFlow.js (Adam, mean squared error) on the backend active at fit time (WASM, then
 * CPU, in Node; see lstm/backend.ts), by default through the fused LSTM kernel (lstm/fused-lstm.ts; TensorFlow.js layers on WebGL);
 * scored synchronously with the same network on the active backend. TensorFlow.js loads on demand
 * (lstm/runtime-loader.ts): `fit` loads it, and a host scoring a loaded model awaits
 * `prepareDetector(json)` first (the bundle reader does).
 */
export class LstmAutoencoder implements Detector {
  readonly type = LSTM_TYPE;
  readonly version = VERSION;
  readonly sequential = true;
  readonly params: Readonly<LstmAeParams>;
  private state: LstmAeState | null = null;
  private weightArrays: Float32Array[] = [];

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveLstmParams(params));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  private shape(features: number): LstmAeShape {
    const { units, layers, latent } = this.params;
    return { features, units, layers, latent };
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    const { signal, onProgress, onEpoch } = options;
    throwIfAborted(signal);
    if (X.rows < 1 || X.cols < 1) {
      throw new Error(`${LSTM_TYPE}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`);
    }
    assertFinite(LSTM_TYPE, X, 'training data');
    const p = this.params;
    onProgress?.(0);
    const rt = await loadLstmRuntime();
    const backend = rt.activeBackend() ?? 'unknown';
    throwIfAborted(signal);
    const rng = createRandom(p.seed);
    const initRng = rng.fork();
    const sampleRng = rng.fork();
    const shuffleRng = rng.fork();
    const all = trailingWindows(contextGroups(X.rows, options.context), p.window);
    const labels = options.labels;
    const usable = p.trainOn === 'normal' && labels ? normalWindows(all, labels) : all;
    if (usable.ends.length === 0) {
      throw new Error(
        `${LSTM_TYPE}: every training window holds a labelled anomaly; set trainOn to 'all' or shorten the window`,
      );
    }
    const index = capWindows(usable, p.maxWindows, sampleRng);
    const n = index.ends.length;
    const validation = n >= MIN_WINDOWS_FOR_VALIDATION ? Math.max(1, Math.floor(VALIDATION_SHARE * n)) : 0;
    const shape = this.shape(X.cols);
    const initial = initialWeights(shape, initRng);
    const kernel: LstmKernel = p.kernel === 'auto' ? (backend === 'webgl' ? 'layers' : 'fused') : p.kernel;
    const net =
      kernel === 'fused' ? rt.fusedNetwork(shape, initial) : rt.layersNetwork(shape, p.window, initial);
    try {
      const result = await rt.trainNetwork(net, X, index, n - validation, {
        epochs: p.epochs,
        batchSize: p.batchSize,
        learningRate: p.learningRate,
        patience: p.patience,
        rng: shuffleRng,
        signal,
        onProgress,
        onEpoch: onEpoch && ((log) => onEpoch({ ...log, backend })),
      });
      this.setState({
        nFeatures: X.cols,
        weights: result.weights.map((w) => Array.from(w)),
        trainRows: all.ends.length,
        anomalousWindows: all.ends.length - usable.ends.length,
        windows: n,
        validationWindows: validation,
        loss: result.loss,
        valLoss: result.valLoss.map((v) => (Number.isFinite(v) ? v : null)),
        keptEpoch: result.keptEpoch,
        backend,
        kernel,
      });
    } finally {
      net.dispose();
    }
    return this;
  }

  /** Each row's reconstruction error, from the trailing window of its entity (see the class comment). */
  score(X: Matrix, context?: RowContext): Float64Array {
    const s = this.state;
    if (!s)
      throw new Error(`${LSTM_TYPE}: score() called before fit(); fit the detector or load a fitted one`);
    assertWidth(LSTM_TYPE, X, s.nFeatures);
    assertFinite(LSTM_TYPE, X, 'scoring data');
    if (X.rows === 0) return new Float64Array(0);
    const rt = lstmRuntime();
    if (!rt) {
      throw new Error(
        `${LSTM_TYPE}: TensorFlow.js is not loaded yet; await prepareDetector(...) (or fit) before scoring`,
      );
    }
    const index = trailingWindows(contextGroups(X.rows, context), this.params.window);
    return rt.windowRowScores(this.shape(s.nFeatures), this.weightArrays, X, index, this.params.rowScore);
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const { units, layers, latent, window, epochs, rowScore } = this.params;
    const lstm = `${layers} LSTM layer${layers === 1 ? '' : 's'} of ${units} units`;
    const weights = s.weights.reduce((a, w) => a + w.length, 0);
    const usable = s.trainRows - s.anomalousWindows;
    const notes = [
      `Encoder ${lstm}, a latent vector of ${latent}, decoder ${lstm} and a dense layer back to ` +
        `${s.nFeatures} feature${s.nFeatures === 1 ? '' : 's'} per step (${fmt(weights)} weights).`,
      s.windows < usable
        ? `Trained on a random sample of ${fmt(s.windows)} of the ${fmt(usable)} usable windows of ` +
          `${window} rows (maxWindows caps the sample).`
        : `Trained on the windows of ${window} rows ending at each of the ${fmt(usable)} usable training rows.`,
    ];
    if (s.anomalousWindows > 0) {
      notes.push(
        `${fmt(s.anomalousWindows)} of the ${fmt(s.trainRows)} training rows' windows hold a labelled ` +
          "anomaly and were left out (trainOn 'normal'), so the network learns normal behaviour only.",
      );
    }
    const kept = s.keptEpoch - 1;
    const val = s.valLoss[kept];
    const ran = s.loss.length;
    notes.push(
      `${ran} of ${epochs} epochs ran (${s.kernel} kernel, ${s.backend} backend)` +
        (ran < epochs ? ', stopped early' : '') +
        `; kept epoch ${s.keptEpoch}: training loss ${loss4(s.loss[kept])}` +
        (val === null || val === undefined
          ? ' (too few windows for a validation tail).'
          : `, validation loss ${loss4(val)} on the last ${fmt(s.validationWindows)} windows.`),
    );
    notes.push(
      rowScore === 'last'
        ? "Each row's score is the mean squared error of its own reconstruction in the window that ends at it."
        : "Each row's score is the mean squared reconstruction error over the window that ends at it.",
      `The first ${window - 1} rows of each entity are scored with their window padded on the left by ` +
        "copies of the entity's first row.",
    );
    return notes;
  }

  toJSON(): DetectorJSON {
    const s = this.state;
    const state: LstmAeState | null = s && {
      ...s,
      weights: s.weights.map((w) => [...w]),
      loss: [...s.loss],
      valLoss: [...s.valLoss],
    };
    return { type: LSTM_TYPE, version: VERSION, params: { ...this.params }, state };
  }

  /** @internal Installs fitted state (from fit or from JSON) after checking its shape. */
  setState(state: LstmAeState): void {
    const bad = (why: string): never => {
      throw new Error(`${LSTM_TYPE}: invalid fitted state: ${why}`);
    };
    if (!state || typeof state !== 'object') bad('not an object');
    const d = state.nFeatures;
    if (!Number.isInteger(d) || d < 1) bad('nFeatures');
    checkWeights(LSTM_TYPE, weightSpecs(this.shape(d)), state.weights);
    for (const k of ['trainRows', 'anomalousWindows', 'windows', 'validationWindows', 'keptEpoch'] as const) {
      if (!Number.isInteger(state[k]) || state[k] < 0) bad(`'${k}' must be an integer >= 0`);
    }
    if (
      !Array.isArray(state.loss) ||
      !Array.isArray(state.valLoss) ||
      state.loss.length !== state.valLoss.length
    ) {
      bad("'loss' and 'valLoss' must be arrays of the same length");
    }
    if (state.keptEpoch < 1 || state.keptEpoch > state.loss.length)
      bad("'keptEpoch' is not an epoch that ran");
    if (typeof state.backend !== 'string') bad("'backend' must be a string");
    if (state.kernel !== 'fused' && state.kernel !== 'layers') bad("'kernel' must be 'fused' or 'layers'");
    this.state = state;
    this.weightArrays = state.weights.map((w) => Float32Array.from(w));
  }
}

export const lstmAeFactory: DetectorFactory = {
  type: LSTM_TYPE,
  version: VERSION,
  label: 'LSTM autoencoder',
  description:
    'A recurrent network learns to reconstruct windows of normal behaviour through a narrow latent ' +
    'vector; rows it reconstructs badly score high. Catches odd shapes and broken patterns across ' +
    'metrics that row-wise detectors miss; slower to train, and needs enough normal history.',
  params: LSTM_PARAM_SPECS,
  create: (params) => new LstmAutoencoder(params),
  prepare: async () => {
    await loadLstmRuntime();
  },
  // float32 on WebGL, WASM or CPU: the same weights give scores equal to about 1e-6 relative; 1e-4 leaves
  // room for GPU drivers' fused multiply-adds.
  relativeTolerance: () => 1e-4,
  fromJSON: (json) => {
    const det = new LstmAutoencoder(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as LstmAeState);
    return det;
  },
};
