import { DataError } from './dataset';
import {
  NUM_INVALID as INVALID,
  NUM_NON_FINITE as NON_FINITE,
  NUM_OK as OK,
  scanNumber as scanNumberExport,
  scanNumberInto as scanNumberIntoExport,
  scanState,
} from './number';
import {
  daysOfKey as daysOfKeyExport,
  isoDateKey as isoDateKeyExport,
  isoMs as isoMsExport,
  isoTimeOfDay as isoTimeOfDayExport,
} from './time';

// Local bindings: under CommonJS transpilation an imported name is a getter call on every use.
const scanNumber = scanNumberExport;
const scanNumberInto = scanNumberIntoExport;
const isoMs = isoMsExport;
const isoDateKey = isoDateKeyExport;
const daysOfKey = daysOfKeyExport;
const isoTimeOfDay = isoTimeOfDayExport;
const state = scanState;
const NUM_INVALID: number = INVALID;
const NUM_NON_FINITE: number = NON_FINITE;
const NUM_OK: number = OK;

/** The type of a parsed column. */
export type ColumnKind = 'number' | 'string';
/** A parsed column: numbers (NaN = missing) or the cells' raw text. */
export type Column = Float64Array | string[];

/** The result of {@link parseCsv}. */
export interface ParsedCsv {
  header: string[];
  columns: Column[];
  kinds: ColumnKind[];
  rows: number;
  /** The 1-based line on which each data row starts (header = line 1), for error messages. */
  lines: Int32Array;
  /** The delimiter used: ',' unless the header has no comma and has a ';' or a tab. */
  delimiter: string;
  /** Numeric columns in which infinite or out-of-range cells (Infinity, 1e309) were read as NaN. */
  nonFinite: { column: string; count: number; firstLine: number }[];
  /** The column read as times when {@link ParseOptions.time} asked for one (see there). */
  times?: ParsedTimes;
}

/** Options of {@link parseCsv}. */
export interface ParseOptions {
  /**
   * Given the (trimmed) header, names a column to read as ISO 8601 times while parsing, so that a
   * million time stamps are not first made into strings. Only a text column whose first rows all have
   * the common layout (`2024-03-04T10:00:00.000Z` and the like, see `isoMs`) is read so; its entry
   * in `columns` is then an empty array and its values are in {@link ParsedCsv.times}.
   */
  time?: (header: string[]) => string | undefined;
  /** Called with the share of the text read so far, every 65,536 rows (for a progress bar). */
  onProgress?: (fraction: number) => void;
  /**
   * Makes the arrays of the numeric columns and of the times, for at least `rows` rows (the rows the
   * parser expects from the first rows' mean length, or twice as many when it has to grow them). A
   * caller that will append rows (the CLI appends a file's second half, parsed by another thread)
   * returns larger arrays, in shared memory; the columns are then views of their first rows.
   */
  allocate?: (rows: number) => Float64Array;
}

/** A column read as times by {@link parseCsv} (see {@link ParseOptions.time}). */
export interface ParsedTimes {
  /** The column's index in the header. */
  column: number;
  /** Epoch ms of each row (UTC, as `parseTime` reads it); NaN where the cell is in `other`. */
  ms: Float64Array;
  /** Cells without the common layout, by row in ascending order, as written (quotes removed). */
  other: Map<number, string>;
}

const QUOTE = 34;
const MS_PER_DAY = 86_400_000;
const LF = 10;
const CR = 13;
/** The most columns a file may have: beyond, the columns' arrays alone would not fit in a tab. */
export const MAX_COLUMNS = 100_000;
/** Rows looked at before the main pass to decide which columns are text. */
const PRESCAN_ROWS = 64;
/** Distinct recent values a text column keeps to reuse instead of slicing each cell anew. */
const INTERN_SLOTS = 16;
/** Cells of a text column not found among its kept values before it stops looking (a free-text column). */
const INTERN_MISSES = 256;

