/**
 * What the two threads of `cli profile` send each other (see profile-parallel.ts). Kept apart, with
 * imports of single engine modules only, so that the worker starts quickly: the engine's index pulls
 * in arquero and every format, which costs the worker about 0.35 s of start-up.
 */
import { readFileSync } from 'node:fs';
import type { ColumnTable } from 'arquero';
import type { Schema } from '../engine/table/dataset';
import { timeColumnFromHeader } from '../engine/table/infer-schema';
import { parseCsv, type ParsedCsv } from '../engine/table/parse-csv';
import type { CorrelationResult, MetricPeriods, MetricSeasonality } from '../engine/eda/profile';

export type ToWorker =
  | { kind: 'parse'; bytes: Uint8Array; file: string; overrides: Partial<Schema> }
  | {
      kind: 'analyse';
      name: string;
      schema: Schema;
      rows: number;
      numeric: Record<string, Float64Array>;
      entity?: CodedText;
      /** The metrics whose seasonality the worker computes (the main thread does the others). */
      seasonal: string[];
    };

export type ToMain =
  | { kind: 'parsed'; parsed: PostedCsv }
  | {
      kind: 'analysed';
      spearman: CorrelationResult;
      seasonality: MetricSeasonality[] | null;
      periods: MetricPeriods[];
    }
  | { kind: 'failed'; message: string };

/**
 * The parse options `loadCsv` uses: the time column named by the header (and overrides) is read as
 * times. `allocate` makes the numeric columns (see `ParseOptions.allocate`).
 */
export function parseHalf(
  text: string,
  file: string,
  overrides: Partial<Schema>,
  allocate?: (rows: number) => Float64Array,
): ParsedCsv {
  return parseCsv(text, file, { time: (header) => timeColumnFromHeader(header, overrides), allocate });
}

/** A text column sent between threads as codes into its distinct values (one string per value, not per cell). */
export interface CodedText {
  codes: Int32Array;
  values: string[];
}

export function encodeText(cells: ArrayLike<unknown>): CodedText {
  const ids = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(cells.length);
  let last: unknown = undefined;
  let lastId = -1;
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    if (cell !== last || lastId < 0) {
      const s = String(cell);
      let id = ids.get(s);
      if (id === undefined) {
        id = values.length;
        ids.set(s, id);
        values.push(s);
      }
      last = cell;
      lastId = id;
    }
    codes[r] = lastId;
  }
  return { codes, values };
}

/**
 * The cells of a coded text column. Pushed, not written into `new Array(n)`: that array would stay
 * holey, and later loops over the column (schema inference, entity codes) read holey arrays more
 * slowly; `holey` allows it for a column only read by index.
 */
export function decodeText({ codes, values }: CodedText, holey = false): string[] {
  if (holey) {
    const out = new Array<string>(codes.length);
    for (let r = 0; r < codes.length; r++) out[r] = values[codes[r]];
    return out;
  }
  const out: string[] = [];
  for (let r = 0; r < codes.length; r++) out.push(values[codes[r]]);
  return out;
}

/** A ParsedCsv as a worker posts it: text columns coded. */
export interface PostedCsv extends Omit<ParsedCsv, 'columns'> {
  columns: (Float64Array | CodedText)[];
}

export function postable(parsed: ParsedCsv): { message: PostedCsv; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const own = (a: Float64Array | Int32Array): void => {
    const buffer = a.buffer;
    if (buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === buffer.byteLength) {
      if (!transfer.includes(buffer)) transfer.push(buffer);
    }
  };
  const columns = parsed.columns.map((c) => {
    if (Array.isArray(c)) {
      const coded = encodeText(c);
      own(coded.codes);
      return coded;
    }
    own(c);
    return c;
  });
  own(parsed.lines);
  if (parsed.times) own(parsed.times.ms);
  return { message: { ...parsed, columns }, transfer };
}

export function fromPosted(posted: PostedCsv): ParsedCsv {
  return {
    ...posted,
    columns: posted.columns.map((c) => (c instanceof Float64Array ? c : decodeText(c))),
  };
}

/**
 * The little of an arquero table that the worker's analyses read (through `columnValues` and
 * `entityGroups`: an unfiltered, unordered table of whole columns), so that the worker need not
 * load arquero (a quarter of a second).
 */
export function columnsTable(columns: Map<string, ArrayLike<unknown>>, rows: number): ColumnTable {
  const get = (name: string): ArrayLike<unknown> => {
    const c = columns.get(name);
    if (!c) throw new Error(`profile worker: no column '${name}'`);
    return c;
  };
  const view = {
    isFiltered: () => false,
    isOrdered: () => false,
    numRows: () => rows,
    numCols: () => columns.size,
    columnNames: () => [...columns.keys()],
    column: get,
    array: get,
  };
  return view as unknown as ColumnTable;
}

/**
 * CPU time used by the calling thread so far, in ms (10 ms steps), from Linux's
 * /proc/thread-self/stat; NaN elsewhere. For the trace only: wall times on a shared machine say
 * little, and process.cpuUsage adds up both threads.
 */
export function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the
    // 12th and stime the 13th of them, in clock ticks (100 per second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
