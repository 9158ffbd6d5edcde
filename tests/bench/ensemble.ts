/**
 * The weighted ensemble against its members and a plain rolling robust z-score.
 *
 * 1. Demo data, the user's path: `cli generate --seed 11` (training) and a fresh draw (`--seed 12` unless
 *    `--test-seed N`), then `cli train`, `cli score` and `cli evaluate --json` for the ensemble, for each
 *    member alone (with the params and seed it has inside the ensemble) and for `robust-z` at its defaults;
 *    alerts at each bundle's own threshold. Checked against the targets: precision >= 0.89, recall
 *    >= 0.87, F1 >= 0.88, FPR <= 0.032, and PR-AUC above the best member.
 * 2. Development families (../shared/data, read as tests/bench/quality.ts reads them: NAB AWS fitted and
 *    scored on each whole series with the baseline's 5 features; ASD fitted on `_train`, scored on `_test`):
 *    mean PR-AUC per family of the ensemble, each member alone and robust-z at its defaults. The ensemble
 *    runs twice: without labels (equal weights and the unlabelled defaults of 'combine' and 'smooth'; the
 *    quality bench's protocol) and, where the training rows have labels (NAB only: ASD's `_train` files
 *    have none), with them (weights, rule and smoothing chosen on held-out folds of each series, which
 *    is also scored: in-sample for those choices).
 *
 * Run: `npm run bench -- ensemble [--params JSON] [--test-seed N] [--skip-demo] [--skip-dev]`.
 * Writes artifacts/bench/ensemble.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetector, detectorFactory } from '../../src/engine/detectors/index';
import { Ensemble } from '../../src/engine/detectors/ensemble';
import { memberOf } from '../../src/engine/detectors/ensemble/params';
import { averagePrecision } from '../../src/engine/metrics/index';
import { machineInfo } from './machine';
import { loadCases } from './_dev-cases';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const k = argv.indexOf(`--${name}`);
  return k >= 0 ? argv[k + 1] : undefined;
};
const ensembleParams = JSON.parse(option('params') ?? '{}') as Record<string, unknown>;
const testSeed = Number(option('test-seed') ?? 12);
const TRAIN_SEED = 11;
const TARGETS = { precision: 0.89, recall: 0.87, f1: 0.88, fpr: 0.032 };

/** The models compared: the ensemble, each member alone as it is inside it, robust-z at its defaults. */
function models(): { name: string; type: string; params: Record<string, unknown> }[] {
  const ens = new Ensemble(ensembleParams);
  const list = [{ name: 'ensemble', type: 'ensemble', params: ensembleParams }];
  ens.params.members.forEach((spec, k) => {
    const { type, params } = memberOf(spec, k);
    const seeded = detectorFactory(type).params.some((p) => p.name === 'seed') && params.seed === undefined;
    const own = seeded ? { ...params, seed: ens.params.seed } : params;
    list.push({
      name: `member ${type}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`,
      type,
      params: own,
    });
  });
  list.push({ name: 'robust-z (defaults)', type: 'robust-z', params: {} });
  return list;
}

const fmt = (v: unknown, d = 4): string => (typeof v === 'number' ? v.toFixed(d) : String(v));

// ---- 1. Demo data through the CLI ----
function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

interface DemoRow {
  model: string;
  pr_auc: number;
  roc_auc: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  trainSeconds: number;
}

function demo(): { rows: DemoRow[]; checks: Record<string, boolean> } {
  const dir = mkdtempSync(join(tmpdir(), 'awb-ensemble-'));
  const train = join(dir, 'train.csv');
  const test = join(dir, 'test.csv');
  cli('generate', '--out', train, '--seed', String(TRAIN_SEED));
  cli('generate', '--out', test, '--seed', String(testSeed));
  const rows: DemoRow[] = [];
  for (const m of models()) {
    const bundle = join(dir, `${rows.length}.awb`);
    const scores = join(dir, `${rows.length}.csv`);
    const t0 = performance.now();
    cli('train', train, '--out', bundle, '--model', m.type, '--params', JSON.stringify(m.params));
    const trainSeconds = (performance.now() - t0) / 1000;
    cli('score', bundle, test, '--out', scores);
    const e = JSON.parse(cli('evaluate', scores, '--truth', test, '--json')) as Record<string, number>;
    rows.push({
      model: m.name,
      pr_auc: e.pr_auc,
      roc_auc: e.roc_auc,
      precision: e.precision,
      recall: e.recall,
      f1: e.f1,
      fpr: e.fpr,
      trainSeconds,
    });
    process.stderr.write(`demo: ${m.name} done\n`);
  }
  const [ens, ...others] = rows;
  const members = others.slice(0, -1);
  const checks = {
    [`precision >= ${TARGETS.precision}`]: ens.precision >= TARGETS.precision,
    [`recall >= ${TARGETS.recall}`]: ens.recall >= TARGETS.recall,
    [`F1 >= ${TARGETS.f1}`]: ens.f1 >= TARGETS.f1,
    [`FPR <= ${TARGETS.fpr}`]: ens.fpr <= TARGETS.fpr,
    'PR-AUC above the best member': ens.pr_auc > Math.max(...members.map((r) => r.pr_auc)),
  };
  return { rows, checks };
}

