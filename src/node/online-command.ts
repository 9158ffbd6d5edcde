import { basename } from 'node:path';
import {
  DataError,
  columnValues,
  createOnlineModel,
  defaultOnlineThreshold,
  entityGroups,
  labelledEvents,
  nabOptimizeAll,
  probationRowsOf,
  runOnline,
  type Dataset,
  type NabSweepFile,
} from '../engine/index';
import { int, num, parseArgs, str, UsageError } from './args';
import { loadDatasetFile, writeText } from './files';
import { roleOverrides } from './role-overrides';
import { nabLines } from './evaluate-nab';

type Out = (s: string) => void;

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** `--params` as a JSON object. */
export function paramsArg(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let params: unknown;
  try {
    params = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--params: not valid JSON (${(e as Error).message})`);
  }
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    throw new UsageError('--params: expected a JSON object such as {"numTrees": 50}');
  }
  return params as Record<string, unknown>;
}

/** `--probation`: a fraction below 1 or a whole row count. */
export function probationArg(value: number): number {
  try {
    probationRowsOf(100, value);
  } catch (e) {
    throw new UsageError(`--probation: ${(e as Error).message.replace(/^probation: /, '')}`);
  }
  return value;
}

/** The metric columns as one row-major matrix, every value finite (a missing one is named). */
function metricMatrix(ds: Dataset, file: string): Float64Array {
  const { metrics } = ds.schema;
  const n = ds.table.numRows();
  const data = new Float64Array(n * metrics.length);
  metrics.forEach((m, j) => {
    const col = columnValues(ds.table, m) as ArrayLike<number>;
    for (let i = 0; i < n; i++) {
      const v = Number(col[i]);
      if (!Number.isFinite(v)) {
        throw new DataError(
          `row ${i + 1} has no value; the online path needs every metric value (fill or drop the row first)`,
          file,
          undefined,
          m,
        );
      }
      data[i * metrics.length + j] = v;
    }
  });
  return data;
}

/**
 * `cli online FILE --model NAME --out SCORES.csv`: every row scored online (each from its own and its
 * entity's earlier rows), written as `row,score,likelihood,alert[,time][,entity]` in input order. With
 * label windows (or a label column) it also prints the file's NAB scores, its threshold optimised on
 * this file alone (`cli evaluate` optimises one threshold across several files).
 */
export async function online(argv: string[], out: Out, err: Out): Promise<void> {
  const args = parseArgs(
    argv,
    [],
    [
      'out',
      'model',
      'params',
      'seed',
      'probation',
      'threshold',
      'windows',
      'metrics',
      'time-col',
      'entity-col',
      'label-col',
    ],
  );
  const file = args.positional[0];
  const dest = str(args, 'out');
  if (!file) throw new UsageError('online: FILE is required');
  if (!dest) throw new UsageError('online: --out SCORES.csv is required');
  const type = str(args, 'model');
  if (!type) throw new UsageError('online: --model NAME is required (e.g. ensemble, rcf, robust-z)');
  const params = paramsArg(str(args, 'params'));
  const seed = int(args, 'seed', 0);
  const probation = probationArg(num(args, 'probation', 0.15));
  const threshold = args.flags.has('threshold')
    ? num(args, 'threshold', 0.5)
    : defaultOnlineThreshold(type, params);
  let model;
  try {
    model = createOnlineModel(type, params, seed);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  const name = basename(file);
  const data = metricMatrix(ds, name);
  const { schema } = ds;
  const n = ds.table.numRows();
  const times = schema.time
    ? Float64Array.from(columnValues(ds.table, schema.time) as ArrayLike<number>)
    : null;
  const groups = entityGroups(ds);
  const started = process.cpuUsage();
  const wall = performance.now();
  const run = await runOnline(
    model,
    { data, rows: n, cols: schema.metrics.length },
    { context: { time: times ?? undefined, groups }, probation, threshold },
  );
  const cpu = process.cpuUsage(started);
  const seconds = (performance.now() - wall) / 1000;

  const entities = schema.entity ? (columnValues(ds.table, schema.entity) as ArrayLike<unknown>) : null;
  const header = ['row', 'score', 'likelihood', 'alert', ...(schema.time ? [schema.time] : [])];
  if (schema.entity) header.push(schema.entity);
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < n; i++) {
    const cells = [String(i), String(run.scores[i]), String(run.likelihoods[i]), String(run.alerts[i])];
    if (times) cells.push(Number.isFinite(times[i]) ? new Date(times[i]).toISOString() : '');
    if (entities) cells.push(csvField(String(entities[i])));
    lines.push(cells.join(','));
  }
  writeText(dest, lines.join('\n') + '\n');
  const alerts = run.alerts.reduce((s, v) => s + v, 0);
  const p = run.probationRows;
  err(
    `scored ${n} rows of ${groups.length} entit${groups.length === 1 ? 'y' : 'ies'} online with ${type} ` +
      `in ${seconds.toFixed(2)} s (${Math.round(n / Math.max(1e-6, (cpu.user + cpu.system) / 1e6)).toLocaleString('en-US')} rows per CPU second); ` +
      `probation ${Math.min(...p) === Math.max(...p) ? p[0] : `${Math.min(...p)}-${Math.max(...p)}`} rows; ` +
      `${alerts} alerts at likelihood >= ${run.threshold}; wrote ${dest}`,
  );
  for (const note of model.notes(p[0] ?? 0)) err(`  ${note}`);
  if (!schema.label) return;
  const labels = columnValues(ds.table, schema.label) as ArrayLike<number>;
  const files: NabSweepFile[] = groups.map((g, k) => {
    const segLabels = g.map((i) => (labels[i] === 1 ? 1 : 0));
    return {
      name: `${name}#${k}`,
      times: null,
      scores: g.map((i) => run.likelihoods[i]),
      windows: labelledEvents(segLabels, [[0, g.length]]).map((e): [number, number] => [
        e.firstRow,
        e.lastRow,
      ]),
      probationRows: p[k],
    };
  });
  out(
    [
      'NAB of the likelihood, threshold optimised on this file:',
      ...nabLines(nabOptimizeAll(files), '  '),
    ].join('\n'),
  );
}
