import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import { DataError } from '../table/dataset';
import { singleMetricFeatures } from '../features/single-metric';
import { forwardFill } from '../prep/fill-missing';
import { resolveFeatureMode, type PipelineSpec } from './spec';

/** Named feature columns, one value per dataset row. */
export interface FeatureTable {
  names: string[];
  columns: Float64Array[];
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
  return Float64Array.from(columnValues(ds.table, name) as ArrayLike<number>, Number);
}

/**
 * Computes the spec's features for every row of a dataset. Missing values are forward-filled per
 * entity first; rolling features are causal (each row uses only its entity's past rows).
 */
export function buildFeatures(ds: Dataset, spec: PipelineSpec): FeatureTable {
  const groups = entityGroups(ds);
  const mode = resolveFeatureMode(spec);
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const metric of spec.metrics) {
    const values = forwardFill(metricColumn(ds, metric), groups);
    if (mode === 'raw') {
      names.push(metric);
      columns.push(values);
      continue;
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
  }
  return { names, columns };
}
