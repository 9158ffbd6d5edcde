/**
 * Parsing one large CSV as two halves (one per thread) and putting the halves back together into the
 * dataset `loadCsv` would have built from the whole text. Used by `cli profile` (see
 * profile-parallel.ts and docs/decisions/005-parallel-profile.md); anything unusual about the file
 * makes {@link splitPoint} answer null and the caller reads the file the ordinary way.
 */
import { isLongFormat, parseCsv, type Column, type ParsedCsv } from '../engine/index';

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Lines `loadAny` reads to tell a long CSV from a wide one (its SNIFF_LINES). */
const SNIFF_LINES = 50;
/** Rows the parser's prescan reads; the first half must hold at least these to decide as the whole would. */
const PRESCAN_ROWS = 64;

/** Where to cut a CSV in two, and the second half's bytes with the header line in front. */
export interface Split {
  /** Bytes [0, at) are the first half (header included); the second half starts at `at`. */
  at: number;
  /** The header line (with its line feed) followed by bytes [at, end). */
  second: Uint8Array;
}

/**
 * Where to cut `bytes` near `share` of their length so that both halves parse, on their own, exactly
 * as their rows would in the whole file; null when that cannot be promised cheaply: a '"' anywhere
 * (a quoted field may hold line breaks), a CR anywhere (line numbering), a long-format table (pivoted,
 * not loaded wide), or no non-blank line to cut after.
 */
export function splitPoint(bytes: Uint8Array, share = 0.5): Split | null {
  // Buffer's search (memchr) rather than Uint8Array's element loop: 10 times faster on 76 MB.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buffer.indexOf(QUOTE) !== -1 || buffer.indexOf(CR) !== -1) return null;
  const headerEnd = bytes.indexOf(LF);
  if (headerEnd === -1) return null;
  // The first lines, as loadAny judges them (wide or long); a file whose start does not parse is left
  // to the ordinary path, which reports the problem.
  let end = -1;
  for (let i = 0; i <= SNIFF_LINES; i++) {
    end = bytes.indexOf(LF, end + 1);
    if (end === -1) break;
  }
  try {
    const head = parseCsv(
      new TextDecoder('utf-8').decode(end === -1 ? bytes : bytes.subarray(0, end)),
      'head',
    );
    if (isLongFormat(head.header, head.kinds)) return null;
  } catch {
    return null;
  }
  // A line feed ending a non-blank line and followed by one, past the header.
  let i = Math.max(headerEnd + 1, Math.floor(bytes.length * share));
  for (;;) {
    i = bytes.indexOf(LF, i);
    if (i === -1 || i + 1 >= bytes.length) return null;
    if (bytes[i - 1] !== LF && bytes[i + 1] !== LF && i - 1 > headerEnd) break;
    i++;
  }
  const at = i + 1;
  const second = new Uint8Array(headerEnd + 1 + bytes.length - at);
  second.set(bytes.subarray(0, headerEnd + 1));
  second.set(bytes.subarray(at), headerEnd + 1);
  return { at, second };
}

/** A Float64Array whose memory a worker can read without a copy. */
export function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)), 0, n);
}

/**
 * `a` then `b`, in shared memory: in `a`'s own buffer when it is shared and has room (the first half
 * is parsed into such buffers, see profile-parallel.ts), which saves making and filling a new one.
 */
function concat(a: Float64Array, b: Float64Array): Float64Array {
  const total = a.length + b.length;
  const buffer = a.buffer;
  if (buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && buffer.byteLength >= total * 8) {
    const out = new Float64Array(buffer, 0, total);
    out.set(b, a.length);
    return out;
  }
  const out = sharedFloat64(total);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The parse of the whole file from the parses of its halves (the second with the header in front),
 * or null when the halves read a column differently (one as numbers, the other as text; times in one
 * only): then only a parse of the whole says what the file is.
 */
export function mergeHalves(a: ParsedCsv, b: ParsedCsv): ParsedCsv | null {
  if (a.rows < PRESCAN_ROWS || b.rows === 0) return null;
  if (a.delimiter !== b.delimiter || a.header.length !== b.header.length) return null;
  if (a.header.some((h, j) => h !== b.header[j] || a.kinds[j] !== b.kinds[j])) return null;
  if (!!a.times !== !!b.times || (a.times && b.times && a.times.column !== b.times.column)) return null;
  // The cut follows the first half's last row's line feed: the second half's line 2 is the line after.
  const offset = a.lines[a.rows - 1] - 1;
  const rows = a.rows + b.rows;
  const lines = new Int32Array(rows);
  lines.set(a.lines);
  for (let r = 0; r < b.rows; r++) lines[a.rows + r] = b.lines[r] + offset;
  const columns: Column[] = a.columns.map((col, j) => {
    const other = b.columns[j];
    if (col instanceof Float64Array && other instanceof Float64Array) return concat(col, other);
    if (Array.isArray(col) && Array.isArray(other)) return col.concat(other);
    throw new Error('mergeHalves: column kinds differ');
  });
  const nonFinite: ParsedCsv['nonFinite'] = [];
  for (const name of a.header) {
    const x = a.nonFinite.find((f) => f.column === name);
    const y = b.nonFinite.find((f) => f.column === name);
    if (!x && !y) continue;
    nonFinite.push({
      column: name,
      count: (x?.count ?? 0) + (y?.count ?? 0),
      firstLine: x ? x.firstLine : (y as { firstLine: number }).firstLine + offset,
    });
  }
  const merged: ParsedCsv = {
    header: a.header,
    columns,
    kinds: a.kinds,
    rows,
    lines,
    delimiter: a.delimiter,
    nonFinite,
  };
  if (a.times && b.times) {
    const other = new Map(a.times.other);
    for (const [r, cell] of b.times.other) other.set(r + a.rows, cell);
    merged.times = { column: a.times.column, ms: concat(a.times.ms, b.times.ms), other };
  }
  return merged;
}
