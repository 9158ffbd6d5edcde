import { DataError, quoteCell, type Schema } from './dataset';
import { lastStatus, NUM_INVALID, NUM_MISSING, scanNumber } from './number';
import type { Column, ColumnKind } from './parse-csv';
import { isDateText } from './time';

/** Where the columns came from, so errors can name the file and line. */
export interface InferContext {
  file?: string;
  /** 1-based line of each row (header = line 1); row i is taken to be on line i + 2 without it. */
  lines?: ArrayLike<number>;
}

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
const LABEL_NAMES = new Set(['label', 'anomaly', 'is_anomaly', 'isanomaly', 'anomalous', 'is_anomalous']);
/** Entity hints, compared after lower-casing and dropping non-letters; `<hint>id` and `<hint>name` match too. */
const ENTITY_HINTS = [
  'instance',
  'host',
  'entity',
  'server',
  'node',
  'machine',
  'pod',
  'container',
  'device',
  'service',
  'id',
];
/** Text columns with these words are descriptions of rows, not who the row is about. */
const NOT_ENTITY = /type|kind|class|label|anomal|reason|comment|note|desc|message|text/i;
/** Values sampled to recognise a text column as times. */
const TIME_SAMPLES = 25;

/**
 * Decides which column plays which role.
 *
 * - **time**: a column named like a time (timestamp, time, date, datetime, ts, ...), else the first text
 *   column whose sampled values all read as dates ({@link isDateText}).
 * - **label**: a column named label, anomaly or is_anomaly (and a few variants); its values must be 0 or 1.
 * - **entity**: a text column (not the time) with no empty cell and few distinct values relative to the
 *   rows (at most half the rows); columns named like instance, host, entity, server, node, id are
 *   preferred, names like anomaly_type are passed over.
 * - **metrics**: every numeric column that is not the time, label or entity.
 *
 * Overrides win. An override of `''` for time, entity or label means "no such column".
 * A text column that is mostly numbers is refused at its first non-number, since it is almost always a
 * metric with a stray cell.
 *
 * @throws DataError when an override names a missing column (listing the columns), when the label has
 *   a value other than 0/1, or when a mostly numeric column has a non-numeric cell (naming the line).
 */
export function inferSchema(
  header: string[],
  kinds: ColumnKind[],
  columns: Column[],
  overrides: Partial<Schema> = {},
  context: InferContext = {},
): Schema {
  const file = context.file;
  const lineOf = (row: number): number => (context.lines ? context.lines[row] : row + 2);
  const index = new Map(header.map((name, i) => [name, i]));
  const check = (name: string, role: string): number => {
    const i = index.get(name);
    if (i === undefined) {
      throw new DataError(
        `the ${role} column '${name}' is not in the file; columns: ${header.join(', ')}`,
        file,
        undefined,
        name,
      );
    }
    return i;
  };
  for (const role of ['time', 'entity', 'label'] as const) {
    const name = overrides[role];
    if (name) check(name, role);
  }
  for (const name of overrides.metrics ?? []) check(name, 'metric');

  const taken = new Set<string>();
  const pick = (role: 'time' | 'entity' | 'label', infer: () => string | undefined): string | undefined => {
    const given = overrides[role];
    const name = given === '' ? undefined : given !== undefined ? given : infer();
    if (name !== undefined) taken.add(name);
    return name;
  };

  const time = pick('time', () => {
    const byName = timeByName(header);
    if (byName !== undefined) return byName;
    return header.find((h, i) => kinds[i] === 'string' && looksLikeTimes(columns[i] as string[]));
  });

  const label = pick('label', () => header.find((h) => !taken.has(h) && LABEL_NAMES.has(h.toLowerCase())));
  if (label !== undefined) checkLabel(label, columns[check(label, 'label')], lineOf, file);

  const entity = pick('entity', () => {
    const candidates = header.filter(
      (h, i) => !taken.has(h) && kinds[i] === 'string' && isEntityLike(columns[i] as string[], hinted(h)),
    );
    return candidates.find(hinted) ?? candidates.find((h) => !NOT_ENTITY.test(h));
  });

  // A text column that is mostly numbers is a metric with a bad cell: say where.
  header.forEach((h, i) => {
    if (kinds[i] === 'string' && !taken.has(h)) {
      refuseMostlyNumeric(h, columns[i] as string[], lineOf, file, overrides.metrics?.includes(h) ?? false);
    }
  });

  const metrics =
    overrides.metrics !== undefined
      ? [...overrides.metrics]
      : header.filter((h, i) => kinds[i] === 'number' && !taken.has(h));
  for (const m of metrics) {
    if (taken.has(m)) {
      throw new DataError(
        `column '${m}' cannot be both a metric and the time, entity or label`,
        file,
        undefined,
        m,
      );
    }
  }

  const schema: Schema = { metrics };
  if (time !== undefined) schema.time = time;
  if (entity !== undefined) schema.entity = entity;
  if (label !== undefined) schema.label = label;
  return schema;
}

