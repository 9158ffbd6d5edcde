import { basename } from 'node:path';
import {
  BundleError,
  DataError,
  datasetToCsv,
  defaultSpec,
  detectorFactory,
  evaluateScores,
  fitPipeline,
  generateClusterMetrics,
  parseCsv,
  readBundle,
  scorePipeline,
  summarize,
  verifyReference,
  writeBundle,
  type Schema,
} from '../engine/index';
import { checkKnown, num, str, UsageError, type ParsedArgs } from './args';
import { loadDatasetFile, readText, writeText } from './files';
import { formatProfile } from './format-profile';

type Out = (s: string) => void;

function roleOverrides(args: ParsedArgs): Partial<Schema> {
  const o: Partial<Schema> = {};
  const time = str(args, 'time-col');
  const entity = str(args, 'entity-col');
  const label = str(args, 'label-col');
  const metrics = str(args, 'metrics');
  if (time) o.time = time;
  if (entity) o.entity = entity;
  if (label) o.label = label;
  if (metrics)
    o.metrics = metrics
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  return o;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function generate(args: ParsedArgs, out: Out): Promise<void> {
  checkKnown(args, ['out', 'days', 'instances', 'seed', 'step']);
  const file = str(args, 'out');
  if (!file) throw new UsageError('generate: --out FILE is required');
  const ds = generateClusterMetrics({
    days: num(args, 'days', 14),
    instances: num(args, 'instances', 8),
    seed: num(args, 'seed', 42),
    stepMinutes: num(args, 'step', 5),
  });
  writeText(file, datasetToCsv(ds));
  out(`wrote ${file}: ${ds.table.numRows()} rows x ${ds.table.numCols()} columns`);
}

export async function profile(args: ParsedArgs, out: Out): Promise<void> {
  checkKnown(args, ['json', 'time-col', 'entity-col', 'label-col', 'metrics', 'windows']);
  const file = args.positional[0];
  if (!file) throw new UsageError('profile: FILE is required');
  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  const summary = summarize(ds);
  if (args.flags.get('json'))
    out(JSON.stringify({ file: basename(file), schema: ds.schema, ...summary }, null, 2));
  else out(formatProfile(basename(file), ds.schema, summary));
}

export async function train(args: ParsedArgs, out: Out): Promise<void> {
  checkKnown(args, [
    'out',
    'model',
    'params',
    'seed',
    'metrics',
    'time-col',
    'entity-col',
    'label-col',
    'windows',
  ]);
  const file = args.positional[0];
  const bundlePath = str(args, 'out');
  if (!file) throw new UsageError('train: FILE is required');
  if (!bundlePath) throw new UsageError('train: --out BUNDLE is required');
  const type = str(args, 'model') ?? 'iforest';
  detectorFactory(type);
  let params: Record<string, unknown> = {};
  const rawParams = str(args, 'params');
  if (rawParams) {
    try {
      params = JSON.parse(rawParams) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--params: not valid JSON (${(e as Error).message})`);
    }
    if (!params || typeof params !== 'object' || Array.isArray(params)) {
      throw new UsageError('--params: expected a JSON object such as {"nEstimators":200}');
    }
  }
  if (args.flags.has('seed')) params = { ...params, seed: num(args, 'seed', 0) };
  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  const spec = defaultSpec(ds.schema, { type, params });
  const started = Date.now();
  const { fitted, trainScores } = await fitPipeline(ds, spec);
  const metrics: Record<string, number | null> = {};
  if (ds.schema.label) {
    const labels = Float64Array.from(ds.table.array(ds.schema.label) as ArrayLike<number>, Number);
    const alerts = trainScores.map((s) => (s >= fitted.threshold ? 1 : 0));
    const e = evaluateScores(labels, trainScores, alerts);
    for (const [k, v] of Object.entries(e)) metrics[`train_${k}`] = v;
  }
  writeText(bundlePath, await writeBundle(fitted, ds, { metrics }));
  out(
    `trained ${type} on ${ds.table.numRows()} rows x ${fitted.featureNames.length} features in ${((Date.now() - started) / 1000).toFixed(2)} s; ` +
      `threshold ${fitted.threshold.toPrecision(6)} (${fitted.thresholdRule.kind}); wrote ${bundlePath}`,
  );
}

export async function score(args: ParsedArgs, out: Out, err: Out): Promise<void> {
  checkKnown(args, ['out']);
  const [bundlePath, file] = args.positional;
  if (!bundlePath || !file) throw new UsageError('score: BUNDLE and FILE are required');
  const body = await readBundle(readText(bundlePath), basename(bundlePath));
  const check = verifyReference(body);
  if (!check.ok) {
    throw new BundleError(
      basename(bundlePath),
      `reference rows do not reproduce (max difference ${check.maxAbsDiff}); refusing to score`,
    );
  }
  const schema = body.pipeline.spec.schema;
  const ds = loadDatasetFile(file, {
    time: schema.time,
    entity: schema.entity,
    metrics: body.pipeline.spec.metrics,
  });
  const { scores, alerts } = scorePipeline(body.pipeline, ds);
  const times = schema.time ? (ds.table.array(schema.time) as ArrayLike<number>) : null;
  const entities = schema.entity ? (ds.table.array(schema.entity) as ArrayLike<unknown>) : null;
  const header = [
    'row',
    'score',
    'alert',
    ...(schema.time ? [schema.time] : []),
    ...(schema.entity ? [schema.entity] : []),
  ];
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < scores.length; i++) {
    const cells = [String(i), String(scores[i]), String(alerts[i])];
    if (times) cells.push(Number.isFinite(times[i]) ? new Date(times[i]).toISOString() : '');
    if (entities) cells.push(csvField(String(entities[i])));
    lines.push(cells.join(','));
  }
  const text = lines.join('\n') + '\n';
  const dest = str(args, 'out');
  if (dest) {
    writeText(dest, text);
    err(`scored ${scores.length} rows (${alerts.reduce((a, b) => a + b, 0)} alerts); wrote ${dest}`);
  } else out(text.trimEnd());
}

function numericColumn(file: string, header: string[], columns: unknown[], name: string): Float64Array {
  const j = header.indexOf(name);
  if (j < 0) throw new DataError(`no '${name}' column (columns: ${header.join(', ')})`, file);
  const col = columns[j];
  if (!(col instanceof Float64Array))
    throw new DataError(`column '${name}' is not numeric`, file, undefined, name);
  return col;
}

export async function evaluate(args: ParsedArgs, out: Out): Promise<void> {
  checkKnown(args, ['truth', 'label-col', 'windows', 'json', 'time-col']);
  const scoresPath = args.positional[0];
  const truthPath = str(args, 'truth');
  if (!scoresPath) throw new UsageError('evaluate: SCORES.csv is required');
  if (!truthPath) throw new UsageError('evaluate: --truth FILE is required');
  const parsed = parseCsv(readText(scoresPath), basename(scoresPath));
  const scores = numericColumn(basename(scoresPath), parsed.header, parsed.columns, 'score');
  const alerts = numericColumn(basename(scoresPath), parsed.header, parsed.columns, 'alert');
  const overrides: Partial<Schema> = {};
  const labelCol = str(args, 'label-col');
  if (labelCol) overrides.label = labelCol;
  const timeCol = str(args, 'time-col');
  if (timeCol) overrides.time = timeCol;
  const truth = loadDatasetFile(truthPath, overrides, str(args, 'windows'));
  if (!truth.schema.label) {
    throw new UsageError(
      `${basename(truthPath)}: no label column; name it with --label-col C or give --windows FILE.json`,
    );
  }
  const labels = Float64Array.from(truth.table.array(truth.schema.label) as ArrayLike<number>, Number);
  if (labels.length !== scores.length) {
    throw new UsageError(
      `${basename(scoresPath)} has ${scores.length} rows but ${basename(truthPath)} has ${labels.length}: they must match row for row`,
    );
  }
  const result = evaluateScores(labels, scores, alerts);
  if (args.flags.get('json')) {
    out(JSON.stringify(result, null, 2));
    return;
  }
  const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));
  out(
    [
      `rows ${result.n}, labelled anomalies ${result.positives}`,
      `ROC-AUC   ${fmt(result.roc_auc)}`,
      `PR-AUC    ${fmt(result.pr_auc)}`,
      `precision ${fmt(result.precision)}`,
      `recall    ${fmt(result.recall)}`,
      `F1        ${fmt(result.f1)}`,
      `FPR       ${fmt(result.fpr)}`,
    ].join('\n'),
  );
}