/**
 * Parses CSV text (RFC 4180) straight into typed columns.
 *
 * - Quoted fields, `""` escapes and line breaks inside quotes; CRLF, LF or CR line ends; a leading BOM
 *   is dropped; blank lines (including the trailing one) are skipped.
 * - Delimiter: ',' unless the header line has no comma and contains ';' (then ';') or a tab.
 * - A column is `'number'` when every cell is a number, empty, or a missing token (NaN, nan, null, NA,
 *   N/A, none): those become NaN. Infinite or out-of-range cells (Infinity, -inf, 1e309) also become NaN,
 *   counted in `nonFinite`, so one overflowing sensor reading does not turn a metric into text.
 *   Any other cell makes the column `'string'`, holding every cell's text as written (quotes removed).
 * - Column names are trimmed.
 *
 * @param text the file's content
 * @param file the file's name, used in error messages
 * @throws DataError for an empty file or header, a blank or duplicate column name, a row with the
 *   wrong number of fields, a quote that is never closed, or text after a closing quote; the message
 *   names the file, the 1-based line (header = line 1) and the column.
 */
export function parseCsv(text: string, file: string, options: ParseOptions = {}): ParsedCsv {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^\s*$/.test(start ? text.slice(start) : text)) throw new DataError('the file is empty', file);

  const firstBreak = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstBreak === -1 ? text.length : firstBreak);
  const delimiter = detectDelimiter(firstLine);
  const delim = delimiter.charCodeAt(0);

  const headerRecord = readRecord(text, start, delim, 1, file, null, MAX_COLUMNS + 1);
  if (headerRecord.count > MAX_COLUMNS) {
    throw new DataError(
      `the header names ${headerRecord.count} columns; the workbench reads at most ${MAX_COLUMNS}. Is the delimiter right, or is the first line data rather than column names?`,
      file,
      1,
    );
  }
  const header = headerRecord.fields.map((name) => name.trim());
  if (header.length === 1 && header[0] === '') {
    throw new DataError('the header (the first line) is empty; it should name the columns', file, 1);
  }
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      throw new DataError(`column ${i + 1} has no name (header: ${header.join(delimiter)})`, file, 1);
    }
    const before = seen.get(name);
    if (before !== undefined) {
      throw new DataError(
        `duplicate column name '${name}' (columns ${before + 1} and ${i + 1})`,
        file,
        1,
        name,
      );
    }
    seen.set(name, i);
  });
  start = headerRecord.end;
  const bodyLine = headerRecord.nextLine;

  // Decide the obviously textual columns from the first rows, so the main pass rarely has to restart.
  const isText = header.map(() => false);
  const timeName = options.time?.(header);
  let timeCol = timeName === undefined ? -1 : header.indexOf(timeName);
  let timeSeen = false;
  let pos = start;
  let line = bodyLine;
  let prescanned = 0;
  for (let r = 0; r < PRESCAN_ROWS && pos < text.length;) {
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const rec = readRecord(text, pos, delim, line, file, header, header.length + 1);
    checkWidth(rec.count, header, line, file);
    rec.fields.forEach((f, j) => {
      if (!isText[j]) {
        scanNumber(f, 0, f.length);
        if (state.status === NUM_INVALID) isText[j] = true;
      }
      if (j === timeCol) {
        if (Number.isNaN(isoMs(f, 0, f.length))) timeCol = -1;
        else timeSeen = true;
      }
    });
    pos = rec.end;
    line = rec.nextLine;
    r++;
    prescanned = r;
  }
  // Room for the rows, judged from the first rows' mean length with a little slack, so that the
  // columns rarely have to grow (each growth copies every column).
  const rowsGuess =
    Math.ceil(((text.length - start) / Math.max(1, pos - start)) * Math.max(1, prescanned) * 1.03) + 16;

  // Times are read as such only in a column the first rows show to be text in the common layout.
  if (!timeSeen || (timeCol >= 0 && !isText[timeCol])) timeCol = -1;
  const onProgress = options.onProgress;
  // A numeric column that meets text is read again as text, by a new pass: one pass, or one more per
  // column that first meets text in the first eighth of the rows (that pass stops there).
  let textual = isText;
  const sizes = { rowsGuess, allocate: options.allocate ?? newFloat64 };
  let result = scan(text, start, bodyLine, delim, header, textual, file, timeCol, sizes, onProgress);
  while (!result.parsed) {
    const failed = result.failed;
    textual = textual.map((t, j) => t || failed[j]);
    result = scan(text, start, bodyLine, delim, header, textual, file, timeCol, sizes, onProgress);
  }
  onProgress?.(1);
  return { header, delimiter, ...result.parsed };
}

