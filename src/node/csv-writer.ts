import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { MAX_NUMBER_BYTES, writeNumber } from '../engine/util/format-number';
import { UsageError } from './args';
import { startWorker } from './start-worker';

/** The cells of a CSV: text columns (already as strings) followed by number columns. */
export interface CsvTable {
  rows: number;
  text: { name: string; cells: readonly string[] }[];
  numbers: { names: readonly string[]; columns: readonly ArrayLike<number>[] };
}

/** Below this many cells one thread writes the whole file: starting a worker costs about 0.2 s. */
const PARALLEL_CELLS = 2_000_000;

function field(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function open(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`${path}: cannot write file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

const BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * Writes rows [from, to) of a table (row i of the columns is row i - offset of the arrays) as bytes
 * into a buffer flushed when nearly full: no string per number, no joined line.
 */
export function writeRows(fd: number, table: CsvTable, from: number, to: number, offset = 0): void {
  const { text } = table;
  const cols = table.numbers.columns;
  const width = cols.length;
  const buf = Buffer.allocUnsafe(BUFFER_BYTES);
  // Room for the longest row of numbers; text cells are checked one by one.
  const room = BUFFER_BYTES - (width + 1) * (MAX_NUMBER_BYTES + 1);
  let pos = 0;
  for (let i = from; i < to; i++) {
    const r = i - offset;
    for (let k = 0; k < text.length; k++) {
      const cell = field(text[k].cells[r]);
      if (pos + cell.length * 3 + 1 > room) {
        writeSync(fd, buf, 0, pos);
        pos = 0;
      }
      pos += buf.write(cell, pos);
      buf[pos++] = COMMA;
    }
    if (text.length && !width) pos--;
    for (let k = 0; k < width; k++) {
      const v = cols[k][r];
      if (v === v) pos = writeNumber(buf, pos, v);
      buf[pos++] = k === width - 1 ? NEWLINE : COMMA;
    }
    if (!width) buf[pos++] = NEWLINE;
    if (pos > room) {
      writeSync(fd, buf, 0, pos);
      pos = 0;
    }
  }
  if (pos) writeSync(fd, buf, 0, pos);
}

const COMMA = 44;
const NEWLINE = 10;

function append(fd: number, partPath: string): void {
  const part = openSync(partPath, 'r');
  const buf = Buffer.allocUnsafe(16 * 1024 * 1024);
  try {
    for (;;) {
      const n = readSync(part, buf, 0, buf.length, null);
      if (n === 0) break;
      writeSync(fd, buf, 0, n);
    }
  } finally {
    closeSync(part);
  }
}

/**
 * Writes a table as CSV in chunks of rows, so a table larger than a JavaScript string can hold
 * (100,000 rows x 425 features is about 550 MB) still writes. Numbers are written in full precision
 * (shortest round-trip form, as `String` writes them). A large table is written on two threads: a
 * worker formats the second half into a side file while this thread writes the first, then the side
 * file is appended.
 */
/** Returns the number of threads that formatted rows (2 when the worker's half was used). */
export async function writeCsvFile(path: string, table: CsvTable): Promise<1 | 2> {
  const fd = open(path);
  try {
    writeSync(fd, [...table.text.map((c) => c.name), ...table.numbers.names].map(field).join(',') + '\n');
    const cells = table.rows * (table.text.length + table.numbers.columns.length);
    const half = Math.floor(table.rows / 2);
    // AWB_WRITE_THREADS=1 forces one thread, =2 two threads whatever the size (for tests).
    const threads = process.env.AWB_WRITE_THREADS;
    const parallel = threads === '2' || (threads !== '1' && cells >= PARALLEL_CELLS);
    const second = parallel && half > 0 ? startHalf(path, table, half) : null;
    writeRows(fd, table, 0, second ? half : table.rows);
    if (second) {
      const partPath = await second;
      if (partPath) {
        append(fd, partPath);
        rmSync(partPath, { force: true });
        return 2;
      }
      writeRows(fd, table, half, table.rows);
    }
    return 1;
  } finally {
    closeSync(fd);
  }
}

/** Formats rows [half, rows) in a worker into a side file; resolves to its path, or null on failure. */
function startHalf(path: string, table: CsvTable, half: number): Promise<string | null> {
  const partPath = `${path}.part-${process.pid}`;
  const columns = table.numbers.columns.map((c) =>
    c instanceof Float64Array
      ? c.slice(half)
      : Float64Array.from(Array.prototype.slice.call(c, half) as number[]),
  );
  const payload = {
    partPath,
    rows: table.rows,
    half,
    text: table.text.map((c) => ({ name: c.name, cells: c.cells.slice(half) })),
    columns,
  };
  return new Promise((resolve) => {
    let worker;
    try {
      worker = startWorker('csv-writer-worker', import.meta.url, null);
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (m: { ok: boolean }) => {
      void worker.terminate();
      if (!m.ok) rmSync(partPath, { force: true });
      resolve(m.ok ? partPath : null);
    });
    worker.once('error', () => {
      rmSync(partPath, { force: true });
      resolve(null);
    });
    worker.postMessage(
      payload,
      columns.map((c) => c.buffer as ArrayBuffer),
    );
  });
}
