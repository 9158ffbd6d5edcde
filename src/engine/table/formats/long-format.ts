import { table } from 'arquero';
import { DataError, quoteCell, type Dataset, type Schema } from '../dataset';
import { inferSchema } from '../infer-schema';
import { baseName } from '../load';
import { NUM_INVALID, NUM_NON_FINITE, scanNumber, scanState } from '../number';
import type { Column, ColumnKind, ParsedCsv } from '../parse-csv';
import { parseTime, timeFromNumber } from '../time';

/** Time column names, as schema inference knows them (compared lower-cased). */
const TIME_NAMES = new Set([
  'timestamp',
  'time',
  'date',
  'datetime',
  'ts',
  'time_stamp',
  'date_time',
  'event_time',
  'eventtime',
  'created_at',
  'time_utc',
  'timestamp_utc',
  '@timestamp',
  '_time',
]);
/** Columns that name the metric of a long row (pandas' `melt` writes `variable`). */
const METRIC_NAMES = new Set([
  'metric',
  'metric_name',
  'metricname',
  'name',
  '__name__',
  'series',
  'variable',
]);
/** Columns that hold the value of a long row. */
const VALUE_NAMES = new Set(['value', 'metric_value', 'val', 'values']);
const LABEL_NAMES = new Set(['label', 'anomaly', 'is_anomaly', 'isanomaly', 'anomalous', 'is_anomalous']);
/** Entity hints, compared after lower-casing and dropping non-letters; `<hint>id` and `<hint>name` match too. */
const ENTITY_HINTS = [
  'entity',
  'instance',
  'host',
  'hostname',
  'server',
  'node',
  'machine',
  'pod',
  'container',
  'device',
  'service',
  'id',
];

/** The columns of a long file and the role each plays. */
interface LongRoles {
  time: number;
  metric: number;
  value: number;
  entity: number;
  label: number;
}

/**
 * True when the header and column kinds describe a long ("tidy") table: one row per time, (entity,)
 * metric name and value. That is: a column named like a time, a text column naming the metric
 * (`metric`, `metric_name`, `name`, `__name__`, `series` or `variable`), a column holding the value
 * (`value`, `metric_value`, `val`), and no other numeric column than an entity-like id or a 0/1 label.
 * Other text columns (tags such as a region) may be present; they are dropped by {@link pivotLong}.
 */
export function isLongFormat(header: string[], kinds: ColumnKind[]): boolean {
  const roles = findRoles(header, {});
  if (!roles || kinds[roles.metric] !== 'string') return false;
  return header.every(
    (_, i) =>
      kinds[i] !== 'number' ||
      i === roles.time ||
      i === roles.value ||
      i === roles.entity ||
      i === roles.label,
  );
}

/**
 * Pivots a parsed long CSV into a wide dataset: one row per (entity, time), one Float64Array column per
 * metric name, in the order the names first appear.
 *
 * - Rows are ordered by entity (in order of first appearance), then by time ascending.
 * - A (entity, time, metric) that appears more than once is averaged (over its non-missing values);
 *   the count is reported in `warnings`. A combination that never appears is NaN.
 * - The label of a wide row is 1 when any of its long rows has label 1 (labels must be 0 or 1).
 * - Text columns other than the time, entity, metric name and label are dropped (a warning says so).
 * - `overrides.time`, `overrides.entity` and `overrides.label` name columns of the long file (`''` =
 *   no such column; without an entity, every row belongs to one series); `overrides.metrics` chooses
 *   among the pivoted metric names.
 *
 * The wide table's columns are: the time (epoch ms, Float64Array), the entity (text), the metrics,
 * the label (Float64Array of 0/1).
 *
 * @param parsed the CSV as {@link parseCsv} returned it
 * @param file the file's name, for messages and the dataset's name
 * @throws DataError when the file is not long (naming the columns it needs), or for an unreadable time,
 *   an empty entity or metric name, a non-numeric value, a label other than 0/1 (naming the line and
 *   column), or a metric name that clashes with the time, entity or label column
 */