/**
 * The end of the unquoted cell starting at `pos`: the next delimiter or line end. With `delimText`
 * (a text without CR) a native search for the delimiter, bounded by the line's end `eol`; else a loop
 * over the characters.
 */
function fieldEnd(
  text: string,
  pos: number,
  n: number,
  delim: number,
  delimText: string,
  eol: number,
  next: { delim: number },
): number {
  if (delimText !== '') {
    // The delimiter found by the last search, while still ahead: a search that ran past the line's end
    // (a last column, a file without the delimiter) is not repeated for every cell before it, which
    // made a one-column file quadratic.
    let d = next.delim;
    if (d < pos) {
      d = text.indexOf(delimText, pos);
      if (d === -1) d = n;
      next.delim = d;
    }
    return d > eol ? eol : d;
  }
  let c = text.charCodeAt(pos);
  while (pos < n && c !== delim && c !== LF && c !== CR) c = text.charCodeAt(++pos);
  return pos;
}

/** The room in the arrays made for the numeric columns and times (`asked` when there are none). */
function lengthOf(nums: (Float64Array | null)[], times: Float64Array | null, asked: number): number {
  let length = times ? times.length : Infinity;
  for (const a of nums) if (a) length = Math.min(length, a.length);
  return length === Infinity ? asked : length;
}

function newFloat64(rows: number): Float64Array {
  return new Float64Array(rows);
}

/** The position of the next LF from `pos`, or the text's length. */
function lineEnd(text: string, pos: number): number {
  const e = text.indexOf('\n', pos);
  return e === -1 ? text.length : e;
}

/** The last date an ISO time was read with: consecutive times mostly share it. */
interface LastDate {
  /** Its key ({@link isoDateKey}), -1 for none. */
  key: number;
  /** Its midnight in epoch ms. */
  ms: number;
}

/**
 * Whether `text[a, a + 10)` is a date (see `isoDays`); `last` then holds it. Compares the date's
 * digits with the last date's before reading it as a calendar date.
 */
function readDate(text: string, a: number, last: LastDate): boolean {
  const key = isoDateKey(text, a);
  if (key < 0) return false;
  if (key === last.key) return true;
  const days = daysOfKey(key);
  if (days !== days) return false;
  last.key = key;
  last.ms = days * MS_PER_DAY;
  return true;
}

/** Whether `text[a, a + s.length)` is `s`. */
function sameText(text: string, a: number, s: string): boolean {
  const len = s.length;
  for (let k = 0; k < len; k++) if (text.charCodeAt(a + k) !== s.charCodeAt(k)) return false;
  return true;
}

function detectDelimiter(headerLine: string): string {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes(';')) return ';';
  if (headerLine.includes('\t')) return '\t';
  return ',';
}

interface ScanResult {
  /** Null when a numeric column met text: the pass must be redone with the failed columns as text. */
  parsed: Omit<ParsedCsv, 'header' | 'delimiter'> | null;
  /** Numeric columns that met a non-numeric cell. */
  failed: boolean[];
}

