import { columnValues } from '../table/column-values';
import type { Detector, FitOptions, RowContext } from '../detectors/detector';
import { createDetector } from '../detectors/index';
import { bestF1Threshold, quantileThreshold } from '../metrics/index';
import { cleanDataset, type CleaningReport } from '../prep/clean';
import { selectFeatures } from '../prep/feature-selection';
import { fitClipBounds, type ClipBounds } from '../prep/outliers';
import { applyScaler, fitScaler } from '../prep/scaler';
import type { Dataset } from '../table/dataset';
import { matrixFromColumns, selectRows, type Matrix } from '../util/matrix';
import { buildFeatures, metricColumn } from './features';
import type { FittedPipeline, ThresholdRule } from './fitted';
import { rowContext } from './row-context';
import type { PipelineSpec } from './spec';

export interface FitPipelineOptions extends FitOptions {
  /** Rows of the cleaned dataset to train on (default: all rows). */
  rows?: ArrayLike<number>;
  /**
   * The dataset already cleaned with `spec.cleaning` (as `cleanForSpec` returns it), when the caller
   * has it; `rows` index it.
   */
  cleaned?: Dataset;
}

/** The dataset after the spec's cleaning (resampling, missing values); unchanged without cleaning. */
export function cleanForSpec(
  ds: Dataset,
  spec: PipelineSpec,
): { dataset: Dataset; report: CleaningReport | null } {
  if (!spec.cleaning) return { dataset: ds, report: null };
  // Only the spec's metrics are cleaned (a bundle's reference rows carry no other metric).
  const { dataset, report } = cleanDataset(
    { ...ds, schema: { ...ds.schema, metrics: spec.metrics } },
    spec.cleaning,
  );
  return { dataset: { ...dataset, schema: ds.schema }, report };
}

function pick(col: Float64Array, rows: ArrayLike<number> | undefined): Float64Array {
  if (!rows) return col;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = col[rows[k]];
  return out;
}

/** Scaled feature matrix; a value still missing after forward fill maps to the scaler's centre (0). */
export function toMatrix(columns: Float64Array[]): Matrix {
  for (const col of columns) for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i])) col[i] = 0;
  return matrixFromColumns(columns);
}

/** The labels of a dataset as 0/1 numbers, or null when it has no label column. */
export function labelsOf(ds: Dataset, rows?: ArrayLike<number>): Float64Array | null {
  if (!ds.schema.label) return null;
  return pick(Float64Array.from(columnValues(ds.table, ds.schema.label) as ArrayLike<number>, Number), rows);
}

/** The share of rows expected to be anomalous: the detector's own (validated) parameter, else 0.05. */
function contaminationOf(params: Readonly<Record<string, unknown>>): number {
  const c = params.contamination;
  return typeof c === 'number' && c > 0 && c < 1 ? c : 0.05;
}

/** Clipping bounds per spec metric, fitted on the training rows; undefined when outliers are kept. */
export function fitClips(
  ds: Dataset,
  spec: PipelineSpec,
  rows: ArrayLike<number> | undefined,
): (ClipBounds | null)[] | undefined {
  const outliers = spec.cleaning?.outliers;
  if (!outliers || outliers.method === 'keep') return undefined;
  return spec.metrics.map((m) => fitClipBounds(metricColumn(ds, m), rows ?? null, outliers));
}

/** Progress of a stage that covers [from, to) of the whole fit. */
function stage(onProgress: FitOptions['onProgress'], from: number, to: number): FitOptions['onProgress'] {
  return onProgress ? (f: number) => onProgress(from + (to - from) * f) : undefined;
}

/** A pipeline fitted up to the detector: everything but the detector and its threshold. */
export type FittedPreprocessing = Omit<
  FittedPipeline,
  'detector' | 'threshold' | 'thresholdRule' | 'trainRows'
>;

/** The fitted preprocessing and the scaled feature matrix of every row of the cleaned dataset. */
export interface PreprocessedData {
  preprocessing: FittedPreprocessing;
  /** Scaled features of every row of the cleaned dataset, in its row order. */
  all: Matrix;
  /** The cleaned dataset the rows belong to. */
  dataset: Dataset;
}

