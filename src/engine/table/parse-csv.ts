import { DataError } from './dataset';
import {
  NUM_INVALID as INVALID,
  NUM_NON_FINITE as NON_FINITE,
  scanNumber as scanNumberExport,
  scanNumberField as scanNumberFieldExport,
  scanState,
} from './number';

// Local bindings: under CommonJS transpilation an imported name is a getter call on every use.
const scanNumber = scanNumberExport;
const scanNumberField = scanNumberFieldExport;
const state = scanState;
const NUM_INVALID: number = INVALID;
const NUM_NON_FINITE: number = NON_FINITE;

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
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Rows looked at before the main pass to decide which columns are text. */
const PRESCAN_ROWS = 64;

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
export function parseCsv(text: string, file: string): ParsedCsv {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^\s*$/.test(start ? text.slice(start) : text)) throw new DataError('the file is empty', file);

  const firstBreak = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstBreak === -1 ? text.length : firstBreak);
  const delimiter = detectDelimiter(firstLine);
  const delim = delimiter.charCodeAt(0);

  const headerRecord = readRecord(text, start, delim, 1, file, null);
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
  let pos = start;
  let line = bodyLine;
  for (let r = 0; r < PRESCAN_ROWS && pos < text.length;) {
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const rec = readRecord(text, pos, delim, line, file, header);
    checkWidth(rec.fields.length, header, line, file);
    rec.fields.forEach((f, j) => {
      if (!isText[j]) {
        scanNumber(f, 0, f.length);
        if (state.status === NUM_INVALID) isText[j] = true;
      }
    });
    pos = rec.end;
    line = rec.nextLine;
    r++;
  }

  let result = scan(text, start, bodyLine, delim, header, isText, file);
  if (result.failed.some(Boolean)) {
    result = scan(
      text,
      start,
      bodyLine,
      delim,
      header,
      isText.map((t, j) => t || result.failed[j]),
      file,
    );
  }
  return { header, delimiter, ...result.parsed };
}

function detectDelimiter(headerLine: string): string {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes(';')) return ';';
  if (headerLine.includes('\t')) return '\t';
  return ',';
}

interface ScanResult {
  parsed: Omit<ParsedCsv, 'header' | 'delimiter'>;
  /** Numeric columns that met a non-numeric cell: the pass must be redone with them as text. */
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
): ScanResult {
  const n = text.length;
  const ncols = header.length;
  // A capacity guess from the first data line's length; grown by doubling when wrong.
  const firstEnd = text.indexOf('\n', start);
  const guess = Math.max(
    16,
    Math.ceil((n - start) / Math.max(1, (firstEnd === -1 ? n : firstEnd) - start + 1)) + 16,
  );
  let capacity = guess;
  const nums: (Float64Array | null)[] = isText.map((t) => (t ? null : new Float64Array(capacity)));
  const strs: (string[] | null)[] = isText.map((t) => (t ? [] : null));
  const failed: boolean[] = header.map(() => false);
  const infCount = new Array<number>(ncols).fill(0);
  const infLine = new Array<number>(ncols).fill(0);
  let lines = new Int32Array(capacity);

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
    if (row === capacity) {
      capacity *= 2;
      for (let j = 0; j < ncols; j++) {
        const old = nums[j];
        if (old) {
          const grown = new Float64Array(capacity);
          grown.set(old);
          nums[j] = grown;
        }
      }
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
        const fields = readRecord(text, rowStart, delim, rowLine, file, header).fields.length;
        checkWidth(fields, header, rowLine, file);
      }
      const numeric = nums[col];
      let v = NaN;
      c = text.charCodeAt(pos);
      if (c === QUOTE) {
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
        if (numeric) v = scanNumber(q.value, 0, q.value.length);
        else strs[col]?.push(q.value);
      } else if (numeric) {
        v = scanNumberField(text, pos, n, delim);
        pos = state.end;
        c = text.charCodeAt(pos);
      } else {
        const a = pos;
        while (pos < n && c !== delim && c !== LF && c !== CR) c = text.charCodeAt(++pos);
        strs[col]?.push(text.slice(a, pos));
      }
      if (numeric) {
        const status = state.status;
        if (status === NUM_INVALID) {
          failed[col] = true;
          nums[col] = null;
        } else {
          numeric[row] = v;
          if (status === NUM_NON_FINITE && infCount[col]++ === 0) infLine[col] = line;
        }
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
  }

  const columns: Column[] = [];
  const kinds: ColumnKind[] = [];
  const nonFinite: ParsedCsv['nonFinite'] = [];
  for (let j = 0; j < ncols; j++) {
    const numeric = nums[j];
    if (numeric) {
      columns.push(numeric.length === row ? numeric : numeric.slice(0, row));
      kinds.push('number');
      if (infCount[j] > 0) nonFinite.push({ column: header[j], count: infCount[j], firstLine: infLine[j] });
    } else {
      columns.push(strs[j] ?? []);
      kinds.push('string');
    }
  }
  return {
    parsed: {
      columns,
      kinds,
      rows: row,
      lines: lines.length === row ? lines : lines.slice(0, row),
      nonFinite,
    },
    failed,
  };
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
  const openLine = line;
  let value = '';
  let from = open + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) {
      throw new DataError(`a quote opened on line ${openLine} is never closed`, file, openLine, column);
    }
    line += countBreaks(text, from, q);
    if (text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    value += text.slice(from, q);
    return { value, end: q + 1, line };
  }
}

function countBreaks(text: string, a: number, b: number): number {
  let breaks = 0;
  for (let i = text.indexOf('\n', a); i !== -1 && i < b; i = text.indexOf('\n', i + 1)) breaks++;
  for (let i = text.indexOf('\r', a); i !== -1 && i < b; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== LF) breaks++;
  }
  return breaks;
}

/** Reads one record as strings (the header, the prescan, and counting fields for error messages). */
function readRecord(
  text: string,
  pos: number,
  delim: number,
  line: number,
  file: string,
  header: string[] | null,
): { fields: string[]; end: number; nextLine: number } {
  const n = text.length;
  const fields: string[] = [];
  for (;;) {
    let c = text.charCodeAt(pos);
    const column = header ? header[fields.length] : undefined;
    if (c === QUOTE) {
      const q = readQuoted(text, pos, line, file, column);
      fields.push(q.value);
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
      fields.push(text.slice(a, pos));
    }
    if (pos < n && c === delim) {
      pos++;
      if (pos === n) fields.push('');
      else continue;
    }
    if (pos < n) {
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
    }
    return { fields, end: pos, nextLine: line };
  }
}