export function pivotLong(parsed: ParsedCsv, file: string, overrides: Partial<Schema> = {}): Dataset {
  const { header, columns, lines } = parsed;
  const roles = findRoles(header, overrides);
  if (!roles) {
    throw new DataError(
      `not a long-format table: it needs a time column, a metric name column (${[...METRIC_NAMES].join(', ')}) and a value column (${[...VALUE_NAMES].join(', ')}); columns: ${header.join(', ')}`,
      file,
    );
  }
  if (parsed.rows === 0) throw new DataError('the file has a header but no data rows', file);
  const n = parsed.rows;
  const timeName = header[roles.time];
  const entityName = roles.entity >= 0 ? header[roles.entity] : undefined;
  const labelName = roles.label >= 0 ? header[roles.label] : undefined;
  const warnings: string[] = [];

  const time = new Float64Array(n);
  const timeCol = columns[roles.time];
  for (let r = 0; r < n; r++) {
    const v = timeCol[r];
    const ms = typeof v === 'number' ? timeFromNumber(v) : parseTime(v);
    if (Number.isNaN(ms)) {
      const cell = typeof v === 'number' ? '' : v;
      throw new DataError(
        cell.trim() === ''
          ? 'the time is empty'
          : `${quoteCell(cell)} is not a time (expected ISO 8601 such as 2024-03-04T10:00:00Z, or epoch seconds or milliseconds)`,
        file,
        lines[r],
        timeName,
      );
    }
    time[r] = ms;
  }

  const entityNames: string[] = [];
  const entity =
    entityName === undefined ? null : codes(columns[roles.entity], entityNames, 'entity', entityName);
  const metricNames: string[] = [];
  const metric = codes(columns[roles.metric], metricNames, 'metric name', header[roles.metric]);
  function codes(col: Column, names: string[], what: string, column: string): Int32Array {
    const index = new Map<string, number>();
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const v = col[r];
      const key = typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v.trim();
      if (key === '') throw new DataError(`the ${what} is empty`, file, lines[r], column);
      let code = index.get(key);
      if (code === undefined) {
        code = names.length;
        index.set(key, code);
        names.push(key);
      }
      out[r] = code;
    }
    return out;
  }
  for (const name of metricNames) {
    if (name === timeName || name === entityName || name === labelName) {
      throw new DataError(
        `the metric name '${name}' is also the name of the ${name === timeName ? 'time' : name === entityName ? 'entity' : 'label'} column; rename one of them`,
        file,
        undefined,
        header[roles.metric],
      );
    }
  }

  const valueName = header[roles.value];
  const valueCol = columns[roles.value];
  let value: Float64Array;
  if (valueCol instanceof Float64Array) {
    value = valueCol;
    const inf = parsed.nonFinite.find((f) => f.column === valueName);
    if (inf) warnings.push(nonFiniteWarning(valueName, inf.count, inf.firstLine));
  } else {
    value = new Float64Array(n);
    let infinite = 0;
    let firstInfinite = 0;
    for (let r = 0; r < n; r++) {
      const cell = valueCol[r];
      value[r] = scanNumber(cell, 0, cell.length);
      if (scanState.status === NUM_INVALID) {
        throw new DataError(`${quoteCell(cell)} is not a number`, file, lines[r], valueName);
      }
      if (scanState.status === NUM_NON_FINITE && infinite++ === 0) firstInfinite = lines[r];
    }
    if (infinite > 0) warnings.push(nonFiniteWarning(valueName, infinite, firstInfinite));
  }

  let label: Float64Array | undefined;
  if (labelName !== undefined) {
    label = new Float64Array(n);
    const col = columns[roles.label];
    for (let r = 0; r < n; r++) {
      const v = col[r];
      const x = typeof v === 'number' ? v : v.trim() === '0' ? 0 : v.trim() === '1' ? 1 : NaN;
      if (x !== 0 && x !== 1) {
        const shown = typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v;
        throw new DataError(
          `the label must be 0 or 1, got ${shown === '' ? 'an empty cell' : quoteCell(shown)}`,
          file,
          lines[r],
          labelName,
        );
      }
      label[r] = x;
    }
  }

  const used = new Set([roles.time, roles.metric, roles.value, roles.entity, roles.label]);
  const dropped = header.filter((_, i) => !used.has(i));
  if (dropped.length > 0) {
    warnings.push(
      `column${dropped.length === 1 ? '' : 's'} ${dropped.map((d) => `'${d}'`).join(', ')} not used by the long-format pivot and left out`,
    );
  }

  const wide = pivotRows({ time, entity, metric, value, label }, entityNames.length || 1, metricNames.length);
  if (wide.duplicates > 0) {
    const r = wide.firstDuplicate;
    const who = entity ? `${entityNames[entity[r]]}, ` : '';
    warnings.push(
      `${wide.duplicates} duplicate (${entityName ? 'entity, ' : ''}time, metric) row${wide.duplicates === 1 ? '' : 's'} averaged (first on line ${lines[r]}: ${who}${new Date(time[r]).toISOString()}, ${metricNames[metric[r]]})`,
    );
  }
  const ds = wideDataset(
    file,
    timeName,
    entityName,
    entityNames,
    metricNames,
    labelName,
    wide,
    overrides.metrics,
  );
  if (warnings.length > 0) ds.warnings = warnings;
  return ds;
}