/**
 * Cleans, then fits outlier clipping, features, feature selection and the scaler on the training rows,
 * and scales every row's features: all a detector needs before it is fitted.
 */
export function fitPreprocessing(
  ds: Dataset,
  spec: PipelineSpec,
  options: FitPipelineOptions = {},
): PreprocessedData {
  const data = options.cleaned ?? cleanForSpec(ds, spec).dataset;
  const rows = options.rows;
  const clip = fitClips(data, spec, rows);
  const features = buildFeatures(data, spec, {
    clip,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  let names = features.names;
  let columns = features.columns;
  const selection = spec.selection
    ? selectFeatures(
        columns,
        names,
        rows ?? Int32Array.from({ length: data.table.numRows() }, (_, i) => i),
        labelsOf(data),
        spec.selection,
      )
    : undefined;
  if (selection) {
    const keep = new Set(selection.kept);
    columns = columns.filter((_, j) => keep.has(names[j]));
    names = names.filter((n) => keep.has(n));
    if (names.length === 0)
      throw new Error('feature selection kept no feature; relax it in Data Preparation');
  }
  const scaler = fitScaler(
    spec.scaler,
    columns.map((c) => pick(c, rows)),
  );
  const preprocessing: FittedPreprocessing = { spec, featureNames: names, scaler };
  if (typeof spec.features === 'object') preprocessing.stepMs = features.stepMs;
  if (clip) preprocessing.clip = clip;
  if (selection) preprocessing.selection = selection;
  return { preprocessing, all: toMatrix(applyScaler(scaler, columns)), dataset: data };
}

/**
 * An F1-best threshold alerting more than this share of the training rows (and more than three times
 * the labelled share) is refused: where scores barely separate the anomalies, F1 peaks at "alert on
 * (almost) every row" (ASD omi-1 with default features: rcf and robust-z alerted on 100% of the
 * validation rows, Isolation Forest on 57%), which no on-call rotation can use.
 */
export const MAX_BEST_F1_ALERT_SHARE = 0.25;

/**
 * The alert threshold for a detector's training scores: the detector's own when its scores are
 * calibrated (`Detector.calibratedThreshold`), else the F1-maximising one when the training labels hold
 * both classes and it alerts a usable share of rows, else the score quantile of its `contamination`
 * parameter.
 */
export function trainingThreshold(
  trainScores: Float64Array,
  labels: Float64Array | null,
  params: Readonly<Record<string, unknown>>,
  calibrated?: number,
): { threshold: number; thresholdRule: ThresholdRule } {
  // A calibrated score's threshold holds across series (NAB's one threshold per corpus); the F1-best one
  // on a training part that starts with the learners' probation was 0 on the demo: every row alerting.
  if (calibrated !== undefined) return { threshold: calibrated, thresholdRule: { kind: 'calibrated' } };
  const positives = labels ? labels.reduce((a, b) => a + (b === 1 ? 1 : 0), 0) : 0;
  let bestF1AlertShare: number | undefined;
  if (labels && positives > 0 && positives < labels.length) {
    const best = bestF1Threshold(labels, trainScores);
    let alerts = 0;
    for (const s of trainScores) if (s >= best.threshold) alerts++;
    const share = alerts / trainScores.length;
    if (share <= Math.max(MAX_BEST_F1_ALERT_SHARE, (3 * positives) / labels.length))
      return { threshold: best.threshold, thresholdRule: { kind: 'best-f1', f1: best.f1 } };
    bestF1AlertShare = share;
  }
  const contamination = contaminationOf(params);
  return {
    threshold: quantileThreshold(trainScores, contamination),
    thresholdRule: {
      kind: 'contamination',
      contamination,
      ...(bestF1AlertShare !== undefined ? { bestF1AlertShare } : {}),
    },
  };
}

/**
 * The training rows' matrix, context and labels (absent without a label column) out of preprocessed data
 * (every row when `rows` is absent).
 */
export function trainingInput(
  pre: PreprocessedData,
  rows: ArrayLike<number> | undefined,
): { X: Matrix; context: RowContext; labels?: Float64Array } {
  const labels = labelsOf(pre.dataset, rows);
  return {
    X: rows ? selectRows(pre.all, rows) : pre.all,
    context: rowContext(pre.dataset, rows),
    ...(labels ? { labels } : {}),
  };
}

/**
 * Training rows scored to place a contamination threshold, at most: its quantile is as good from an
 * evenly spaced sample of this size, and scoring every row of a large file would double `cli train`'s
 * time for slow scorers (One-class SVM on 100,000 rows: 1.8 s).
 */
export const THRESHOLD_SAMPLE_ROWS = 20_000;

/**
 * `take` evenly spaced indices below n, half a step in: detectors fitted on an evenly spaced sample
 * start theirs at row 0, and rows a model was fitted on score lower than new rows, which would pull
 * the threshold down (measured: 5.5% alerts instead of 5% for a One-class SVM).
 */
function evenlySpaced(n: number, take: number): Int32Array {
  return Int32Array.from({ length: take }, (_, s) => Math.floor(((s + 0.5) * n) / take));
}

/**
 * Completes a pipeline with a detector fitted on the training rows, and its threshold. `trainScores`
 * holds every training row's score, or is null when the threshold came from a sample of them (no labels
 * of both classes, a row-wise detector and more than THRESHOLD_SAMPLE_ROWS rows) or from the detector
 * itself (`calibratedThreshold`) and `options.trainScores` is false.
 */
export function completePipeline(
  pre: PreprocessedData,
  detector: Detector,
  rows: ArrayLike<number> | undefined,
  train: { X: Matrix; context: RowContext },
  options: { trainScores?: boolean } = {},
): { fitted: FittedPipeline; trainScores: Float64Array | null } {
  const labels = labelsOf(pre.dataset, rows);
  const positives = labels ? labels.reduce((a, b) => a + (b === 1 ? 1 : 0), 0) : 0;
  const ranked = labels !== null && positives > 0 && positives < labels.length;
  const calibrated = detector.calibratedThreshold?.();
  let rule: { threshold: number; thresholdRule: ThresholdRule };
  // A calibrated detector's threshold needs no training scores: scored only when the caller wants them
  // (an online ensemble's training rows took as long as the rest of the page's run).
  const unscored = calibrated !== undefined && options.trainScores === false;
  const sampled = !ranked && !detector.sequential && train.X.rows > THRESHOLD_SAMPLE_ROWS;
  const trainScores = unscored || sampled ? null : detector.score(train.X, train.context);
  if (unscored) {
    rule = { threshold: calibrated, thresholdRule: { kind: 'calibrated' } };
  } else if (trainScores) {
    rule = trainingThreshold(trainScores, labels, detector.params, calibrated);
  } else {
    const sample = detector.score(selectRows(train.X, evenlySpaced(train.X.rows, THRESHOLD_SAMPLE_ROWS)));
    const contamination = contaminationOf(detector.params);
    rule = {
      threshold: quantileThreshold(sample, contamination),
      thresholdRule: { kind: 'contamination', contamination, sampledRows: THRESHOLD_SAMPLE_ROWS },
    };
  }
  const fitted: FittedPipeline = {
    ...pre.preprocessing,
    detector: detector.toJSON(),
    ...rule,
    trainRows: train.X.rows,
  };
  return { fitted, trainScores };
}

/**
 * Cleans, then fits outlier clipping, features, feature selection, scaler and detector on the training
 * rows, and chooses the alert threshold (see `trainingThreshold`).
 */
export async function fitPipeline(
  ds: Dataset,
  spec: PipelineSpec,
  options: FitPipelineOptions = {},
): Promise<{ fitted: FittedPipeline; trainScores: Float64Array | null }> {
  const featured = typeof spec.features === 'object';
  const pre = fitPreprocessing(ds, spec, {
    ...options,
    onProgress: stage(options.onProgress, 0, featured ? 0.4 : 0),
  });
  const train = trainingInput(pre, options.rows);
  if (train.X.rows < 2) throw new Error(`need at least 2 training rows, got ${train.X.rows}`);
  const detector = createDetector(spec.detector.type, spec.detector.params);
  await detector.fit(train.X, {
    onProgress: stage(options.onProgress, featured ? 0.4 : 0, 1),
    signal: options.signal,
    context: train.context,
    labels: train.labels,
  });
  return completePipeline(pre, detector, options.rows, train);
}
