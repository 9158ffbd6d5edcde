import { basename } from 'node:path';
import { columnValues, parsePrepConfig, prepareTable, type PrepConfig } from '../engine/index';
import { parseArgs, str, UsageError } from './args';
import { writeCsvFile, type CsvTable } from './csv-writer';
import { loadDatasetFile, readText } from './files';
import { roleOverrides } from './role-overrides';

type Out = (s: string) => void;

/** `--config`: JSON text, or the path of a JSON file. Absent: the default preparation. */
export function readPrepConfig(value: string | undefined): PrepConfig {
  if (value === undefined) return parsePrepConfig({});
  const text = value.trimStart().startsWith('{') ? value : readText(value);
  try {
    return parsePrepConfig(text);
  } catch (e) {
    throw new UsageError(`--config: ${(e as Error).message}`);
  }
}

/** `features FILE --out FEATURES.csv`: the feature table of a preparation config, as a CSV. */
export async function features(argv: string[], out: Out, err: Out): Promise<void> {
  const args = parseArgs(
    argv,
    [],
    ['out', 'config', 'time-col', 'entity-col', 'label-col', 'metrics', 'windows'],
  );
  const file = args.positional[0];
  const dest = str(args, 'out');
  if (!file) throw new UsageError('features: FILE is required');
  if (!dest) throw new UsageError('features: --out FEATURES.csv is required');
  const config = readPrepConfig(str(args, 'config'));
  const started = Date.now();
  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  if (!ds.schema.metrics.length)
    throw new UsageError(`${basename(file)}: no numeric metric column to compute features from`);
  const table = prepareTable(ds, ds.schema.metrics, config);
  const computed = Date.now();
  const data = table.dataset;
  const { time, entity, label } = data.schema;
  const rows = data.table.numRows();
  const text: CsvTable['text'] = [];
  if (time) {
    const t = columnValues(data.table, time) as ArrayLike<number>;
    const cells = new Array<string>(rows);
    for (let i = 0; i < rows; i++) cells[i] = Number.isFinite(t[i]) ? new Date(t[i]).toISOString() : '';
    text.push({ name: time, cells });
  }
  if (entity) {
    const e = columnValues(data.table, entity) as ArrayLike<unknown>;
    text.push({ name: entity, cells: Array.from({ length: rows }, (_, i) => String(e[i] ?? '')) });
  }
  const names = [...table.names];
  const columns: ArrayLike<number>[] = [...table.columns];
  if (label) {
    names.unshift(label);
    columns.unshift(columnValues(data.table, label) as ArrayLike<number>);
  }
  const threads = await writeCsvFile(dest, { rows, text, numbers: { names, columns } });
  for (const line of table.cleaning?.steps ?? []) err(line.sentence);
  err(
    `wrote ${dest}: ${rows.toLocaleString('en-US')} rows x ${table.names.length} features from ` +
      `${ds.schema.metrics.length} metrics (${ds.schema.metrics.join(', ')}); computed in ` +
      `${((computed - started) / 1000).toFixed(2)} s, written in ${((Date.now() - computed) / 1000).toFixed(2)} s on ${threads === 2 ? 'two threads' : 'one thread'}`,
  );
  void out;
}
