import { columnValues } from '../table/column-values';
import type { FitOptions } from '../detectors/detector';
import { createDetector } from '../detectors/index';
import { bestF1Threshold, quantileThreshold } from '../metrics/index';
import { applyScaler, fitScaler } from '../prep/scaler';
import type { Dataset } from '../table/dataset';
import { matrixFromColumns, type Matrix } from '../util/matrix';
import { buildFeatures } from './features';
import type { FittedPipeline, ThresholdRule } from './fitted';
import type { PipelineSpec } from './spec';

export interface FitPipelineOptions extends FitOptions {
  /** Rows to train on (default: all rows). */
  rows?: ArrayLike<number>;
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

/**
 * Fits features, scaler and detector on the training rows and chooses the alert threshold:
 * the F1-maximising one when the training rows carry both classes of label, else the score quantile
 * of the detector's `contamination` parameter.
 */
export async function fitPipeline(
  ds: Dataset,
  spec: PipelineSpec,
  options: FitPipelineOptions = {},
): Promise<{ fitted: FittedPipeline; trainScores: Float64Array }> {
  const features = buildFeatures(ds, spec);
  const trainCols = features.columns.map((c) => pick(c, options.rows));
  const scaler = fitScaler(spec.scaler, trainCols);
  const X = toMatrix(applyScaler(scaler, trainCols));
  if (X.rows < 2) throw new Error(`need at least 2 training rows, got ${X.rows}`);
  const detector = createDetector(spec.detector.type, spec.detector.params);
  await detector.fit(X, { onProgress: options.onProgress, signal: options.signal });
  const trainScores = detector.score(X);
  const labels = labelsOf(ds, options.rows);
  let threshold: number;
  let thresholdRule: ThresholdRule;
  const positives = labels ? labels.reduce((a, b) => a + (b === 1 ? 1 : 0), 0) : 0;
  if (labels && positives > 0 && positives < labels.length) {
    const best = bestF1Threshold(labels, trainScores);
    threshold = best.threshold;
    thresholdRule = { kind: 'best-f1', f1: best.f1 };
  } else {
    const contamination = contaminationOf(detector.params);
    threshold = quantileThreshold(trainScores, contamination);
    thresholdRule = { kind: 'contamination', contamination };
  }
  return {
    fitted: {
      spec,
      featureNames: features.names,
      scaler,
      detector: detector.toJSON(),
      threshold,
      thresholdRule,
      trainRows: X.rows,
    },
    trainScores,
  };
}
