import { basename } from 'node:path';
import {
  BundleError,
  DataError,
  datasetToCsv,
  defaultSpec,
  detectorFactory,
  entityGroups,
  evaluateScores,
  evaluateSeries,
  fitPipeline,
  generateClusterMetrics,
  parseCsv,
  type ParsedCsv,
  readBundle,
  scorePipeline,
  verifyReference,
  writeBundle,
  type Schema,
  cleanForSpec,
  labelsOf,
  nabOptimizeAll,
  specFromPrep,
  splitDataset,
  type FittedPipeline,
  type ThresholdRule,
} from '../engine/index';
import { readPrepConfig } from './features-command';
import { int, num, parseArgs, str, UsageError } from './args';
import { loadDatasetFile, readText, writeText } from './files';
import { formatProfile } from './format-profile';
import { roleOverrides } from './role-overrides';
import { profileFile } from './profile-parallel';
import { evaluateCorpus, nabColumn, nabFilesOf, nabLines, numericColumn } from './evaluate-nab';
import { probationArg } from './online-command';
import { statSync } from 'node:fs';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

type Out = (s: string) => void;

/** The threshold rule in the `train` line: its kind, and why the labels' F1-best threshold was not used. */
function ruleNote(rule: ThresholdRule): string {
  return rule.kind === 'contamination' && rule.bestF1AlertShare !== undefined
    ? `contamination; best F1 would alert ${(100 * rule.bestF1AlertShare).toFixed(0)}% of the training rows`
    : rule.kind;
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export async function generate(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, ['json'], ['out', 'days', 'instances', 'seed', 'step']);
  const file = str(args, 'out');
  if (!file) throw new UsageError('generate: --out FILE is required');
  const ds = generateClusterMetrics({
    days: int(args, 'days', 14),
    instances: int(args, 'instances', 8),
    seed: int(args, 'seed', 42),
    stepMinutes: num(args, 'step', 5),
  });
  writeText(file, datasetToCsv(ds));
  out(`wrote ${file}: ${ds.table.numRows()} rows x ${ds.table.numCols()} columns`);
}

export async function profile(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(
    argv,
    ['json'],
    ['json', 'time-col', 'entity-col', 'label-col', 'metrics', 'windows'],
  );
  const file = args.positional[0];
  if (!file) throw new UsageError('profile: FILE is required');
  // Large plain CSVs are parsed and profiled on two threads, with the same output (profile-parallel.ts).
  const { ds, summary, profile } = await profileFile(file, roleOverrides(args), str(args, 'windows'));
  // Full precision on purpose: the JSON carries the numbers the page shows, unrounded.
  if (args.flags.get('json')) out(JSON.stringify({ file: basename(file), ...summary, ...profile }, null, 2));
  else out(formatProfile(basename(file), ds.schema, summary, profile));
}

export async function train(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(
    argv,
    ['json'],
    ['out', 'model', 'params', 'seed', 'metrics', 'time-col', 'entity-col', 'label-col', 'windows', 'config'],
  );
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
  let seedNote = '';
  if (args.flags.has('seed')) {
    const seed = int(args, 'seed', 0);
    // A deterministic detector has no seed: the flag changes nothing, and saying so beats refusing it.
    if (detectorFactory(type).params.some((p) => p.name === 'seed')) params = { ...params, seed };
    else seedNote = `; ${type} is deterministic, --seed has no effect`;
  }
  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  const detector = { type, params };
  const rawConfig = str(args, 'config');
  const started = Date.now();
  const metrics: Record<string, number | null> = {};
  let fitted: FittedPipeline;
  let note = '';
  if (rawConfig === undefined) {
    // Without a preparation config: the compact preset features, fitted on every row of the file.
    const result = await fitPipeline(ds, defaultSpec(ds.schema, detector));
    fitted = result.fitted;
    if (ds.schema.label && result.trainScores) {
      const trainScores = result.trainScores;
      const labels = Float64Array.from(ds.table.array(ds.schema.label) as ArrayLike<number>, Number);
      const alerts = trainScores.map((s) => (s >= fitted.threshold ? 1 : 0));
      const e = evaluateScores(labels, trainScores, alerts);
      for (const [k, v] of Object.entries(e)) metrics[`train_${k}`] = v;
    }
  } else {
    // With one: its cleaning, features, selection and scaler, fitted on the training part of its split.
    const config = readPrepConfig(rawConfig);
    const spec = specFromPrep(ds.schema, ds.schema.metrics, config, detector);
    const { dataset: cleaned } = cleanForSpec(ds, spec);
    const split = splitDataset(cleaned, config.split);
    fitted = (await fitPipeline(ds, spec, { cleaned, rows: split.train })).fitted;
    const labels = labelsOf(cleaned);
    if (labels && split.test.length) {
      const { scores } = scorePipeline(fitted, cleaned, undefined, true);
      const pick = (a: ArrayLike<number>) => Float64Array.from(split.test, (i) => a[i]);
      const testScores = pick(scores);
      const e = evaluateScores(
        pick(labels),
        testScores,
        testScores.map((s) => (s >= fitted.threshold ? 1 : 0)),
      );
      for (const [k, v] of Object.entries(e)) metrics[`test_${k}`] = v;
    }
    note =
      `; split ${split.train.length}/${split.validation.length}/${split.test.length} rows` +
      (split.warnings.length ? ` (${split.warnings.join(' ')})` : '');
  }
  writeText(bundlePath, await writeBundle(fitted, ds, { metrics }));
  out(
    `trained ${type} on ${fitted.trainRows} rows x ${fitted.featureNames.length} features in ${((Date.now() - started) / 1000).toFixed(2)} s; ` +
      `threshold ${fitted.threshold.toPrecision(6)} (${ruleNote(fitted.thresholdRule)})${note}${seedNote}; wrote ${bundlePath}`,
  );
}

