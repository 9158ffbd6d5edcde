import { fromArrow, table } from 'arquero';
import { DataError, quoteCell, type Dataset, type Schema } from '../dataset';
import { inferSchema } from '../infer-schema';
import { baseName } from '../load';
import type { Column, ColumnKind } from '../parse-csv';
import { parseTime, timeFromNumber } from '../time';

// Arrow type ids (the Arrow format's `Type` enum, as flechette numbers them).
const DICTIONARY = -1;
const NULL = 1;
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const BOOL = 6;
const DECIMAL = 7;
const DATE = 8;
const TIMESTAMP = 10;
const DURATION = 18;
const LARGE_UTF8 = 20;
const UTF8_VIEW = 24;
const NUMERIC = new Set([NULL, INT, FLOAT, DECIMAL, DURATION, BOOL]);
const TEXT = new Set([UTF8, LARGE_UTF8, UTF8_VIEW]);
const TYPE_NAMES: Record<number, string> = {
  4: 'Binary',
  9: 'Time',
  11: 'Interval',
  12: 'List',
  13: 'Struct',
  14: 'Union',
  15: 'FixedSizeBinary',
  16: 'FixedSizeList',
  17: 'Map',
  19: 'LargeBinary',
  21: 'LargeList',
  22: 'RunEndEncoded',
  23: 'BinaryView',
  25: 'ListView',
  26: 'LargeListView',
};

/** 'ARROW1': the magic bytes that open and close the Arrow IPC file format. */
const MAGIC = [65, 82, 82, 79, 87, 49];

/** What the decoder's columns offer (flechette's `Column`, or arquero's wrapper of a dictionary column). */
interface ArrowColumnLike {
  type?: { typeId: number };
  length: number;
  at(row: number): unknown;
  toArray(): ArrayLike<unknown>;
}

/** True when the bytes start like Arrow IPC: the file magic `ARROW1` or a stream's first message. */
export function isArrowBytes(bytes: Uint8Array): boolean {
  return (
    startsWithMagic(bytes) ||
    (bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)
  );
}

/**
 * Loads Apache Arrow IPC bytes, in the file format (`.arrow`, Feather v2) or the stream format, as a
 * dataset. Decoding is done by arquero's `fromArrow` (the flechette decoder it bundles), so no other
 * Arrow library is needed.
 *
 * - Timestamp and Date columns become epoch ms (Float64Array, null = NaN); the first of them is the time
 *   column unless `overrides.time` names another. Other temporal columns are kept but are not metrics.
 * - Integer, float, decimal, duration and null columns become Float64Array (null = NaN); booleans 0/1.
 * - Strings (plain, large, view or dictionary-encoded) stay text (null = '').
 * - Columns of other types (lists, structs, binary, time of day, ...) are left out, with a warning.
 * - Then the same schema inference as CSV ({@link inferSchema}); a time column that is numeric
 *   (epoch seconds or ms) or text (ISO 8601) is read as {@link loadCsv} reads it.
 *
 * Compressed IPC (LZ4/ZSTD buffers) is not read: the decoder has no codec registered.
 *
 * @param bytes the file's content
 * @param file the file's name, for messages and the dataset's name
 * @throws DataError for bytes that are not Arrow IPC, truncated or corrupt bytes, a table without
 *   columns or rows, and the same schema problems as CSV (naming the column and the 1-based row, which
 *   schema inference's messages call the line)
 */
