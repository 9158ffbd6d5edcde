import type { RowContext } from '../detectors/detector';
import type { FittedPipeline } from '../pipeline/fitted';
import type { PrepConfig } from '../pipeline/prep-config';
import type { SelectionResult } from '../prep/feature-selection';
import type { Sweep } from '../metrics/threshold';
import type { Schema } from '../table/dataset';
import type { MetricSummary } from '../table/summary';
import type { Matrix } from '../util/matrix';
import type { PartMetrics } from './run-metrics';

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
  /** The metrics the features are computed from. */
  metrics: string[];
  /** Cleaning, features, selection, scaler and split (the same JSON `cli features --config` takes). */
  config: PrepConfig;
}

/** A metric's values before and after cleaning over one stretch of one entity, for the preview. */
export interface CleaningPreview {
  metric: string;
  entity: string | null;
  before: { t: Float64Array; v: Float64Array };
  after: { t: Float64Array; v: Float64Array };
  /** Whether t is epoch ms (else row positions). */
  byTime: boolean;
}

export interface PrepResult {
  /** One sentence per cleaning step, with its counts. */
  cleaning: string[];
  rowsBefore: number;
  rowsAfter: number;
  cleaningPreview: CleaningPreview | null;
  /** Outliers clipped per metric (null when outliers are kept). */
  clipped: { metric: string; lower: number; upper: number; count: number }[] | null;
  featureNames: string[];
  /** Feature counts per family (empty for the presets). */
  families: { family: string; title: string; count: number }[];
  /** Bytes of the feature table (rows x features x 8) and a warning when it is large for a tab. */
  tableBytes: number;
  memoryWarning: string | null;
  /** First rows of every feature (unscaled), with the time/entity columns first. */
  previewColumns: string[];
  previewRows: (string | number)[][];
  /** What selection would keep and drop when fitted on the training part (null: no selection). */
  selection: SelectionResult | null;
  split: {
    start: number;
    end: number;
    byTime: boolean;
    trainRows: number;
    validationRows: number;
    testRows: number;
    gapRows: number;
    /** Time (or row) ranges of the parts, per entity cut, for the timeline. */
    parts: { entity: string | null; part: 'train' | 'validation' | 'test'; start: number; end: number }[];
    warnings: string[];
  };
  /** Labelled anomaly ranges, with their instance when the data has instances. */
  anomalyRanges: { start: number; end: number; entity?: string }[];
}

export type { PartMetrics };

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

/** The scaled training rows of a preparation, handed to trainer workers (one copy each). */
export interface TrainingSet {
  /** Identifies the preparation; `completeRun` refuses a detector fitted on another one. */
  key: string;
  X: Matrix;
  context: RowContext;
  testRows: number;
  /** 0/1 labels of the training rows, when the data has a label column (an ensemble weighs members by them). */
  labels?: Float64Array;
  /** Rows in the validation part (tuning is judged there). */
  validationRows?: number;
  /** Labelled anomalies among the validation rows (null without a label column). */
  validationPositives?: number | null;
}

/** The label-free criteria of a fitted detector on the validation rows (see `tuningCriteria`). */
export interface TuningCriteria {
  /** Mean area under the excess-mass curves: higher is better. */
  em: number;
  /** Mean area under the mass-volume curves: lower is better. */
  mv: number;
  /** Feature groups the criteria were averaged over (1 when the model was judged on every feature). */
  groups: number;
  /** Whether the fitted model itself was judged (few features) or refitted on feature groups. */
  refitted: boolean;
  /** Validation rows the criteria were computed on. */
  rows: number;
}

/** Budget of the label-free criteria (smaller than Goix's 50 groups of 100,000 points, see tune-command). */
export interface TuningCriteriaOptions {
  draws?: number;
  uniformPoints?: number;
  maxFeatures?: number;
  seed?: number;
}

/** DBSCAN's k-distance curve on the training rows and the eps at its knee. */
export interface KDistanceView {
  /** Each sampled row's distance to its minPts-th nearest row, ascending. */
  curve: Float64Array;
  knee: number;
  eps: number;
  minPts: number;
  /** Rows in the curve (the fit sample) and training rows it was drawn from. */
  rows: number;
  trainRows: number;
}

/** A detector fitted elsewhere, completed into a pipeline and measured on validation and test rows. */
export interface RunResult extends TrainResult {
  notes: string[];
  /** The validation part's metrics (null when the split has no validation part). */
  validation: PartMetrics | null;
  test: PartMetrics;
  /**
   * For a detector that combines others (an ensemble): each member measured on its own, at its own
   * threshold from its training scores, so the leaderboard shows the combination beside its members.
   */
  members?: MemberMetrics[];
}

/** One member of a combined detector, measured alone. */
export interface MemberMetrics {
  label: string;
  type: string;
  validation: PartMetrics | null;
  test: PartMetrics;
}

export interface EvaluationResult {
  testRows: number;
  positives: number;
  /** Null when the test rows have no labels of both classes (no curves without ground truth). */
  roc: { fpr: Float64Array; tpr: Float64Array; auc: number } | null;
  pr: { recall: Float64Array; precision: Float64Array; ap: number } | null;
  /** The threshold sweep; `alertsPerDay` over the whole fleet, null when the test part spans no time. */
  sweep: Omit<Sweep, 'n' | 'positives'> & { alertsPerDay: Float64Array | null };
  /** A sample of test scores with labels, for the score histogram. */
  scoreSample: { score: Float64Array; label: Uint8Array };
  /** Detection latency per labelled test event at the pipeline's threshold is computed per threshold. */
  events: { start: number; end: number; firstRow: number; lastRow: number }[];
  testTimes: Float64Array | null;
  testScores: Float64Array;
  testLabels: Uint8Array | null;
  stepMs: number | null;
  suggestedThreshold: number;
  /** Length of the test period in days (fleet alerts per day divide by it); 0 without test rows. */
  days: number;
  /** Each instance's stretch [start, end) of the test rows (entity null without an instance column). */
  segments: { entity: string | null; start: number; end: number }[];
  /** Time to score every row of the dataset through the whole pipeline in the worker (features included). */
  scoring: { rows: number; ms: number } | null;
}
