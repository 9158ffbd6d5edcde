import { columnValues } from './column-values';
import { table } from 'arquero';
import { entityGroups } from '../pipeline/features';
import { rangesFromLabels } from '../eda/label-ranges';
import { DataError, type Dataset } from './dataset';
import { LABEL_COLUMN } from './label-windows';

/**
 * A hand-made label: every row of `entity` (every row when null) whose time lies in [start, end]
 * gets `value`. Without a time column, start and end are row numbers within the entity's rows.
 */
export interface LabelEdit {
  entity: string | null;
  start: number;
  end: number;
  value: 0 | 1;
}

/**
 * Applies label edits in order (a later edit wins), creating a 0/1 `label` column when the data has
 * none. The dataset's other columns are untouched.
 */
export function applyLabelEdits(ds: Dataset, edits: readonly LabelEdit[]): Dataset {
  if (!edits.length) return ds;
  const n = ds.table.numRows();
  const column = ds.schema.label ?? LABEL_COLUMN;
  if (!ds.schema.label && ds.table.columnNames().includes(column)) {
    throw new DataError(`cannot add labels: a column named '${column}' exists but is not the label`, ds.name);
  }
  const label = ds.schema.label
    ? Float64Array.from(columnValues(ds.table, column) as ArrayLike<number>, Number)
    : new Float64Array(n);
  const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  const ents = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const groups = entityGroups(ds);
  for (const e of edits) {
    for (const g of groups) {
      if (e.entity !== null && ents && String(ents[g[0]]) !== e.entity) continue;
      g.forEach((i, k) => {
        const x = times ? times[i] : k;
        if (x >= e.start && x <= e.end) label[i] = e.value;
      });
    }
  }
  return {
    ...ds,
    table: ds.table.assign(table({ [column]: label })),
    schema: { ...ds.schema, label: column, metrics: ds.schema.metrics.filter((m) => m !== column) },
  };
}

function nabTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '000');
}

/**
 * The dataset's labels as NAB-style anomaly windows: `{ "name.csv": [[start, end], ...] }` for one
 * series, or one key `name.csv#entity` per entity. Times are written as NAB writes them
 * (`2014-02-26 13:45:00.000000`, UTC). Needs a time column and a label column.
 */
export function exportLabelWindows(ds: Dataset): Record<string, [string, string][]> {
  if (!ds.schema.time) throw new DataError('label windows need a time column', ds.name);
  if (!ds.schema.label) throw new DataError('there are no labels to export', ds.name);
  const times = columnValues(ds.table, ds.schema.time) as ArrayLike<number>;
  const labels = columnValues(ds.table, ds.schema.label) as ArrayLike<number>;
  const ents = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const out: Record<string, [string, string][]> = {};
  for (const g of entityGroups(ds)) {
    const key = ents ? `${ds.name}.csv#${String(ents[g[0]])}` : `${ds.name}.csv`;
    const ranges = rangesFromLabels(
      Float64Array.from(g, (i) => times[i]),
      Float64Array.from(g, (i) => Number(labels[i])),
    );
    out[key] = ranges.map((r) => [nabTime(r.start), nabTime(r.end)]);
  }
  return out;
}
