/**
 * Every registered detector, with its default parameters (seed 0), on every file of the development
 * data (../shared/data, else the copy of part of it in data/): ROC-AUC and PR-AUC per file and the mean, next to the
 * scikit-learn Isolation Forest baseline of ../shared/baselines/sklearn-iforest-dev.csv.
 * The features are the baseline's, so the detectors are compared, not the feature engineering:
 * - NAB AWS: value, diff1, 12-row trailing mean, 12-row trailing sample std (0 below 2 rows) and value
 *   minus that mean; one model per series, fitted and scored on the whole series; a row is anomalous
 *   when its time lies in a label window (ends included). The series without a window is skipped.
 * - ASD omi-1..4: the 19 metrics as given; fitted on `_train`, scored on `_test`.
 * Features are standard-scaled (fitted on the training rows); sequential detectors get the rows' times
 * (NAB) and one entity.
 * Run: `npm run bench -- quality [DETECTOR...]`. Writes artifacts/bench/quality.json.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector, detectorFactory, detectorTypes } from '../../src/engine/detectors/index';
import type { RowContext } from '../../src/engine/detectors/detector';
import { averagePrecision, rocAuc } from '../../src/engine/metrics/index';
import { applyScaler, fitScaler } from '../../src/engine/prep/scaler';
import { columnValues } from '../../src/engine/table/column-values';
import { applyLabelWindows } from '../../src/engine/table/label-windows';
import { loadCsv } from '../../src/engine/table/load';
import type { Dataset } from '../../src/engine/table/dataset';
import { matrixFromColumns, type Matrix } from '../../src/engine/util/matrix';
import { machineInfo } from './machine';

const DATA = existsSync('../shared/data') ? '../shared/data' : 'data';
const NAB = join(DATA, 'nab-aws');
const ASD = join(DATA, 'asd');
const BASELINE = '../shared/baselines/sklearn-iforest-dev.csv';

interface Case {
  dataset: 'NAB' | 'ASD';
  file: string;
  train: Matrix;
  test: Matrix;
  trainContext: RowContext;
  testContext: RowContext;
  labels: Uint8Array;
}

const col = (ds: Dataset, name: string) =>
  Float64Array.from(columnValues(ds.table, name) as ArrayLike<number>, Number);

/** The baseline's NAB features: value, diff1, trailing mean and std of 12 rows, value minus the mean. */
function nabFeatures(v: Float64Array): Float64Array[] {
  const n = v.length;
  const diff = new Float64Array(n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    diff[i] = i ? v[i] - v[i - 1] : 0;
    const from = Math.max(0, i - 11);
    const m = i - from + 1;
    let s = 0;
    for (let j = from; j <= i; j++) s += v[j];
    mean[i] = s / m;
    let q = 0;
    for (let j = from; j <= i; j++) q += (v[j] - mean[i]) ** 2;
    std[i] = m >= 2 ? Math.sqrt(q / (m - 1)) : 0;
    dev[i] = v[i] - mean[i];
  }
  return [v, diff, mean, std, dev];
}

