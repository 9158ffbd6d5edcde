import { datasetFromRows } from '../bundle/reference';
import type { FittedPipeline } from '../pipeline/fitted';
import type { Dataset } from '../table/dataset';
import { parseTime, timeFromNumber } from '../table/time';

/** One row as a client sends it: column name to value (time and entity included when the schema has them). */
export type RowObject = Readonly<Record<string, unknown>>;

/** One row read for scoring: time in epoch ms (NaN without a time column), entity ('' without one). */
export interface ScoringRow {
  time: number;
  entity: string;
  /** Raw metric values in the pipeline's metric order; NaN = missing (JSON null). */
  values: Float64Array;
}

/** A row that cannot be scored, naming the field (and the row, in a batch). */
export class RowError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RowError';
  }
}

/** The fields of a row for a pipeline. */
export interface RowFields {
  time?: string;
  entity?: string;
  metrics: readonly string[];
}

const fieldsOf = new WeakMap<FittedPipeline, RowFields>();

/** The fields a row must have for a pipeline: time, entity (when the schema has them), then its metrics. */
export function rowFields(fitted: FittedPipeline): RowFields {
  let f = fieldsOf.get(fitted);
  if (!f) {
    const s = fitted.spec.schema;
    f = Object.freeze({
      ...(s.time ? { time: s.time } : {}),
      ...(s.entity ? { entity: s.entity } : {}),
      metrics: Object.freeze([...fitted.spec.metrics]),
    });
    fieldsOf.set(fitted, f);
  }
  return f;
}

/**
 * A time as the CSV loader reads it: ISO 8601 text (no zone = UTC) or an epoch number in seconds,
 * milliseconds, micro- or nanoseconds chosen by magnitude. NaN when it is neither.
 */
export function timeValue(v: unknown): number {
  if (typeof v === 'number') return timeFromNumber(v);
  if (typeof v === 'string') return parseTime(v);
  return NaN;
}

/**
 * Reads one row object for a pipeline. Shapes (required fields, types, no unknown field) are the
 * server's JSON schema's business; this checks what a schema cannot: that the time parses.
 *
 * @param at - where the row is, for messages (`rows[3]`), or '' for a single row.
 * @throws RowError naming the field.
 */
export function readRow(fitted: FittedPipeline, row: RowObject, at = ''): ScoringRow {
  const f = rowFields(fitted);
  const where = (field: string): string => (at ? `${at}.${field}` : field);
  let time = NaN;
  if (f.time) {
    time = timeValue(row[f.time]);
    if (Number.isNaN(time)) {
      throw new RowError(
        `${where(f.time)}: ${JSON.stringify(row[f.time])} is not a time (expected ISO 8601 such as 2024-03-04T10:00:00Z, or epoch seconds or milliseconds)`,
        f.time,
      );
    }
  }
  const entity = f.entity ? String(row[f.entity]) : '';
  const values = new Float64Array(f.metrics.length);
  for (let j = 0; j < f.metrics.length; j++) {
    const v = row[f.metrics[j]];
    if (v === null || v === undefined) values[j] = NaN;
    else if (typeof v === 'number' && Number.isFinite(v)) values[j] = v;
    else
      throw new RowError(
        `${where(f.metrics[j])}: must be a number or null, got ${JSON.stringify(v)}`,
        f.metrics[j],
      );
  }
  return { time, entity, values };
}

/**
 * A dataset of row objects in the column layout the CLI reads a file into (time as epoch ms, entity
 * as text, metrics as numbers), so a JSON batch scores as the same rows in a CSV file would.
 *
 * @param at - what the rows are called in messages (`body.rows` -> `body.rows[3].cpu_pct`).
 * @throws RowError naming the row and field.
 */
export function datasetFromRowObjects(
  fitted: FittedPipeline,
  rows: readonly RowObject[],
  at = 'rows',
): Dataset {
  const f = rowFields(fitted);
  const columns = [...(f.time ? [f.time] : []), ...(f.entity ? [f.entity] : []), ...f.metrics];
  const table = rows.map((row, i) => {
    const r = readRow(fitted, row, `${at}[${i}]`);
    const cells: (number | string | null)[] = [];
    if (f.time) cells.push(r.time);
    if (f.entity) cells.push(r.entity);
    for (let j = 0; j < r.values.length; j++) cells.push(Number.isNaN(r.values[j]) ? null : r.values[j]);
    return cells;
  });
  return { ...datasetFromRows(fitted, columns, table), name: 'batch' };
}