function timeByName(header: string[]): string | undefined {
  return header.find((h) => TIME_NAMES.has(h.toLowerCase()));
}

/**
 * The time column {@link inferSchema} will choose when it can be told from the header and the
 * overrides alone (an override, or a column named like a time), provided no other role claims it and
 * inference will not read its values; undefined otherwise. Lets a loader read that column's times
 * while parsing.
 */
export function timeColumnFromHeader(header: string[], overrides: Partial<Schema> = {}): string | undefined {
  const given = overrides.time;
  const name = given === '' ? undefined : given !== undefined ? given : timeByName(header);
  if (name === undefined || !header.includes(name)) return undefined;
  if (overrides.entity === name || overrides.label === name || overrides.metrics?.includes(name)) {
    return undefined;
  }
  return name;
}

function hinted(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  return ENTITY_HINTS.some((h) => n === h || n === h + 'id' || n === h + 'name' || n === h + 's');
}

function isEntityLike(values: string[], hint: boolean): boolean {
  const rows = values.length;
  if (rows === 0) return false;
  // A hinted name may have as many entities as rows minus one; a unique value per row is a row id.
  const limit = hint ? Math.max(1, rows - 1) : Math.floor(rows / 2);
  const distinct = new Set<string>();
  for (const v of values) {
    if (v.trim() === '') return false;
    distinct.add(v);
    if (distinct.size > limit) return false;
  }
  return distinct.size > 0;
}

function looksLikeTimes(values: string[]): boolean {
  let checked = 0;
  const step = Math.max(1, Math.floor(values.length / TIME_SAMPLES));
  for (let i = 0; i < values.length && checked < TIME_SAMPLES; i += step) {
    const v = values[i];
    if (v.trim() === '') continue;
    if (!isDateText(v)) return false;
    checked++;
  }
  return checked > 0;
}

function checkLabel(name: string, column: Column, lineOf: (row: number) => number, file?: string): void {
  for (let r = 0; r < column.length; r++) {
    const v = column[r];
    const ok = typeof v === 'number' ? v === 0 || v === 1 : v.trim() === '0' || v.trim() === '1';
    if (!ok) {
      const shown = typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v;
      throw new DataError(
        `the label must be 0 or 1, got ${shown === '' ? 'an empty cell' : quoteCell(shown)}`,
        file,
        lineOf(r),
        name,
      );
    }
  }
}

function refuseMostlyNumeric(
  name: string,
  values: string[],
  lineOf: (row: number) => number,
  file: string | undefined,
  required: boolean,
): void {
  let numbers = 0;
  let others = 0;
  let first = -1;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    scanNumber(v, 0, v.length);
    const status = lastStatus();
    if (status === NUM_INVALID) {
      if (first < 0) first = r;
      others++;
    } else if (status !== NUM_MISSING) numbers++;
  }
  if (first >= 0 && (required || numbers > others)) {
    throw new DataError(`${quoteCell(values[first])} is not a number`, file, lineOf(first), name);
  }
}