/** The main pass: one scan of the text, cells written straight into their typed columns. */
function scan(
  text: string,
  start: number,
  firstLine: number,
  delim: number,
  header: string[],
  isText: boolean[],
  file: string,
  timeCol: number,
  { rowsGuess, allocate }: { rowsGuess: number; allocate: (rows: number) => Float64Array },
  onProgress?: (fraction: number) => void,
): ScanResult {
  const n = text.length;
  const ncols = header.length;
  // A capacity guess from the first rows' lengths; grown by doubling when wrong. Arrays made larger
  // than asked (room for rows to be appended) are used to their end.
  let capacity = Math.max(16, rowsGuess);
  const nums: (Float64Array | null)[] = isText.map((t) => (t ? null : allocate(capacity)));
  let times = timeCol >= 0 ? allocate(capacity) : null;
  capacity = lengthOf(nums, times, capacity);
  const strs: (string[] | null)[] = isText.map((t) => (t ? [] : null));
  const failed: boolean[] = header.map(() => false);
  const early = rowsGuess >>> 3;
  const infCount = new Array<number>(ncols).fill(0);
  const infLine = new Array<number>(ncols).fill(0);
  let lines = new Int32Array(capacity);
  // Text cells repeat (entities, categories): each text column keeps its last few distinct values and
  // reuses one when the cell's characters match, instead of slicing a new string per cell.
  const kept: string[][] = header.map(() => []);
  const misses = new Array<number>(ncols).fill(0);
  const last: string[] = header.map(() => '');
  const otherTimes = new Map<number, string>();
  const lastDate: LastDate = { key: -1, ms: NaN };
  let timeLen = 0;
  // Without a CR anywhere, a text cell ends at the next delimiter or LF, found by a native search
  // (indexOf) instead of a loop over its characters; with one, the loop below handles every line end.
  const plain = text.indexOf('\r', start) === -1;
  // Without a quote anywhere (one native search), no cell needs looking at for one.
  const quotes = text.indexOf('"', start) !== -1;
  const delimText = String.fromCharCode(delim);
  // The current line's end, found only when a cell's end must be searched for (rarely: most cells
  // are numbers or repeat the column's previous value); stale once the scan has passed it.
  let eol = -1;
  const nextDelim = { delim: -1 };
  // A numeric column met text in the first eighth of the rows (see below).
  let failedEarly = false;

  let pos = start;
  let line = firstLine;
  let row = 0;
  while (pos < n) {
    let c = text.charCodeAt(pos);
    if (c === LF || c === CR) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    if (failedEarly && row >= early) return { parsed: null, failed };
    if (row === capacity) {
      const asked = capacity * 2;
      for (let j = 0; j < ncols; j++) {
        const old = nums[j];
        if (old) {
          const grown = allocate(asked);
          grown.set(old);
          nums[j] = grown;
        }
      }
      if (times) {
        const grownTimes = allocate(asked);
        grownTimes.set(times);
        times = grownTimes;
      }
      capacity = lengthOf(nums, times, asked);
      const grownLines = new Int32Array(capacity);
      grownLines.set(lines);
      lines = grownLines;
    }
    const rowStart = pos;
    const rowLine = line;
    lines[row] = rowLine;
    let col = 0;
    for (;;) {
      if (col === ncols) {
        const fields = readRecord(text, rowStart, delim, rowLine, file, header, ncols + 1).count;
        checkWidth(fields, header, rowLine, file);
      }
      const numeric = nums[col];
      let status = NUM_OK;
      if (quotes && text.charCodeAt(pos) === QUOTE) {
        const q = readQuoted(text, pos, line, file, header[col]);
        line = q.line;
        pos = q.end;
        c = text.charCodeAt(pos);
        if (pos < n && c !== delim && c !== LF && c !== CR) {
          throw new DataError(
            `unexpected text after a closing quote; a quote inside a quoted field is written ""`,
            file,
            line,
            header[col],
          );
        }
        if (numeric) {
          numeric[row] = scanNumber(q.value, 0, q.value.length);
          status = state.status;
        } else if (col === timeCol && times) {
          const ms = isoMs(q.value, 0, q.value.length);
          times[row] = ms;
          if (ms !== ms) otherTimes.set(row, q.value);
        } else strs[col]?.push(q.value);
      } else if (numeric) {
        pos = scanNumberInto(text, pos, n, delim, numeric, row);
        if (pos < 0) {
          pos = ~pos;
          status = state.status;
        }
        c = text.charCodeAt(pos);
      } else {
        const a = pos;
        if (col === timeCol && times) {
          // A time as long as the previous one ends where that one did if it reads as a time there: its
          // characters (digits, - : . T Z and space) include no delimiter and no line end.
          // The time is isoMs(text, a, e), read here so that no number is boxed: the time of day as
          // a small integer, the date from the last one when the cell starts with it.
          let e = a + timeLen;
          let ce = text.charCodeAt(e);
          let clock = -1;
          if (timeLen >= 10 && e <= n && (e === n || ce === delim || ce === LF || ce === CR)) {
            clock = isoTimeOfDay(text, a, e);
            if (clock >= 0 && !readDate(text, a, lastDate)) clock = -1;
          }
          if (clock < 0) {
            if (plain && eol < pos) eol = lineEnd(text, pos);
            e = fieldEnd(text, pos, n, delim, plain ? delimText : '', eol, nextDelim);
            ce = text.charCodeAt(e);
            timeLen = e - a;
            if (timeLen >= 10) {
              clock = isoTimeOfDay(text, a, e);
              if (clock >= 0 && !readDate(text, a, lastDate)) clock = -1;
            }
          }
          if (clock >= 0) times[row] = lastDate.ms + clock;
          else {
            times[row] = NaN;
            otherTimes.set(row, text.slice(a, e));
          }
          pos = e;
          c = ce;
        } else {
          // The column's previous value, when the cell starts with it and ends there (an unquoted
          // value holds no delimiter or line end, so the cell is that value); else find its end.
          const prev = last[col];
          const e = a + prev.length;
          const ce = text.charCodeAt(e);
          if (e <= n && (e === n || ce === delim || ce === LF || ce === CR) && sameText(text, a, prev)) {
            pos = e;
            c = ce;
            strs[col]?.push(prev);
          } else {
            if (plain && eol < pos) eol = lineEnd(text, pos);
            pos = fieldEnd(text, pos, n, delim, plain ? delimText : '', eol, nextDelim);
            c = text.charCodeAt(pos);
            strs[col]?.push(textCell(text, a, pos, col, kept, last, misses));
          }
        }
      }
      if (status !== NUM_OK) {
        if (status === NUM_INVALID) {
          failed[col] = true;
          nums[col] = null;
          // Text early on (a mostly empty column whose first rows the prescan saw empty): stop at the
          // end of the first eighth and read again rather than finish a pass whose result is thrown
          // away; the eighth is read to its end so that every column meeting text there is found at
          // once (stopping at each one made a pass per column: 10,000 passes for 10,000 columns).
          // Later, finish the pass to find every such column, so that one more pass does for all.
          if (row < early) failedEarly = true;
        } else if (status === NUM_NON_FINITE && infCount[col]++ === 0) infLine[col] = line;
      }
      col++;
      if (pos < n && c === delim) {
        pos++;
        if (pos === n) {
          // A delimiter at the very end of the text: one more, empty field.
          if (col === ncols) checkWidth(col + 1, header, rowLine, file);
          const last = nums[col];
          if (last) last[row] = NaN;
          else strs[col]?.push('');
          col++;
          break;
        }
        continue;
      }
      break;
    }
    checkWidth(col, header, rowLine, file);
    if (pos < n) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
    }
    row++;
    if ((row & 0xffff) === 0 && onProgress) onProgress(pos / n);
  }

  const columns: Column[] = [];
  const kinds: ColumnKind[] = [];
  const nonFinite: ParsedCsv['nonFinite'] = [];
  for (let j = 0; j < ncols; j++) {
    const numeric = nums[j];
    if (numeric) {
      columns.push(numeric.length === row ? numeric : numeric.subarray(0, row));
      kinds.push('number');
      if (infCount[j] > 0) nonFinite.push({ column: header[j], count: infCount[j], firstLine: infLine[j] });
    } else {
      columns.push(strs[j] ?? []);
      kinds.push('string');
    }
  }
  const parsed: ScanResult['parsed'] = {
    columns,
    kinds,
    rows: row,
    lines: lines.length === row ? lines : lines.subarray(0, row),
    nonFinite,
  };
  if (times) {
    parsed.times = {
      column: timeCol,
      ms: times.length === row ? times : times.subarray(0, row),
      other: otherTimes,
    };
  }
  return { parsed: failed.some(Boolean) ? null : parsed, failed };
}

