import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from './args';

/** A column to write: its header and the text of row i. */
export interface TextColumn {
  name: string;
  cell: (i: number) => string;
}

function field(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Writes a CSV of text columns followed by number columns, in chunks of rows, so a table larger than
 * a JavaScript string can hold (100,000 rows x 400 features is about 700 MB) still writes. Numbers are
 * written in full precision (shortest round-trip form).
 */
export function writeCsvFile(
  path: string,
  rows: number,
  text: readonly TextColumn[],
  numbers: { names: readonly string[]; columns: readonly ArrayLike<number>[] },
): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`${path}: cannot write file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    writeSync(fd, [...text.map((c) => c.name), ...numbers.names].map(field).join(',') + '\n');
    const cols = numbers.columns;
    const width = cols.length;
    const cells: string[] = new Array<string>(text.length + width);
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < text.length; k++) cells[k] = field(text[k].cell(i));
      for (let k = 0; k < width; k++) {
        const v = cols[k][i];
        cells[text.length + k] = v === v ? String(v) : '';
      }
      chunk.push(cells.join(','));
      if (chunk.length === 512) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}
