import type { ColumnTable } from 'arquero';

/** Which columns play which role. Labels are never features. */
export interface Schema {
  /** Time column (ISO strings or epoch numbers in the source); parsed to epoch ms in the table. */
  time?: string;
  /** Entity (instance id) column. */
  entity?: string;
  /** Numeric metric columns, the candidate features. */
  metrics: string[];
  /** 0/1 label column. */
  label?: string;
}

/** A dataset: an arquero table plus its schema. */
export interface Dataset {
  name: string;
  table: ColumnTable;
  schema: Schema;
  /** Problems that did not stop loading (e.g. infinite values read as missing), one sentence each. */
  warnings?: string[];
}

/** An input problem, naming the file, line (1-based, header is line 1) and column where known. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(
      [file ? `${file}` : '', line !== undefined ? `line ${line}` : '', column ? `column '${column}'` : '']
        .filter(Boolean)
        .join(', ') +
        (file || line !== undefined || column ? ': ' : '') +
        message,
    );
    this.name = 'DataError';
  }
}

/** Characters of a cell an error message shows; longer cells are cut (a 100,000-character cell would bury the message). */
const SHOWN_CELL = 60;

/** A cell as error messages show it: in single quotes, cut to {@link SHOWN_CELL} characters. */
export function quoteCell(cell: string): string {
  return `'${cell.length > SHOWN_CELL ? `${cell.slice(0, SHOWN_CELL - 3)}...` : cell}'`;
}