/**
 * The text of the unquoted cell `text[a, b)` of column `col`: the column's previous value or one of its
 * kept values when the characters match, else a new slice (kept while there is room).
 */
function textCell(
  text: string,
  a: number,
  b: number,
  col: number,
  kept: string[][],
  last: string[],
  misses: number[],
): string {
  const len = b - a;
  if (len === 0) {
    // An empty cell becomes the column's previous value, so that a run of them (a mostly empty
    // column) is taken by the caller's check against it without searching for the cell's end.
    last[col] = '';
    return '';
  }
  const prev = last[col];
  if (prev.length === len && sameText(text, a, prev)) return prev;
  if (misses[col] > INTERN_MISSES) return text.slice(a, b);
  const slots = kept[col];
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k];
    if (s.length === len && sameText(text, a, s)) {
      last[col] = s;
      return s;
    }
  }
  const s = text.slice(a, b);
  if (slots.length < INTERN_SLOTS) slots.push(s);
  else misses[col]++;
  last[col] = s;
  return s;
}

function checkWidth(fields: number, header: string[], line: number, file: string): void {
  if (fields !== header.length) {
    throw new DataError(
      `the row has ${fields} field${fields === 1 ? '' : 's'}, expected ${header.length} (${header.join(', ')})`,
      file,
      line,
    );
  }
}

