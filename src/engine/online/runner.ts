import { contextGroups, throwIfAborted, type RowContext } from '../detectors/detector';
import type { Matrix } from '../util/matrix';
import type { OnlineModel } from './online-model';
import { probationRowsOf } from './probation';

/** Rows of an entity handed to its learner (or an online detector's stream) at once. */
export const ONLINE_CHUNK_ROWS = 256;

/** Options of {@link runOnline}. */
export interface OnlineRunOptions {
  /** Rows' times and entities; without groups, every row is one entity in row order. */
  context?: RowContext;
  /**
   * Each entity's probationary period: a fraction of its rows (< 1; at most fraction x 5,000 rows, NAB's
   * rule) or a whole row count (>= 1). Default 0.15.
   */
  probation?: number;
  /** Likelihood at or above which a row after the probationary period alerts. */
  threshold?: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** One online pass over a table. */
export interface OnlineRun {
  /** Per row, in input order: the detector's raw score, its anomaly likelihood and the alert (0/1). */
  scores: Float64Array;
  likelihoods: Float64Array;
  alerts: Uint8Array;
  /** Per row: 1 inside its entity's probationary period (reported, not judged, never alerting). */
  probation: Uint8Array;
  /** Per entity (in the order of the context's groups): its probationary period in rows. */
  probationRows: number[];
  threshold: number;
}

/**
 * The alert threshold on the likelihood when nothing else says one: a tail of about 1e-5 (Numenta's
 * log form 0.5), amid the thresholds NAB's optimisation chose per model on the development data
 * (0.39-0.64, `NAB_THRESHOLDS`).
 */
export const DEFAULT_ONLINE_THRESHOLD = 0.5;

/**
 * Scores every row of X online: each entity's rows in time order through a fresh learner of `model`,
 * each row scored from that row and the entity's earlier rows only (so truncating an entity never
 * changes its earlier rows' outputs, given the same probationary period), then its likelihood. Batch
 * learners refit on their schedule (the only awaits). X holds the metric values, finite.
 *
 * @throws on a non-finite value (naming the row and column) or a bad `probation`.
 */
export async function runOnline(
  model: OnlineModel,
  X: Matrix,
  options: OnlineRunOptions = {},
): Promise<OnlineRun> {
  const { context, signal, onProgress } = options;
  const threshold = options.threshold ?? DEFAULT_ONLINE_THRESHOLD;
  const fraction = options.probation ?? 0.15;
  const { rows: n, cols, data } = X;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const r = Math.floor(i / cols);
      throw new Error(
        `online: row ${r}, column ${i - r * cols} is ${data[i]}; every metric value must be finite`,
      );
    }
  }
  const scores = new Float64Array(n);
  const likelihoods = new Float64Array(n);
  const alerts = new Uint8Array(n);
  const probation = new Uint8Array(n);
  const probationRows: number[] = [];
  const time = context?.time;
  // An entity's rows go to its learner in chunks (`CalibratedLearner.pushMany`: the same scores as row by
  // row; a forest scores a chunk tree by tree, with each tree in cache).
  const x = new Float64Array(ONLINE_CHUNK_ROWS * cols);
  const t = new Float64Array(ONLINE_CHUNK_ROWS);
  const chunkScores = new Float64Array(ONLINE_CHUNK_ROWS);
  const chunkLikelihoods = new Float64Array(ONLINE_CHUNK_ROWS);
  let done = 0;
  let lastReport = 0;
  for (const group of contextGroups(n, context)) {
    throwIfAborted(signal);
    const g = group.length;
    const p = probationRowsOf(g, fraction);
    probationRows.push(p);
    const learner = model.learner(cols, p);
    for (let k0 = 0; k0 < g; k0 += ONLINE_CHUNK_ROWS) {
      const count = Math.min(ONLINE_CHUNK_ROWS, g - k0);
      for (let r = 0; r < count; r++) {
        const i = group[k0 + r];
        for (let j = 0; j < cols; j++) x[r * cols + j] = data[i * cols + j];
        t[r] = time ? time[i] : NaN;
      }
      const pending = learner.pushMany(x, cols, count, t, chunkScores, chunkLikelihoods);
      if (pending) await pending;
      throwIfAborted(signal);
      for (let r = 0; r < count; r++) {
        const i = group[k0 + r];
        const k = k0 + r;
        scores[i] = chunkScores[r];
        likelihoods[i] = chunkLikelihoods[r];
        probation[i] = k < p ? 1 : 0;
        alerts[i] = k >= p && chunkLikelihoods[r] >= threshold ? 1 : 0;
      }
    }
    done += g;
    if (onProgress && done - lastReport >= 10_000) {
      lastReport = done;
      onProgress(done / n);
    }
  }
  onProgress?.(1);
  return { scores, likelihoods, alerts, probation, probationRows, threshold };
}
