import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import { DataError } from '../table/dataset';
import { singleMetricFeatures } from '../features/single-metric';
import { forwardFill } from '../prep/fill-missing';
import { asNumbers } from '../prep/missing-values';
import { resolveFeatureMode, type PipelineSpec } from './spec';
import type { FitOptions } from '../detectors/detector';
import { computeFeatures } from '../features/batch';
import { planFeatures } from '../features/plan';
import { typicalStepMs } from '../features/step';
import { applyClip, type ClipBounds } from '../prep/outliers';

/** Named feature columns, one value per dataset row. */
export interface FeatureTable {
  names: string[];
  columns: Float64Array[];
  /** The typical step the features were computed with (feature configurations only), else null. */
  stepMs: number | null;
}

/**
 * Row indices of each entity in time order (row order for equal times, or when there is no time
 * column); one group holds every row when there is no entity column. Everything causal (forward fill,
 * rolling features) walks these groups, so a file whose rows are not sorted scores as a sorted one.
 */
export function entityGroups(ds: Dataset): number[][] {
  const n = ds.table.numRows();
  const col = ds.schema.entity;
  let groups: number[][];
  if (!col) groups = [Array.from({ length: n }, (_, i) => i)];
  else {
    const values = columnValues(ds.table, col) as ArrayLike<unknown>;
    const byKey = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const key = String(values[i]);
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = []));
      g.push(i);
    }
    groups = [...byKey.values()];
  }
  if (!ds.schema.time) return groups;
  const times = columnValues(ds.table, ds.schema.time) as ArrayLike<number>;
  return groups.map((g) => {
    for (let k = 1; k < g.length; k++) {
      // Array.prototype.sort is stable, so rows with equal times keep their file order.
      if (times[g[k]] < times[g[k - 1]]) return [...g].sort((a, b) => times[a] - times[b]);
    }
    return g;
  });
}

/** A metric column as numbers, refusing a column the dataset does not have. */
export function metricColumn(ds: Dataset, name: string): Float64Array {
  if (!ds.table.columnNames().includes(name)) {
    throw new DataError(
      `missing metric column '${name}' (columns: ${ds.table.columnNames().join(', ')})`,
      ds.name,
      undefined,
      name,
    );
  }
  return asNumbers(columnValues(ds.table, name) as ArrayLike<unknown>);
}

/** What `buildFeatures` needs besides the dataset and the spec. */
export interface BuildFeatureOptions extends Pick<FitOptions, 'onProgress' | 'signal'> {
  /** The feature context's step (from the fitted pipeline); absent: measured on this dataset. */
  stepMs?: number | null;
  /** Clipping bounds per spec metric (fitted on training rows), applied before features. */
  clip?: readonly (ClipBounds | null)[];
}

/** The metric columns of a spec, clipped when bounds are given (NaN = missing). */
export function specMetricColumns(
  ds: Dataset,
  spec: PipelineSpec,
  clip?: readonly (ClipBounds | null)[],
): Float64Array[] {
  return spec.metrics.map((m, j) => {
    const col = metricColumn(ds, m);
    return clip?.[j] ? applyClip(col, clip[j]).values : col;
  });
}

/**
 * Computes the spec's features for every row of a dataset, per entity in time order. With a feature
 * configuration, every enabled family runs through the same per-entity state the streaming scorer uses;
 * the presets forward-fill per entity, then compute their columns. Every feature is causal.
 */
export function buildFeatures(
  ds: Dataset,
  spec: PipelineSpec,
  options: BuildFeatureOptions = {},
): FeatureTable {
  const groups = entityGroups(ds);
  const mode = resolveFeatureMode(spec);
  const metrics = specMetricColumns(ds, spec, options.clip);
  if (typeof spec.features === 'object') {
    const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
    const stepMs = options.stepMs !== undefined ? options.stepMs : typicalStepMs(times, groups);
    const plan = planFeatures(spec.features, spec.metrics, stepMs);
    const columns = computeFeatures(plan, { metrics, times, groups }, options);
    return { names: plan.names, columns, stepMs };
  }
  const names: string[] = [];
  const columns: Float64Array[] = [];
  spec.metrics.forEach((metric, j) => {
    const values = forwardFill(metrics[j], groups);
    if (mode === 'raw') {
      names.push(metric);
      columns.push(values);
      return;
    }
    let featureNames: string[] = [];
    const out: Float64Array[] = [];
    for (const idx of groups) {
      const part = singleMetricFeatures(
        idx.map((i) => values[i]),
        12,
      );
      if (!out.length) {
        featureNames = part.names;
        for (let k = 0; k < part.names.length; k++) out.push(new Float64Array(values.length));
      }
      for (let k = 0; k < part.columns.length; k++) {
        const src = part.columns[k];
        const dst = out[k];
        for (let r = 0; r < idx.length; r++) dst[idx[r]] = src[r];
      }
    }
    featureNames.forEach((f) => names.push(spec.metrics.length === 1 ? f : `${metric}:${f}`));
    columns.push(...out);
  });
  return { names, columns, stepMs: null };
}
