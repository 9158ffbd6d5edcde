import type { Detector } from '../detectors/detector';
import { metricColumn } from '../pipeline/features';
import { cleanForSpec } from '../pipeline/fit';
import type { FittedPipeline } from '../pipeline/fitted';
import { scorePipeline } from '../pipeline/score';
import { columnValues } from '../table/column-values';
import type { Dataset, Schema } from '../table/dataset';

/**
 * The column roles to load a file with for a fitted pipeline: the bundle's, never ones guessed from the
 * new file ('' = the model has no such column; a label column is never read).
 */
export function bundleRoles(fitted: FittedPipeline): Partial<Schema> {
  const s = fitted.spec.schema;
  return { time: s.time ?? '', entity: s.entity ?? '', label: '', metrics: [...fitted.spec.metrics] };
}

/** One row's result in a batch. */
export interface BatchRowResult {
  /** null for a row the pipeline's cleaning drops (method 'drop' and a metric missing). */
  score: number | null;
  alert: boolean;
}

/** A batch's results. */
export interface BatchResult {
  /**
   * One per input row, in input order; when the pipeline resamples, one per grid step instead (sorted
   * by entity, then time), with `times` and `entities` saying which.
   */
  results: BatchRowResult[];
  resampled: boolean;
  /** Grid steps' times (epoch ms) and entities, when resampled; else null. */
  times: Float64Array | null;
  entities: string[] | null;
  /** Rows dropped by the cleaning. */
  dropped: number;
}

/**
 * Scores a batch from empty per-entity state with `scorePipeline`, the function `cli score` scores a
 * file with, and lays the results out in input order (see {@link BatchResult} for the two cleaning
 * steps that change the rows).
 */
export function scoreBatchRows(fitted: FittedPipeline, ds: Dataset, detector?: Detector): BatchResult {
  const { dataset } = cleanForSpec(ds, fitted.spec);
  const { scores, alerts } = scorePipeline(fitted, dataset, detector, true);
  const n = ds.table.numRows();
  if (fitted.spec.cleaning?.resample) {
    const s = dataset.schema;
    const results = Array.from(scores, (score, i) => ({ score, alert: alerts[i] === 1 }));
    return {
      results,
      resampled: true,
      times: s.time ? Float64Array.from(columnValues(dataset.table, s.time) as ArrayLike<number>) : null,
      entities: s.entity
        ? Array.from(columnValues(dataset.table, s.entity) as ArrayLike<unknown>, String)
        : null,
      dropped: 0,
    };
  }
  if (scores.length === n) {
    const results = Array.from(scores, (score, i) => ({ score, alert: alerts[i] === 1 }));
    return { results, resampled: false, times: null, entities: null, dropped: 0 };
  }
  // Method 'drop' removed the rows with a missing metric; the others keep their order.
  const columns = fitted.spec.metrics.map((m) => metricColumn(ds, m));
  const results: BatchRowResult[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (columns.some((c) => c[i] !== c[i])) results.push({ score: null, alert: false });
    else {
      results.push({ score: scores[k], alert: alerts[k] === 1 });
      k++;
    }
  }
  return { results, resampled: false, times: null, entities: null, dropped: n - k };
}