function nonFiniteWarning(column: string, count: number, firstLine: number): string {
  return `column '${column}': ${count} infinite or out-of-range value${count === 1 ? '' : 's'} read as missing (first on line ${firstLine})`;
}

function findRoles(header: string[], overrides: Partial<Schema>): LongRoles | undefined {
  const lower = header.map((h) => h.toLowerCase());
  const at = (name: string | undefined): number => (name ? header.indexOf(name) : -1);
  const time = overrides.time !== undefined ? at(overrides.time) : lower.findIndex((h) => TIME_NAMES.has(h));
  const metric = lower.findIndex((h, i) => METRIC_NAMES.has(h) && i !== time);
  const value = lower.findIndex((h, i) => VALUE_NAMES.has(h) && i !== time && i !== metric);
  if (time < 0 || metric < 0 || value < 0) return undefined;
  const taken = (i: number): boolean => i === time || i === metric || i === value;
  const label =
    overrides.label !== undefined
      ? at(overrides.label)
      : lower.findIndex((h, i) => LABEL_NAMES.has(h) && !taken(i));
  const entity =
    overrides.entity !== undefined
      ? at(overrides.entity)
      : header.findIndex((h, i) => !taken(i) && i !== label && hinted(h));
  if (overrides.entity && entity < 0) return undefined;
  if (overrides.label && label < 0) return undefined;
  return { time, metric, value, entity, label };
}

function hinted(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  return ENTITY_HINTS.some((h) => n === h || n === h + 'id' || n === h + 'name' || n === h + 's');
}

/**
 * Long observations ready to pivot: one per input row. Times are epoch ms; entities and metrics are
 * codes into name lists kept by the caller (`entity` null = one series).
 */
export interface LongRows {
  time: Float64Array;
  entity: Int32Array | null;
  metric: Int32Array;
  value: Float64Array;
  label?: Float64Array;
}

/** The result of {@link pivotRows}: wide columns ordered by entity code, then time. */
export interface WideRows {
  time: Float64Array;
  /** The entity code of each wide row (all 0 without entities). */
  entity: Int32Array;
  metrics: Float64Array[];
  label?: Float64Array;
  /** Long rows beyond the first for the same (entity, time, metric). */
  duplicates: number;
  /** The long row index of the first duplicate (-1 when none). */
  firstDuplicate: number;
}