function scaled(trainCols: Float64Array[], testCols: Float64Array[]): [Matrix, Matrix] {
  const scaler = fitScaler('standard', trainCols);
  return [
    matrixFromColumns(applyScaler(scaler, trainCols)),
    matrixFromColumns(applyScaler(scaler, testCols)),
  ];
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  const windows = JSON.parse(readFileSync(join(NAB, 'label_windows.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  for (const file of readdirSync(NAB)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    if (!(windows[file] as unknown[] | undefined)?.length) continue;
    const ds = applyLabelWindows(
      loadCsv(readFileSync(join(NAB, file), 'utf8'), file),
      windows,
      'label_windows.json',
    );
    const feats = nabFeatures(col(ds, 'value'));
    const [X] = scaled(feats, feats);
    const context: RowContext = { time: col(ds, ds.schema.time as string) };
    const labels = Uint8Array.from(col(ds, ds.schema.label as string), (v) => (v === 1 ? 1 : 0));
    cases.push({
      dataset: 'NAB',
      file: file.replace(/\.csv$/, ''),
      train: X,
      test: X,
      trainContext: context,
      testContext: context,
      labels,
    });
  }
  for (const server of ['omi-1', 'omi-2', 'omi-3', 'omi-4']) {
    const train = loadCsv(readFileSync(join(ASD, `${server}_train.csv`), 'utf8'), `${server}_train.csv`);
    const test = loadCsv(readFileSync(join(ASD, `${server}_test.csv`), 'utf8'), `${server}_test.csv`);
    const metrics = train.schema.metrics;
    const [Xtr, Xte] = scaled(
      metrics.map((m) => col(train, m)),
      metrics.map((m) => col(test, m)),
    );
    const labels = Uint8Array.from(col(test, test.schema.label as string), (v) => (v === 1 ? 1 : 0));
    cases.push({
      dataset: 'ASD',
      file: server,
      train: Xtr,
      test: Xte,
      trainContext: {},
      testContext: {},
      labels,
    });
  }
  return cases;
}

function baseline(): Map<string, { roc: number; pr: number }> {
  const out = new Map<string, { roc: number; pr: number }>();
  if (!existsSync(BASELINE)) return out;
  const [head, ...lines] = readFileSync(BASELINE, 'utf8').trim().split('\n');
  const h = head.split(',');
  for (const line of lines) {
    const c = line.split(',');
    const roc = Number(c[h.indexOf('roc_auc')]);
    if (Number.isFinite(roc)) out.set(c[h.indexOf('series')], { roc, pr: Number(c[h.indexOf('pr_auc')]) });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const wanted = process.argv.slice(2);
const types = wanted.length ? wanted : detectorTypes();
const cases = loadCases();
const base = baseline();
const perFile: {
  detector: string;
  dataset: string;
  file: string;
  rocAuc: number;
  prAuc: number;
  seconds: number;
}[] = [];
for (const type of types) {
  const seeded = detectorFactory(type).params.some((p) => p.name === 'seed');
  for (const c of cases) {
    const t0 = performance.now();
    const det = await createDetector(type, seeded ? { seed: 0 } : {}).fit(c.train, {
      context: c.trainContext,
    });
    const scores = det.score(c.test, c.testContext);
    perFile.push({
      detector: type,
      dataset: c.dataset,
      file: c.file,
      rocAuc: rocAuc(c.labels, scores),
      prAuc: averagePrecision(c.labels, scores),
      seconds: (performance.now() - t0) / 1000,
    });
  }
  process.stderr.write(`${type} done\n`);
}

const summary = [...types, 'sklearn iforest'].map((type) => {
  const row: Record<string, string> = { detector: type };
  for (const dataset of ['NAB', 'ASD'] as const) {
    const files = cases.filter((c) => c.dataset === dataset).map((c) => c.file);
    const got =
      type === 'sklearn iforest'
        ? files
            .map((f) => base.get(f))
            .filter((v): v is { roc: number; pr: number } => !!v)
            .map((v) => ({ rocAuc: v.roc, prAuc: v.pr }))
        : perFile.filter((r) => r.detector === type && r.dataset === dataset);
    row[`${dataset} ROC-AUC`] = got.length ? mean(got.map((r) => r.rocAuc)).toFixed(3) : 'n/a';
    row[`${dataset} PR-AUC`] = got.length ? mean(got.map((r) => r.prAuc)).toFixed(3) : 'n/a';
  }
  const secs = perFile.filter((r) => r.detector === type).map((r) => r.seconds);
  row['seconds (all files)'] = secs.length ? secs.reduce((a, b) => a + b, 0).toFixed(1) : '';
  return row;
});
console.log(`Detectors with default parameters on ${cases.length} development files (means per dataset)`);
console.table(summary);
const out = 'artifacts/bench/quality.json';
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    { benchmark: 'quality', date: new Date().toISOString(), machine: machineInfo(), summary, perFile },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
