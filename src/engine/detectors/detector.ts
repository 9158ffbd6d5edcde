import type { Lookback } from '../util/lookback';
import type { Matrix } from '../util/matrix';

/**
 * Where each row of X sits in time, for detectors whose score of a row depends on the rows before it
 * (rolling baselines, shingles, streaming forests). Row-wise detectors ignore it.
 */
export interface RowContext {
  /** Each row's time in milliseconds since the epoch (NaN where unknown); absent without a time column. */
  time?: ArrayLike<number>;
  /**
   * Row indices of X per entity (instance), each in time order. Absent: all rows are one entity, in
   * row order.
   */
  groups?: readonly ArrayLike<number>[];
}

/** Progress and cancellation for long fits. */
export interface FitOptions {
  /** The rows' times and entities (see `RowContext`). */
  context?: RowContext;
  /**
   * 0/1 labels of X's rows (1 = anomaly), when the training rows have them. Unsupervised detectors ignore
   * them; an ensemble uses them to weigh its members.
   */
  labels?: ArrayLike<number>;
  /** Called with the fraction done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** When it fires, `fit` rejects with an `AbortError` (a DOMException named 'AbortError'). */
  signal?: AbortSignal;
  /** Called after each epoch by detectors trained in epochs (the LSTM autoencoder): a live loss curve. */
  onEpoch?: (log: EpochLog) => void;
}

/** How one training epoch went. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean loss over the epoch's batches (before each batch's update). */
  loss: number;
  /** The loss on the validation windows after the epoch; NaN without validation windows. */
  valLoss: number;
  seconds: number;
  /** The compute backend it ran on (TensorFlow.js: 'webgl', 'wasm', 'cpu'), where there is a choice. */
  backend?: string;
}

/** The serialized form of a fitted (or unfitted) detector. */
export interface DetectorJSON {
  type: string;
  version: number;
  params: Record<string, unknown>;
  state: unknown;
}

/** Scores one entity's rows fed one at a time, in time order (see `Detector.stream`). */
export interface DetectorStream {
  /**
   * The score of the entity's next row: `x` its scaled features (finite, the detector's width), `t` its
   * time in epoch ms (NaN when unknown).
   */
  push(x: ArrayLike<number>, t: number): number;
  /**
   * Optional: the entity's next `count` rows at once (`x` row-major, the detector's width; `t` their
   * times), their scores into out[0 .. count): exactly what `count` calls of `push` give, faster.
   */
  pushMany?(x: Float64Array, count: number, t: Float64Array, out: Float64Array): void;
}

/**
 * The detector contract, after scikit-learn's estimators: the constructor takes params only;
 * `fit` resolves to the detector itself; `score` gives higher = more anomalous; fitted state is
 * separate from params and survives a JSON round trip exactly.
 */
export interface Detector {
  readonly type: string;
  readonly version: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly fitted: boolean;
  /**
   * True when a row's score depends on earlier rows of its entity (then `score` needs the context, and
   * scoring a whole-entity prefix gives the prefix of the scores); false when each row is scored alone.
   */
  readonly sequential: boolean;
  fit(X: Matrix, options?: FitOptions): Promise<this>;
  /**
   * Optional: `fit` in one go, without yielding to the event loop (same result). Online learners fit
   * small windows inside a synchronous stream (a served model's first rows of an entity).
   */
  fitNow?(X: Matrix, options?: FitOptions): this;
  /**
   * Optional, for sequential detectors: a scorer of one entity's rows fed one at a time, from bounded
   * state, giving row for row what `score` gives over the entity's rows as one group. Throws when not
   * fitted.
   */
  stream?(): DetectorStream;
  /**
   * Optional, with `stream`: how many of an entity's earlier rows a stream's state depends on (see
   * `Lookback`; null = unbounded). A stream consumer that loses an entity's state replays that many
   * rows into a fresh stream. Without it a detector's stream counts as unbounded.
   */
  streamLookback?(): Lookback;
  /**
   * Optional, for detectors whose scores are calibrated (an anomaly likelihood): the alert threshold on
   * them, used instead of a threshold chosen on the training scores (F1-best or `contamination`).
   */
  calibratedThreshold?(): number;
  /** Anomaly scores, one per row of X; throws when not fitted or when X has the wrong width. */
  score(X: Matrix, context?: RowContext): Float64Array;
  /**
   * Sentences about the fitted model for the Modeling cell and the report: the sample it was fitted on
   * when a cap applied, the sizes it chose (clusters, support vectors, period...). Empty before fit.
   */
  notes(): string[];
  /**
   * Optional, for detectors that combine others (an ensemble): the fitted detectors it combines, each
   * scorable on its own, so the leaderboard can show them beside the combination. Empty before fit.
   */
  parts?(): readonly { label: string; detector: Detector }[];
  toJSON(): DetectorJSON;
}

