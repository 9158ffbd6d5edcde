import { fitBaselines, type MetricBaselines } from '../evaluation/alert-explanation';
import type { FittedPipeline } from '../pipeline/fitted';
import { metricColumn } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';

/** Bins per metric in a drift reference (deciles of the training values). */
export const DRIFT_BINS = 10;

/**
 * One metric's training distribution for the population stability index: bins cut at quantiles of the
 * training values, and the share of training values in each. Bin k holds the values v with
 * `edges[k - 1] < v <= edges[k]` (the first bin is open below, the last open above), so there is one
 * more proportion than edges.
 */
export interface DriftReference {
  metric: string;
  /** Strictly increasing cut points (equal quantiles of heavily tied values are merged). */
  edges: number[];
  /** Share of the finite training values per bin; sums to 1 (empty when there was none). */
  proportions: number[];
  /** Finite training values the bins were measured on. */
  count: number;
}

/** What a bundle keeps of the training rows' raw metric values (manifest `trainingSummary`). */
export interface TrainingSummary {
  /** Rows summarised. */
  rows: number;
  /** Usual level per metric, overall and per hour of the week: the contributions' baselines. */
  baselines: MetricBaselines;
  /** One per pipeline metric, in the pipeline's metric order. */
  drift: DriftReference[];
}

/** The bin of value `v` for cut points `edges` (see {@link DriftReference}); -1 for a non-finite value. */
export function binOf(edges: readonly number[], v: number): number {
  if (!Number.isFinite(v)) return -1;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Linear-interpolation quantile of ascending values (numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** A metric's drift reference from its training values (non-finite values are left out). */
export function driftReference(metric: string, values: ArrayLike<number>, bins = DRIFT_BINS): DriftReference {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  const count = finite.length;
  if (count === 0) return { metric, edges: [], proportions: [], count };
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(finite, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  // The top quantile edge equal to the maximum would leave the last bin always empty.
  while (edges.length && edges[edges.length - 1] >= finite[count - 1]) edges.pop();
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < count; i++) counts[binOf(edges, finite[i])]++;
  return { metric, edges, proportions: counts.map((c) => c / count), count };
}

/**
 * Summarises the training rows' raw metric values (before cleaning) for a bundle: baselines for
 * contributions and a drift reference per metric.
 *
 * @param rows - row indices of `ds` the model was trained on; all rows when absent.
 */
export function summarizeTraining(
  fitted: FittedPipeline,
  ds: Dataset,
  rows?: ArrayLike<number>,
): TrainingSummary {
  const n = ds.table.numRows();
  const trainRows = rows ?? Int32Array.from({ length: n }, (_, i) => i);
  const metrics = fitted.spec.metrics;
  const columns = metrics.map((m) => metricColumn(ds, m));
  const timeCol = fitted.spec.schema.time;
  const times =
    timeCol && ds.table.columnNames().includes(timeCol)
      ? Float64Array.from(columnValues(ds.table, timeCol) as ArrayLike<number>, Number)
      : null;
  const baselines = fitBaselines(metrics, columns, trainRows, times);
  const drift = metrics.map((m, j) =>
    driftReference(
      m,
      Float64Array.from(trainRows, (i) => columns[j][i]),
    ),
  );
  return { rows: trainRows.length, baselines, drift };
}