export async function score(argv: string[], out: Out, err: Out): Promise<void> {
  const args = parseArgs(argv, ['json'], ['out']);
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
  // The bundle's roles, not ones guessed from the new file: '' means the model has no such column.
  const ds = loadDatasetFile(file, {
    time: schema.time ?? '',
    entity: schema.entity ?? '',
    label: '',
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

/**
 * A column of a scores file, every cell checked: a score must be a number, an alert 0 or 1. Errors name
 * the file, the line and the column.
 */
function scoresColumn(file: string, parsed: ParsedCsv, name: 'score' | 'alert'): Float64Array {
  const j = parsed.header.indexOf(name);
  if (j < 0) throw new DataError(`no '${name}' column (columns: ${parsed.header.join(', ')})`, file);
  const col = parsed.columns[j];
  if (!(col instanceof Float64Array)) {
    const bad = (col as string[]).findIndex((v) => !Number.isFinite(Number(v)));
    throw new DataError(`'${(col as string[])[bad]}' is not a number`, file, parsed.lines[bad], name);
  }
  for (let i = 0; i < col.length; i++) {
    if (Number.isNaN(col[i])) throw new DataError('missing value', file, parsed.lines[i], name);
    if (name === 'alert' && col[i] !== 0 && col[i] !== 1) {
      throw new DataError(`alert must be 0 or 1, got ${col[i]}`, file, parsed.lines[i], name);
    }
  }
  return col;
}

export async function evaluate(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, ['json'], ['truth', 'label-col', 'windows', 'json', 'time-col', 'probation']);
  const scoresPath = args.positional[0];
  const truthPath = str(args, 'truth');
  if (!scoresPath) throw new UsageError('evaluate: SCORES.csv is required');
  if (!truthPath) throw new UsageError('evaluate: --truth FILE is required');
  const probation = probationArg(num(args, 'probation', 0.15));
  if (args.positional.length > 1 || isDirectory(scoresPath)) {
    // Several scored files: NAB over the corpus, one threshold per profile (evaluate-nab.ts).
    const overrides: Partial<Schema> = roleOverrides(args);
    evaluateCorpus(
      args.positional,
      truthPath,
      overrides,
      str(args, 'windows'),
      probation,
      !!args.flags.get('json'),
      out,
    );
    return;
  }
  const parsed = parseCsv(readText(scoresPath), basename(scoresPath));
  const scores = scoresColumn(basename(scoresPath), parsed, 'score');
  const alerts = scoresColumn(basename(scoresPath), parsed, 'alert');
  const overrides: Partial<Schema> = {};
  const labelCol = str(args, 'label-col');
  if (labelCol && args.flags.has('windows')) {
    throw new UsageError('evaluate: give either --label-col or --windows, not both');
  }
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
  // The time-series view walks each entity's rows in time order (the files match row for row).
  const groups = entityGroups(truth);
  const order = groups.flat();
  const segments: [number, number][] = [];
  let at = 0;
  for (const g of groups) {
    segments.push([at, at + g.length]);
    at += g.length;
  }
  const pick = (a: ArrayLike<number>) => Float64Array.from(order, (i) => a[i]);
  const times = truth.schema.time
    ? pick(Float64Array.from(truth.table.array(truth.schema.time) as ArrayLike<number>, Number))
    : null;
  const both = result.positives > 0 && result.positives < result.n;
  const series = both ? evaluateSeries(pick(labels), pick(scores), pick(alerts), segments, { times }) : null;
  // NAB of the likelihood (or score) column with its threshold optimised, as NAB's optimiser does.
  const nabCol = nabColumn(parsed.header);
  const nabOpt = both
    ? nabOptimizeAll(
        nabFilesOf(
          basename(scoresPath),
          numericColumn(basename(scoresPath), parsed, nabCol),
          truth,
          probation,
        ),
      )
    : null;
  if (args.flags.get('json')) {
    const optimised = nabOpt && {
      [`nab_${nabCol}`]: Object.fromEntries(
        Object.entries(nabOpt).map(([p, r]) => [
          p,
          { normalized: r.total.normalized, threshold: r.threshold === Infinity ? null : r.threshold },
        ]),
      ),
    };
    out(JSON.stringify(series ? { ...result, ...series, ...optimised } : result, null, 2));
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
      ...(series
        ? [
            `events    ${series.event.detected} of ${series.event.events} detected (recall ${fmt(series.event.recall)}), ` +
              `${series.event.alert_events} alert events (precision ${fmt(series.event.precision)}), ` +
              `latency median ${series.event.latency.median === null ? 'n/a' : `${series.event.latency.median} s`}`,
            `range     precision ${fmt(series.range.precision)}, recall ${fmt(series.range.recall)} (Tatbul et al. 2018)`,
            `top K     K ${series.at_k.k}: precision ${fmt(series.at_k.precision)}`,
            `VUS-PR    ${fmt(series.vus_pr)}`,
            `NAB       standard ${fmt(series.nab.standard)}, reward low FP ${fmt(series.nab.reward_low_fp)}, reward low FN ${fmt(series.nab.reward_low_fn)} (of the alert column)`,
          ]
        : []),
      ...(nabOpt ? [`NAB of the ${nabCol} column, threshold optimised:`, ...nabLines(nabOpt, '  ')] : []),
    ].join('\n'),
  );
}
