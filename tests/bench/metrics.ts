/**
 * ROC and PR curves (and their areas) over 1,000,000 scores with 5% anomalies (seed 0), medians of 5 runs
 * after a warm-up, next to scikit-learn's roc_curve / precision_recall_curve / roc_auc_score /
 * average_precision_score on the same data (tests/reference/sklearn_metrics_bench.py, when Debian's
 * /usr/bin/python3 has scikit-learn). Goal: both curves in under 0.5 s.
 * Run: `npm run bench -- metrics`. Writes artifacts/bench/metrics.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { averagePrecision, prCurve, rocAuc, rocCurve } from '../../src/engine/metrics/index';
import { createRandom } from '../../src/engine/util/random';
import { machineInfo } from './machine';

const N = 1_000_000;
const RUNS = 5;
const rng = createRandom(0);
const labels = new Uint8Array(N);
const scores = new Float64Array(N);
for (let i = 0; i < N; i++) {
  labels[i] = rng.next() < 0.05 ? 1 : 0;
  // Rounded to 3 decimals so ties occur, as they do with real detectors.
  scores[i] = Math.round((rng.normal() + 1.5 * labels[i]) * 1000) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (fn: () => unknown): number[] => {
  const out: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t = performance.now();
    fn();
    if (r) out.push((performance.now() - t) / 1000);
  }
  return out;
};
const ours = {
  rocCurve: median(time(() => rocCurve(labels, scores))),
  prCurve: median(time(() => prCurve(labels, scores))),
  rocAuc: median(time(() => rocAuc(labels, scores))),
  averagePrecision: median(time(() => averagePrecision(labels, scores))),
};
const py = spawnSync('/usr/bin/python3', ['tests/reference/sklearn_metrics_bench.py'], { encoding: 'utf8' });
const sklearn = py.status === 0 ? (JSON.parse(py.stdout) as Record<string, number>) : null;
if (!sklearn) console.error('scikit-learn figures unavailable (needs /usr/bin/python3 with python3-sklearn)');
console.log(`Metrics over ${N.toLocaleString('en-US')} scores, medians of ${RUNS} (seconds)`);
console.table(
  Object.entries(ours).map(([k, v]) => ({
    metric: k,
    workbench: v.toFixed(3),
    'scikit-learn': sklearn?.[k] !== undefined ? sklearn[k].toFixed(3) : 'n/a',
  })),
);
console.log(`ROC + PR curves: ${(ours.rocCurve + ours.prCurve).toFixed(3)} s (goal: under 0.5 s)`);
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  'artifacts/bench/metrics.json',
  JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), n: N, ours, sklearn }, null, 2),
);
