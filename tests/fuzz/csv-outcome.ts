import { DataError, loadAny } from '../../src/engine/index';

/** How one fuzz case ended. */
export type CsvOutcome =
  | { kind: 'table'; rows: number; columns: number; metrics: number; warnings: number }
  | { kind: 'error'; message: string; detail: string; located: boolean }
  | { kind: 'bug'; message: string };

/**
 * Problems with a whole file rather than a place in it: the only errors allowed not to name a line.
 * Everything else the loader refuses must say on which line (and, for a cell, in which column).
 */
const WHOLE_FILE = [
  /the file is empty/,
  /the file has a header but no data rows/,
  /no numeric column to use as a metric/,
  /the workbench reads files up to 512 MiB/,
];

/**
 * Loads `text` as the CSV file `file` and says how it ended: a table that holds together (rows, at
 * least one metric, metrics numeric), a DataError (located when it names a line, or when it is a
 * whole-file problem), or a bug: any other exception, a DataError that names no line for a problem in
 * one place, or a table that breaks the loader's promises.
 */
export function loadOutcome(text: string | Uint8Array, file = 'fuzz.csv'): CsvOutcome {
  let ds;
  try {
    ds = loadAny(text, file);
  } catch (e) {
    if (!(e instanceof DataError)) {
      return {
        kind: 'bug',
        message: `${(e as Error).name ?? 'Error'}: ${(e as Error).message ?? String(e)}`,
      };
    }
    const whole = WHOLE_FILE.some((re) => re.test(e.message));
    const located = whole || e.line !== undefined;
    if (e.file !== file) return { kind: 'bug', message: `DataError without the file's name: ${e.message}` };
    const where = [
      e.file ?? '',
      e.line !== undefined ? `line ${e.line}` : '',
      e.column ? `column '${e.column}'` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const detail = e.message.startsWith(`${where}: `) ? e.message.slice(where.length + 2) : e.message;
    return { kind: 'error', message: e.message, detail, located };
  }
  const { table, schema } = ds;
  const rows = table.numRows();
  if (rows === 0) return { kind: 'bug', message: 'a table with no rows' };
  if (schema.metrics.length === 0) return { kind: 'bug', message: 'a table with no metric' };
  for (const m of schema.metrics) {
    const col = table.column(m) as unknown as { length: number; at?: unknown } | undefined;
    const values = table.array(m) as ArrayLike<unknown>;
    if (!col || values.length !== rows)
      return { kind: 'bug', message: `metric '${m}' has ${values.length} values for ${rows} rows` };
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number') return { kind: 'bug', message: `metric '${m}' holds a ${typeof v}` };
      if (v === Infinity || v === -Infinity)
        return { kind: 'bug', message: `metric '${m}' holds an infinity` };
    }
  }
  if (schema.time) {
    const times = table.array(schema.time) as ArrayLike<unknown>;
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      if (typeof t !== 'number' || !Number.isFinite(t)) {
        return { kind: 'bug', message: `time column '${schema.time}' holds ${String(t)}` };
      }
    }
  }
  return {
    kind: 'table',
    rows,
    columns: table.numCols(),
    metrics: schema.metrics.length,
    warnings: ds.warnings?.length ?? 0,
  };
}

/**
 * A message (without its file, line and column) with its particulars taken out: listed columns, quoted
 * cells and names, numbers. Messages that differ only in where or what count as one kind of error.
 */
export function normalizeMessage(detail: string): string {
  return detail
    .replace(/ \(header: [\s\S]*$/, '')
    .replace(/; columns: [\s\S]*$/, '')
    .replace(/(expected \d+) \([\s\S]*$/, '$1')
    .replace(/^'[\s\S]*' is not a (number|time)/, "'…' is not a $1")
    .replace(/'[^'\n]*'/g, "'…'")
    .replace(/\d+(?:\.\d+)?/g, 'N')
    .replace(/has N fields?/, 'has N field(s)')
    .slice(0, 200);
}
