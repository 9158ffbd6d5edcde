import { robustLocationScale } from '../detectors/baseline/robust-stats';
import type { Detector, DetectorStream } from '../detectors/detector';
import { detectorStreamPlan } from '../serving/detector-stream';
import type { OnlineLearner } from './learner';
import { RowRing } from './row-ring';
import { isBatchFitRow, type ScheduleParams } from './schedule';

/** What a batch learner needs to know about its detector and its entity. */
export interface BatchLearnerConfig {
  /** A fresh, unfitted detector (the same params and seed at every refit). */
  create: () => Detector;
  schedule: ScheduleParams;
  probationRows: number;
  /** Metric columns per row. */
  cols: number;
  /**
   * Row-wise detectors: rows per feature vector (the row and the `shingle - 1` before it, per metric,
   * oldest first; an entity's first rows padded with its first row). Sequential detectors get the
   * metrics as they are and window the rows themselves.
   */
  shingle: number;
  /** Sequential detectors: rows of history their score of a row depends on (the LSTM's window). */
  historyRows: number;
}

interface Fitted {
  detector: Detector;
  /** Per metric: median and robust scale of the training rows, for standardizing. */
  center: Float64Array;
  scale: Float64Array;
  /** Sequential detectors: the entity's recent rows, rescored together (see `detectorStreamPlan`). */
  stream: DetectorStream | null;
}

/**
 * An online learner around a detector fitted in batch (Isolation Forest, k-means, LSTM autoencoder): it
 * keeps the entity's latest rows and refits a fresh detector on them on the schedule of
 * `isBatchFitRow`, standardizing each metric by the training rows' median and robust scale; between
 * refits the model is fixed. Rows before the first fit score 0.
 */
export class BatchLearner implements OnlineLearner {
  private readonly ring: RowRing;
  private row = 0;
  private model: Fitted | null = null;
  private readonly features: Float64Array;
  private readonly one: Float64Array;
  /** Fits done so far. */
  fits = 0;

  constructor(private readonly config: BatchLearnerConfig) {
    const { cols, shingle, schedule, historyRows } = config;
    this.ring = new RowRing(cols, Math.max(schedule.trainWindow + shingle, historyRows));
    this.features = new Float64Array(cols * shingle);
    this.one = new Float64Array(cols);
  }

  push(x: ArrayLike<number>, t: number): number | Promise<number> {
    const { schedule, probationRows } = this.config;
    if (isBatchFitRow(schedule, probationRows, this.row)) {
      return this.refit().then(() => this.scoreAndKeep(x, t));
    }
    return this.scoreAndKeep(x, t);
  }

  private scoreAndKeep(x: ArrayLike<number>, t: number): number {
    const s = this.model ? this.scoreRow(this.model, x, t) : 0;
    this.ring.push(x, t);
    this.row++;
    return s;
  }

  private scoreRow(m: Fitted, x: ArrayLike<number>, t: number): number {
    const { cols } = this.config;
    if (m.stream) {
      for (let j = 0; j < cols; j++) this.one[j] = (x[j] - m.center[j]) / m.scale[j];
      return m.stream.push(this.one, t);
    }
    this.shingleOf(x, m, this.features);
    return m.detector.score({ data: this.features, rows: 1, cols: this.features.length })[0];
  }

  /** The current row's shingle: held rows count-shingle+1 .. count-1, then x; padded with the oldest. */
  private shingleOf(x: ArrayLike<number>, m: Fitted, out: Float64Array): void {
    const { cols, shingle } = this.config;
    const ring = this.ring;
    const n = ring.count;
    for (let k = 0; k < shingle; k++) {
      const back = shingle - 1 - k;
      for (let j = 0; j < cols; j++) {
        let v: number;
        if (back === 0) v = x[j];
        else if (n === 0) v = x[j];
        else v = ring.value(Math.max(0, n - back), j);
        out[k * cols + j] = (v - m.center[j]) / m.scale[j];
      }
    }
  }

  private async refit(): Promise<void> {
    const { cols, shingle, schedule, create, historyRows } = this.config;
    const ring = this.ring;
    const n = ring.count;
    if (n === 0) return;
    const trainN = Math.min(schedule.trainWindow, n);
    const start = n - trainN;
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const column = new Float64Array(trainN);
    const scratch = new Float64Array(trainN);
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < trainN; i++) column[i] = ring.value(start + i, j);
      const r = robustLocationScale(column, scratch);
      center[j] = r.median;
      scale[j] = r.scale;
    }
    const detector = create();
    const times = Float64Array.from({ length: trainN }, (_, i) => ring.time(start + i));
    if (detector.sequential) {
      const data = new Float64Array(trainN * cols);
      for (let i = 0; i < trainN; i++) {
        for (let j = 0; j < cols; j++) data[i * cols + j] = (ring.value(start + i, j) - center[j]) / scale[j];
      }
      await detector.fit(
        { data, rows: trainN, cols },
        { context: { time: times, groups: [Int32Array.from({ length: trainN }, (_, i) => i)] } },
      );
      const stream = detectorStreamPlan(detector, cols, historyRows).create();
      // The rows the next row's score looks back on (its window), pushed once so the stream holds them.
      const one = new Float64Array(cols);
      for (let i = Math.max(0, n - (historyRows - 1)); i < n; i++) {
        for (let j = 0; j < cols; j++) one[j] = (ring.value(i, j) - center[j]) / scale[j];
        stream.push(one, ring.time(i));
      }
      this.model = { detector, center, scale, stream };
    } else {
      const width = cols * shingle;
      const data = new Float64Array(trainN * width);
      for (let i = 0; i < trainN; i++) {
        const k = start + i;
        for (let m = 0; m < shingle; m++) {
          const src = Math.max(0, k - (shingle - 1 - m));
          for (let j = 0; j < cols; j++) {
            data[i * width + m * cols + j] = (ring.value(src, j) - center[j]) / scale[j];
          }
        }
      }
      await detector.fit({ data, rows: trainN, cols: width });
      this.model = { detector, center, scale, stream: null };
    }
    this.fits++;
  }
}
