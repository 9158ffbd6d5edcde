import { table } from 'arquero';
import { DataError, quoteCell, type Dataset, type Schema } from './dataset';
import { inferSchema, timeColumnFromHeader } from './infer-schema';
import { parseCsv, type Column, type ParsedCsv, type ParsedTimes } from './parse-csv';
import { parseTime, timeFromNumber } from './time';
import { ZoneTally, zoneOf } from './time-zones';

/** The file's base name without its extension: `data/nab/ec2_cpu.csv` -> `ec2_cpu`. */
export function baseName(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Loads CSV text as a dataset: {@link parseCsv}, {@link inferSchema} (overrides win), then an arquero
 * table in the file's column order where the time column holds epoch ms, metrics and the label are
 * Float64Arrays, the entity is text, and every other column keeps its parsed type (text stays text).
 * Infinite cells read as missing are reported in `warnings`.
 *
 * @param text the file's content
 * @param file the file's name (for messages and the dataset's name, its base name without extension)
 * @throws DataError for any input problem, naming the file, line and column
 */
export function loadCsv(
  text: string,
  file: string,
  overrides?: Partial<Schema>,
  onProgress?: (fraction: number) => void,
): Dataset {
  // The time column, when the header tells it, is read as times while parsing (no string per cell).
  const parsed = parseCsv(text, file, {
    time: (header) => timeColumnFromHeader(header, overrides),
    onProgress,
  });
  return datasetFromParsed(parsed, file, overrides);
}

/**
 * Builds the dataset from a parse: schema inference (overrides win), times to epoch ms, the entity as
 * text, and the loader's warnings. `alloc` makes the time column's array (the CLI's parallel profile
 * passes shared memory, so the array can go to a worker thread without a copy).
 */
export function datasetFromParsed(
  parsed: ParsedCsv,
  file: string,
  overrides?: Partial<Schema>,
  alloc: (n: number) => Float64Array = (n) => new Float64Array(n),
): Dataset {
  const { header, kinds, columns, lines } = parsed;
  if (parsed.rows === 0) throw new DataError('the file has a header but no data rows', file);
  const schema = inferSchema(header, kinds, columns, overrides, { file, lines });
  if (schema.metrics.length === 0) {
    throw new DataError(`no numeric column to use as a metric; columns: ${header.join(', ')}`, file);
  }

  const data = new Map<string, Column>();
  const zones = new ZoneTally();
  header.forEach((name, i) => {
    const col = columns[i];
    const times = parsed.times;
    if (times && times.column === i) {
      if (name !== schema.time) throw new Error(`loadCsv: '${name}' was read as times but is not the time`);
      data.set(name, readTimes(times, name, file, lines, zones));
    } else if (name === schema.time) data.set(name, timeColumn(col, name, file, lines, zones, alloc));
    else if (name === schema.entity) data.set(name, Array.isArray(col) ? col : Array.from(col, cellText));
    else data.set(name, col);
  });

  const warnings = parsed.nonFinite.map(
    ({ column, count, firstLine }) =>
      `column '${column}': ${count} infinite or out-of-range value${count === 1 ? '' : 's'} read as missing (first on line ${firstLine})`,
  );
  const mixed = schema.time ? zones.warning(schema.time) : null;
  if (mixed) warnings.push(mixed);
  const ds: Dataset = { name: baseName(file), table: table(data, header), schema };
  if (warnings.length > 0) ds.warnings = warnings;
  return ds;
}

function cellText(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

function timeColumn(
  col: Column,
  name: string,
  file: string,
  lines: Int32Array,
  zones: ZoneTally,
  alloc: (n: number) => Float64Array,
): Float64Array {
  const out = alloc(col.length);
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    const ms = typeof v === 'number' ? timeFromNumber(v) : parseTime(v);
    if (Number.isNaN(ms)) throw notATime(typeof v === 'number' ? '' : v, file, lines[r], name);
    if (typeof v === 'string') zones.add(zoneOf(v), lines[r]);
    out[r] = ms;
  }
  return out;
}

/** The times the parser read, with the cells it left as text read by {@link parseTime} (rows in order). */
function readTimes(
  times: ParsedTimes,
  name: string,
  file: string,
  lines: Int32Array,
  zones: ZoneTally,
): Float64Array {
  const out = times.ms;
  // The parser read the common layouts itself (UTC 'Z' or no zone); the rest carry their own zone.
  const fast = out.length - times.other.size;
  if (fast > 0) zones.add('UTC', lines[0], fast);
  for (const [r, cell] of times.other) {
    const ms = parseTime(cell);
    if (Number.isNaN(ms)) throw notATime(cell, file, lines[r], name);
    zones.add(zoneOf(cell), lines[r]);
    out[r] = ms;
  }
  return out;
}

function notATime(cell: string, file: string, line: number, name: string): DataError {
  return new DataError(
    cell.trim() === ''
      ? 'the time is empty'
      : `${quoteCell(cell)} is not a time (expected ISO 8601 such as 2024-03-04T10:00:00Z, or epoch seconds or milliseconds)`,
    file,
    line,
    name,
  );
}
