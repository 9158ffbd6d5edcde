// The development data of the quality, tuning and ensemble benches, read and featurised one way.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RowContext } from '../../src/engine/detectors/detector';
import { applyScaler, fitScaler } from '../../src/engine/prep/scaler';
import { columnValues } from '../../src/engine/table/column-values';
import { applyLabelWindows } from '../../src/engine/table/label-windows';
import { loadCsv } from '../../src/engine/table/load';
import type { Dataset } from '../../src/engine/table/dataset';
import { matrixFromColumns, type Matrix } from '../../src/engine/util/matrix';

export const DATA = existsSync('../shared/data') ? '../shared/data' : 'data';
const NAB = join(DATA, 'nab-aws');
const ASD = join(DATA, 'asd');

/** One development series: features scaled on its training rows, labels of its test rows. */
export interface Case {
  dataset: 'NAB' | 'ASD';
  file: string;
  train: Matrix;
  test: Matrix;
  trainContext: RowContext;
  testContext: RowContext;
  labels: Uint8Array;
  /** Labels of the training rows, when it has them (NAB: the series itself). */
  trainLabels: Uint8Array | null;
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

/** NAB AWS series with a label window (fitted and scored on the whole series) and ASD omi-1..4. */
export function loadCases(): Case[] {
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
      trainLabels: labels,
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
      trainLabels: null,
    });
  }
  return cases;
}
