import { columnValues } from './column-values';
import type { Dataset } from './dataset';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Writes a dataset as CSV (comma, LF line ends, header first) that {@link loadCsv} reads back to an
 * equal table: the time column as ISO 8601 UTC with milliseconds (`2024-03-04T00:00:00.000Z`, sub-ms
 * fractions dropped), numbers in shortest round-trip form (`String(n)`), NaN and null as an empty
 * cell, and text quoted when it holds a comma, quote, line break or edge whitespace.
 */
export function datasetToCsv(ds: Dataset): string {
  const names = ds.table.columnNames();
  const columns = names.map((name) => columnValues(ds.table, name) as ArrayLike<unknown>);
  const timeIndex = ds.schema.time === undefined ? -1 : names.indexOf(ds.schema.time);
  const rows = ds.table.numRows();
  const out: string[] = [names.map(quote).join(',')];
  const cells = new Array<string>(names.length);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < columns.length; j++) {
      const v = columns[j][r];
      cells[j] = j === timeIndex ? isoTime(v) : cell(v);
    }
    out.push(cells.join(','));
  }
  return out.join('\n') + '\n';
}

function isoTime(v: unknown): string {
  const ms = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : NaN;
  return Number.isFinite(ms) ? new Date(Math.floor(ms)).toISOString() : '';
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (v instanceof Date) return v.toISOString();
  return quote(String(v));
}

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
