import type { FittedPipeline } from '../pipeline/fitted';
import type { ScalerKind } from '../pipeline/spec';
import type { Sweep } from '../metrics/threshold';
import type { Schema } from '../table/dataset';
import type { MetricSummary } from '../table/summary';

/** Where the project's data comes from; saved with the project so a reload can rebuild it. */
export type DataSource =
  | { kind: 'demo'; days: number; instances: number; seed: number }
  /** A text file (CSV wide or long, CloudWatch or Prometheus JSON), as uploaded. */
  | { kind: 'csv'; name: string; text: string; windows?: string; windowsName?: string; contentHash?: string }
  /** A binary file (Apache Arrow IPC), as uploaded. */
  | { kind: 'bytes'; name: string; bytes: Uint8Array; contentHash?: string }
  /**
   * An uploaded file not yet read: the worker reads it (as text, or bytes for Arrow) so a large file
   * never passes through the page's main thread. Identified by name, size and modification time.
   */
  | { kind: 'file'; name: string; file: Blob; size: number; lastModified: number };

export interface ColumnInfo {
  name: string;
  kind: 'number' | 'string';
}

/** What the pages need to know about the loaded dataset. */
export interface DatasetInfo {
  name: string;
  rows: number;
  columns: ColumnInfo[];
  schema: Schema;
  entities: string[];
  timeRange: { start: number; end: number; stepMs: number } | null;
  labelled: { positives: number; share: number } | null;
  metrics: MetricSummary[];
  /** What the loader read leniently (e.g. infinite values taken as missing). */
  warnings: string[];
}

export interface SeriesRequest {
  /** Entities to draw; empty means the first one (or every row when there is no entity column). */
  entities: string[];
  metrics: string[];
  /** Points per drawn line at most (LTTB); the budget is shared among the entities. */
  maxPoints: number;
  /** Zoom: only rows whose time (row number without time) lies in [start, end]. */
  range?: [number, number] | null;
}

export interface SeriesResult {
  series: { metric: string; group: string; t: Float64Array; v: Float64Array }[];
  anomalyRanges: { start: number; end: number }[];
  /** True when the x axis is row numbers because the data has no time column. */
  rowIndexAxis: boolean;
  totalPoints: number;
}

export interface PrepSettings {
  metrics: string[];
  scaler: ScalerKind;
  trainFraction: number;
}

export interface PrepResult {
  featureNames: string[];
  previewColumns: string[];
  previewRows: (string | number)[][];
  split: { start: number; cut: number; end: number; byTime: boolean; trainRows: number; testRows: number };
  anomalyRanges: { start: number; end: number }[];
}

export interface TrainRequest {
  prep: PrepSettings;
  detector: { type: string; params: Record<string, unknown> };
}

export interface TrainResult {
  fitted: FittedPipeline;
  seconds: number;
  trainRows: number;
  testRows: number;
}

export interface EvaluationResult {
  testRows: number;
  positives: number;
  /** Null when the test rows have no labels of both classes (no curves without ground truth). */
  roc: { fpr: Float64Array; tpr: Float64Array; auc: number } | null;
  pr: { recall: Float64Array; precision: Float64Array; ap: number } | null;
  sweep: Omit<Sweep, 'n' | 'positives'>;
  /** A sample of test scores with labels, for the score histogram. */
  scoreSample: { score: Float64Array; label: Uint8Array };
  /** Detection latency per labelled test event at the pipeline's threshold is computed per threshold. */
  events: { start: number; end: number; firstRow: number; lastRow: number }[];
  testTimes: Float64Array | null;
  testScores: Float64Array;
  testLabels: Uint8Array | null;
  stepMs: number | null;
  suggestedThreshold: number;
}
