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
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createDetector, detectorFactory, detectorTypes } from '../../src/engine/detectors/index';
import { averagePrecision, rocAuc } from '../../src/engine/metrics/index';
import { machineInfo } from './machine';
import { loadCases } from './_dev-cases';

const BASELINE = '../shared/baselines/sklearn-iforest-dev.csv';

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