/**
 * Pivots long observations: one wide row per (entity, time), ordered by entity code then time; the
 * mean of the non-missing values of each (entity, time, metric); NaN for a combination never seen;
 * the label of a wide row is the largest of its rows'. Shared by the long-CSV and JSON loaders.
 */
export function pivotRows(rows: LongRows, entityCount: number, metricCount: number): WideRows {
  const n = rows.time.length;
  const byEntity: Map<number, number>[] = Array.from({ length: entityCount }, () => new Map());
  const wideOf = new Int32Array(n);
  const keyEntity: number[] = [];
  const keyTime: number[] = [];
  for (let r = 0; r < n; r++) {
    const e = rows.entity ? rows.entity[r] : 0;
    const map = byEntity[e];
    const t = rows.time[r];
    let w = map.get(t);
    if (w === undefined) {
      w = keyTime.length;
      map.set(t, w);
      keyEntity.push(e);
      keyTime.push(t);
    }
    wideOf[r] = w;
  }
  const R = keyTime.length;
  const M = metricCount;
  const sum = new Float64Array(R * M);
  const seen = new Int32Array(R * M);
  const counted = new Int32Array(R * M);
  const labels = rows.label ? new Float64Array(R) : undefined;
  let duplicates = 0;
  let firstDuplicate = -1;
  for (let r = 0; r < n; r++) {
    const cell = wideOf[r] * M + rows.metric[r];
    if (seen[cell]++ > 0 && duplicates++ === 0) firstDuplicate = r;
    const v = rows.value[r];
    if (v === v) {
      sum[cell] += v;
      counted[cell]++;
    }
    if (labels && rows.label) labels[wideOf[r]] = Math.max(labels[wideOf[r]], rows.label[r]);
  }

  const order = Int32Array.from({ length: R }, (_, i) => i).sort(
    (a, b) => keyEntity[a] - keyEntity[b] || keyTime[a] - keyTime[b],
  );
  const time = new Float64Array(R);
  const entity = new Int32Array(R);
  const metrics = Array.from({ length: M }, () => new Float64Array(R));
  const label = labels ? new Float64Array(R) : undefined;
  for (let i = 0; i < R; i++) {
    const w = order[i];
    time[i] = keyTime[w];
    entity[i] = keyEntity[w];
    for (let m = 0; m < M; m++) {
      const c = counted[w * M + m];
      metrics[m][i] = c === 0 ? NaN : c === 1 ? sum[w * M + m] : sum[w * M + m] / c;
    }
    if (label && labels) label[i] = labels[w];
  }
  const out: WideRows = { time, entity, metrics, duplicates, firstDuplicate };
  if (label) out.label = label;
  return out;
}

/**
 * Builds the dataset of pivoted rows: columns time, entity (when named), metrics, label (when any);
 * the schema is checked by {@link inferSchema} with the roles fixed and the metrics chosen by `metrics`.
 */
export function wideDataset(
  file: string,
  timeName: string,
  entityName: string | undefined,
  entityNames: string[],
  metricNames: string[],
  labelName: string | undefined,
  wide: WideRows,
  metrics?: string[],
): Dataset {
  const header: string[] = [timeName];
  const kinds: ColumnKind[] = ['number'];
  const columns: Column[] = [wide.time];
  if (entityName !== undefined) {
    header.push(entityName);
    kinds.push('string');
    columns.push(Array.from(wide.entity, (e) => entityNames[e]));
  }
  metricNames.forEach((name, m) => {
    header.push(name);
    kinds.push('number');
    columns.push(wide.metrics[m]);
  });
  if (labelName !== undefined && wide.label) {
    header.push(labelName);
    kinds.push('number');
    columns.push(wide.label);
  }
  const schema = inferSchema(
    header,
    kinds,
    columns,
    {
      time: timeName,
      entity: entityName ?? '',
      label: wide.label ? labelName : '',
      metrics: metrics ?? metricNames,
    },
    { file },
  );
  const data = new Map<string, Column>(header.map((h, i) => [h, columns[i]]));
  return { name: baseName(file), table: table(data, header), schema };
}