/** Describes one editable parameter, so pages and the CLI can build inputs without special cases. */
export interface ParamSpec {
  name: string;
  label: string;
  kind: 'int' | 'number' | 'string' | 'choice' | 'boolean';
  default: unknown;
  min?: number;
  max?: number;
  choices?: readonly string[];
  help: string;
}

/** A registry entry: how to build a detector of one type. */
export interface DetectorFactory {
  type: string;
  version: number;
  label: string;
  description: string;
  params: readonly ParamSpec[];
  create(params?: Record<string, unknown>): Detector;
  fromJSON(json: DetectorJSON): Detector;
  /**
   * Loads what scoring a fitted detector of this type needs beyond its JSON (a heavy library, a compute
   * backend), for detectors that load it on demand; given the fitted JSON when there is one (an
   * ensemble prepares its members). Hosts await `prepareDetector` before scoring a loaded model.
   */
  prepare?(json?: DetectorJSON): Promise<void>;
  /**
   * How far this fitted detector's scores may differ between hosts, relative to the scores' scale:
   * non-zero for detectors computed in float32 on interchangeable backends (WebGL, WASM, CPU). Absent
   * means the scores are reproducible exactly (to 1e-9) everywhere.
   */
  relativeTolerance?(json: DetectorJSON): number;
  /**
   * 'raw': the detector is meant to read the metric values as they are (no derived features, no
   * scaling), which a default pipeline spec then gives it.
   */
  input?: 'raw';
}

/** Rejects with an AbortError if the signal has fired. */
/** The context's entity groups, or one group of every row in order when it has none. */
export function contextGroups(rows: number, context: RowContext | undefined): readonly ArrayLike<number>[] {
  if (context?.groups) return context.groups;
  return [Int32Array.from({ length: rows }, (_, i) => i)];
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export function abortError(): Error {
  const e = new Error('The operation was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Runs a fit written as steps (a generator that yields where a long fit may let the event loop run),
 * yielding to the event loop at each step and stopping when `signal` fires.
 */
export async function runStepsAsync(steps: Generator<void>, signal?: AbortSignal): Promise<void> {
  for (let r = steps.next(); !r.done; r = steps.next()) {
    await yieldToEventLoop();
    throwIfAborted(signal);
  }
}

/** Runs a fit written as steps in one go (see {@link runStepsAsync}). */
export function runSteps(steps: Generator<void>): void {
  for (let r = steps.next(); !r.done; r = steps.next());
}

/** Lets the event loop run (so a worker can receive a cancel message) during a long fit. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Throws a clear error when a matrix does not have the width a fitted detector expects. */
export function assertWidth(type: string, X: Matrix, expected: number): void {
  if (X.cols !== expected) {
    throw new Error(`${type}: expected ${expected} feature columns, got ${X.cols}`);
  }
}

/** Throws a clear error naming the row and column of the first non-finite value in a matrix. */
export function assertFinite(type: string, X: Matrix, what: string): void {
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const r = Math.floor(i / X.cols);
      throw new Error(
        `${type}: ${what} has a non-finite value (${d[i]}) at row ${r}, column ${i - r * X.cols}; ` +
          'impute or drop missing values first',
      );
    }
  }
}

/**
 * Throws, naming the row and column, unless every value lies within ±limit (NaN included): for detectors
 * whose arithmetic overflows on values near the double range (sums of box spans).
 */
export function assertWithin(type: string, X: Matrix, what: string, limit: number): void {
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    if (!(Math.abs(d[i]) <= limit)) {
      const r = Math.floor(i / X.cols);
      throw new Error(
        `${type}: ${what} has ${d[i]} at row ${r}, column ${i - r * X.cols}, beyond ±${limit}; ` +
          'rescale the metric (its sums would overflow)',
      );
    }
  }
}