/** Reads a quoted field starting at the opening quote; returns its text, the position after the closing quote and the line there. */
function readQuoted(
  text: string,
  open: number,
  line: number,
  file: string,
  column: string | undefined,
): { value: string; end: number; line: number } {
  // Find the closing quote first, then take the field in one slice: building it piece by piece, one
  // piece per "" escape, took minutes for a field of fifty million escapes.
  let q = open;
  let escaped = false;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q === -1) {
      throw new DataError(`a quote opened on line ${line} is never closed`, file, line, column);
    }
    if (text.charCodeAt(q + 1) !== QUOTE) break;
    escaped = true;
    q++;
  }
  const raw = text.slice(open + 1, q);
  return {
    value: escaped ? raw.split('""').join('"') : raw,
    end: q + 1,
    line: line + countBreaks(text, open + 1, q),
  };
}

/**
 * Line breaks (LF, CRLF or a lone CR) in `text[a, b)`. Looks at those characters only: a native search
 * for the next break would run to the end of a text that has none (no CR in an LF file), once per
 * quoted cell, which made a quoted file quadratic.
 */
function countBreaks(text: string, a: number, b: number): number {
  let breaks = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks;
}

/**
 * Reads one record as strings (the header, the prescan, and counting fields for error messages). Keeps
 * the text of the first `keep` fields only and counts the others, so that a row of fifty million fields
 * costs no fifty million strings.
 */
function readRecord(
  text: string,
  pos: number,
  delim: number,
  line: number,
  file: string,
  header: string[] | null,
  keep = Infinity,
): { fields: string[]; count: number; end: number; nextLine: number } {
  const n = text.length;
  const fields: string[] = [];
  let count = 0;
  for (;;) {
    let c = text.charCodeAt(pos);
    const column = header ? header[count] : undefined;
    let value: string;
    if (c === QUOTE) {
      const q = readQuoted(text, pos, line, file, column);
      value = q.value;
      pos = q.end;
      line = q.line;
      c = text.charCodeAt(pos);
      if (pos < n && c !== delim && c !== LF && c !== CR) {
        throw new DataError(
          `unexpected text after a closing quote; a quote inside a quoted field is written ""`,
          file,
          line,
          column,
        );
      }
    } else {
      const a = pos;
      while (pos < n && c !== delim && c !== LF && c !== CR) c = text.charCodeAt(++pos);
      value = count < keep ? text.slice(a, pos) : '';
    }
    if (count++ < keep) fields.push(value);
    if (pos < n && c === delim) {
      pos++;
      if (pos === n) {
        if (count++ < keep) fields.push('');
      } else continue;
    }
    if (pos < n) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
    }
    return { fields, count, end: pos, nextLine: line };
  }
}
