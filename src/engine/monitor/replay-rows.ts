import { metricColumn } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import type { ReplayRow } from './stream-replay';

/**
 * Rows of a dataset as a stream would deliver them: in time order across the fleet (ties and rows
 * without times in row order), with the given metrics' raw values and the label when there is one. At
 * most `maxRows` (the earliest).
 */
export function replayRows(
  ds: Dataset,
  metrics: readonly string[],
  rows: ArrayLike<number> | null = null,
  maxRows = Infinity,
): ReplayRow[] {
  const missing = metrics.filter((m) => !ds.schema.metrics.includes(m));
  if (missing.length)
    throw new Error(
      `${ds.name}: the model needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the data lacks`,
    );
  const n = ds.table.numRows();
  const picked = rows ? Array.from(rows) : Array.from({ length: n }, (_, i) => i);
  const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  const entities = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const labels = ds.schema.label ? (columnValues(ds.table, ds.schema.label) as ArrayLike<number>) : null;
  if (times) picked.sort((a, b) => Number(times[a]) - Number(times[b]) || a - b);
  else picked.sort((a, b) => a - b);
  const columns = metrics.map((m) => metricColumn(ds, m));
  return picked.slice(0, Math.min(picked.length, maxRows)).map((i) => ({
    time: times ? Number(times[i]) : NaN,
    entity: entities ? String(entities[i]) : '',
    values: columns.map((c) => c[i]),
    label: labels && Number(labels[i]) === 1 ? 1 : 0,
  }));
}