// ---- 2. Development families (loading as in tests/bench/quality.ts) ----

interface DevRow {
  model: string;
  dataset: string;
  file: string;
  prAuc: number;
  seconds: number;
}

async function dev(): Promise<{
  perFile: DevRow[];
  summary: Record<string, string>[];
  checks: Record<string, boolean>;
}> {
  const cases = loadCases();
  const perFile: DevRow[] = [];
  const list = models();
  const runs = [
    { ...list[0], name: 'ensemble (no labels)', labelled: false },
    { ...list[0], name: 'ensemble (training labels)', labelled: true },
    ...list.slice(1).map((m) => ({ ...m, labelled: false })),
  ];
  for (const m of runs) {
    for (const c of cases) {
      if (m.labelled && !c.trainLabels) continue;
      const t0 = performance.now();
      const det = await createDetector(m.type, m.params).fit(c.train, {
        context: c.trainContext,
        ...(m.labelled && c.trainLabels ? { labels: c.trainLabels } : {}),
      });
      const scores = det.score(c.test, c.testContext);
      perFile.push({
        model: m.name,
        dataset: c.dataset,
        file: c.file,
        prAuc: averagePrecision(c.labels, scores),
        seconds: (performance.now() - t0) / 1000,
      });
    }
    process.stderr.write(`dev: ${m.name} done\n`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const familyMean = (model: string, dataset: string): number | null => {
    const got = perFile.filter((r) => r.model === model && r.dataset === dataset).map((r) => r.prAuc);
    return got.length ? mean(got) : null;
  };
  const summary = runs.map((m) => ({
    model: m.name,
    'NAB PR-AUC': fmt(familyMean(m.name, 'NAB') ?? 'n/a'),
    'ASD PR-AUC': fmt(familyMean(m.name, 'ASD') ?? 'n/a'),
    'seconds (all files)': perFile
      .filter((r) => r.model === m.name)
      .reduce((a, r) => a + r.seconds, 0)
      .toFixed(1),
  }));
  const checks: Record<string, boolean> = {};
  const members = runs.slice(2, -1).map((m) => m.name);
  for (const dataset of ['NAB', 'ASD']) {
    const best = Math.max(...members.map((m) => familyMean(m, dataset) as number));
    const plain = familyMean('robust-z (defaults)', dataset) as number;
    for (const e of runs.slice(0, 2)) {
      const v = familyMean(e.name, dataset);
      if (v === null) continue;
      checks[`${dataset}: ${e.name} above best member`] = v > best;
      checks[`${dataset}: ${e.name} above plain robust-z`] = v > plain;
    }
  }
  return { perFile, summary, checks };
}

const result: Record<string, unknown> = {
  benchmark: 'ensemble',
  date: new Date().toISOString(),
  machine: machineInfo(),
  params: new Ensemble(ensembleParams).params,
  trainSeed: TRAIN_SEED,
  testSeed,
};
if (!argv.includes('--skip-demo')) {
  const d = demo();
  console.log(
    `Demo data: cli train on generate --seed ${TRAIN_SEED}, cli score on --seed ${testSeed}, own thresholds`,
  );
  console.table(
    d.rows.map((r) => ({
      model: r.model,
      'PR-AUC': fmt(r.pr_auc),
      'ROC-AUC': fmt(r.roc_auc),
      precision: fmt(r.precision),
      recall: fmt(r.recall),
      F1: fmt(r.f1),
      FPR: fmt(r.fpr),
      'train s': fmt(r.trainSeconds, 1),
    })),
  );
  console.table(Object.entries(d.checks).map(([target, met]) => ({ target, met })));
  result.demo = d;
}
if (!argv.includes('--skip-dev')) {
  const d = await dev();
  console.log('Development families: mean PR-AUC per family');
  console.table(d.summary);
  console.table(Object.entries(d.checks).map(([target, met]) => ({ target, met })));
  result.dev = d;
}
const out = 'artifacts/bench/ensemble.json';
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