export function loadArrow(bytes: Uint8Array, file: string, overrides: Partial<Schema> = {}): Dataset {
  if (bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === 'FEA1') {
    throw new DataError(
      'this is Feather version 1, which is not supported; save it as Feather v2 (Arrow IPC)',
      file,
    );
  }
  const fileFormat = startsWithMagic(bytes);
  if (!fileFormat && !isArrowBytes(bytes)) {
    throw new DataError(
      `not Apache Arrow IPC: the bytes start with neither the file magic 'ARROW1' nor a stream message (first bytes: ${hex(bytes.subarray(0, 8))})`,
      file,
    );
  }
  const warnings: string[] = [];
  if (fileFormat) {
    const n = bytes.length;
    if (n < 12 || MAGIC.some((b, i) => bytes[n - 6 + i] !== b)) {
      throw new DataError(
        `the Arrow file is truncated or corrupt: it does not end with the closing 'ARROW1' magic (${n} bytes)`,
        file,
      );
    }
  } else {
    const n = bytes.length;
    const eos = n >= 8 && [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0].every((b, i) => bytes[n - 8 + i] === b);
    if (!eos) warnings.push('the Arrow stream has no end-of-stream marker: it may be truncated');
  }

  let decoded: ReturnType<typeof fromArrow>;
  try {
    decoded = fromArrow(bytes, { useDate: false, useBigInt: false, useDecimalInt: false, useProxy: false });
  } catch (e) {
    throw new DataError(
      `the Arrow data could not be read (truncated or corrupt?): ${(e as Error).message}`,
      file,
    );
  }
  const names = decoded.columnNames();
  if (names.length === 0) throw new DataError('the Arrow data has no columns', file);
  const rows = decoded.numRows();
  if (rows === 0) throw new DataError('the Arrow data has columns but no rows', file);

  const header: string[] = [];
  const kinds: ColumnKind[] = [];
  const columns: Column[] = [];
  const temporal = new Set<string>();
  const dropped: string[] = [];
  for (const name of names) {
    const col = decoded.column(name) as unknown as ArrowColumnLike;
    const id = col.type?.typeId ?? DICTIONARY;
    if (id === TIMESTAMP || id === DATE) {
      temporal.add(name);
      header.push(name);
      kinds.push('number');
      columns.push(numbers(col, rows));
    } else if (NUMERIC.has(id)) {
      header.push(name);
      kinds.push('number');
      columns.push(numbers(col, rows));
    } else if (TEXT.has(id) || (id === DICTIONARY && isTextColumn(col))) {
      header.push(name);
      kinds.push('string');
      columns.push(texts(col, rows));
    } else if (id === DICTIONARY) {
      header.push(name);
      kinds.push('number');
      columns.push(numbers(col, rows));
    } else {
      dropped.push(`'${name}' (${TYPE_NAMES[id] ?? `type ${id}`})`);
    }
  }
  if (dropped.length > 0) {
    warnings.push(
      `Arrow column${dropped.length === 1 ? '' : 's'} of unsupported types left out: ${dropped.join(', ')}`,
    );
  }
  if (header.length === 0) throw new DataError('no Arrow column has a supported type', file);

  const given: Partial<Schema> = { ...overrides };
  if (given.time === undefined) {
    const first = header.find((h) => temporal.has(h));
    if (first !== undefined) given.time = first;
  }
  const schema = inferSchema(header, kinds, columns, given, { file, lines: rowNumbers(rows) });
  if (overrides.metrics === undefined) schema.metrics = schema.metrics.filter((m) => !temporal.has(m));
  if (schema.metrics.length === 0) {
    throw new DataError(`no numeric column to use as a metric; columns: ${header.join(', ')}`, file);
  }

  const data = new Map<string, Column>();
  header.forEach((name, i) => {
    const col = columns[i];
    if (name === schema.time) data.set(name, timeColumn(col, name, temporal.has(name), file));
    else if (name === schema.entity) data.set(name, Array.isArray(col) ? col : Array.from(col, cellText));
    else data.set(name, col);
  });
  const ds: Dataset = { name: baseName(file), table: table(data, header), schema };
  if (warnings.length > 0) ds.warnings = warnings;
  return ds;
}

function startsWithMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function isTextColumn(col: ArrowColumnLike): boolean {
  for (let r = 0; r < col.length; r++) {
    const v = col.at(r);
    if (v !== null && v !== undefined) return typeof v === 'string';
  }
  return true;
}

function numbers(col: ArrowColumnLike, rows: number): Float64Array {
  const values = col.toArray();
  if (values instanceof Float64Array) return values.slice(); // no view into the caller's bytes
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r];
    out[r] = v === null || v === undefined ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  }
  return out;
}

function texts(col: ArrowColumnLike, rows: number): string[] {
  const values = col.toArray();
  const out = new Array<string>(rows);
  for (let r = 0; r < rows; r++) {
    const v = values[r];
    out[r] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

function cellText(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

/** Arrow has no lines: schema errors name the 1-based row in the line slot. */
function rowNumbers(rows: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, r) => r + 1);
}

function timeColumn(col: Column, name: string, isTemporal: boolean, file: string): Float64Array {
  const out = new Float64Array(col.length);
  for (let r = 0; r < col.length; r++) {
    const v = col[r];
    const ms = isTemporal ? v : typeof v === 'number' ? timeFromNumber(v) : parseTime(v);
    if (typeof ms !== 'number' || Number.isNaN(ms)) {
      const cell = typeof v === 'number' ? '' : v;
      throw new DataError(
        cell.trim() === ''
          ? `row ${r + 1}: the time is empty`
          : `row ${r + 1}: ${quoteCell(cell)} is not a time (expected ISO 8601 such as 2024-03-04T10:00:00Z, or epoch seconds or milliseconds)`,
        file,
        undefined,
        name,
      );
    }
    out[r] = ms;
  }
  return out;
}
