/**
 * Every registered detector's fit and score time on 100,000 x 20 standard normal data (seed 0), with
 * its default parameters (detectors with a sample cap fit on their sample), medians of 3 runs after a
 * warm-up, next to scikit-learn doing the same in one process (tests/reference/sklearn_detectors_bench.py,
 * when Debian's /usr/bin/python3 has scikit-learn).
 * Then the user's path: `cli train` + `cli score` on a 100,000 x 20 CSV as whole commands, against one Python
 * process reading, fitting, scoring and writing (tests/reference/sklearn_user_path.py).
 * Run: `npm run bench -- detectors`. Writes artifacts/bench/detectors.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetector, detectorFactory, detectorTypes } from '../../src/engine/detectors/index';
import { createRandom } from '../../src/engine/util/random';
import type { Matrix } from '../../src/engine/util/matrix';
import { machineInfo } from './machine';

const ROWS = 100_000;
const COLS = 20;
const RUNS = 3;

const rng = createRandom(0);
const data = new Float64Array(ROWS * COLS);
for (let k = 0; k < data.length; k++) data[k] = rng.normal();
const X: Matrix = { data, rows: ROWS, cols: COLS };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const ours: Record<string, { fit: number; score: number }> = {};
for (const type of detectorTypes()) {
  const fits: number[] = [];
  const scores: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const seeded = detectorFactory(type).params.some((p) => p.name === 'seed');
    const det = createDetector(type, seeded ? { seed: 0 } : {});
    let t = performance.now();
    await det.fit(X);
    const fit = (performance.now() - t) / 1000;
    t = performance.now();
    det.score(X);
    const score = (performance.now() - t) / 1000;
    if (run) {
      fits.push(fit);
      scores.push(score);
    }
  }
  ours[type] = { fit: median(fits), score: median(scores) };
}

const py = spawnSync('/usr/bin/python3', ['tests/reference/sklearn_detectors_bench.py'], {
  encoding: 'utf8',
});
const sklearn =
  py.status === 0 ? (JSON.parse(py.stdout) as Record<string, { fit: number; score: number }>) : null;
if (!sklearn) console.error('scikit-learn figures unavailable (needs /usr/bin/python3 with python3-sklearn)');

const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(3));
console.log(
  `Detectors on ${ROWS.toLocaleString('en-US')} x ${COLS}, default parameters, medians of ${RUNS} (seconds)`,
);
console.table(
  Object.entries(ours).map(([type, t]) => ({
    detector: type,
    fit: f(t.fit),
    score: f(t.score),
    'sklearn fit': f(sklearn?.[type]?.fit),
    'sklearn score': f(sklearn?.[type]?.score),
  })),
);
// The user's path as whole commands: `cli train` then `cli score` on a 100,000 x 20 CSV, against one
// Python process that reads the CSV, scales, fits, scores and writes the scores.
const csv = join(tmpdir(), 'awb-bench-100k-x20.csv');
const header = Array.from({ length: COLS }, (_, j) => `m${String(j + 1).padStart(2, '0')}`).join(',');
const lines = [header];
for (let i = 0; i < ROWS; i++)
  lines.push(Array.from(data.subarray(i * COLS, (i + 1) * COLS), (v) => v.toFixed(6)).join(','));
writeFileSync(csv, lines.join('\n') + '\n');
const wall = (cmd: string, args: string[]): number => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
};
const userPath: Record<string, { workbench: number; python: number | null }> = {};
for (const model of ['iforest', 'ocsvm']) {
  if (!detectorTypes().includes(model)) continue;
  const runs: number[] = [];
  const pyRuns: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const bundle = join(tmpdir(), `awb-bench-${model}.awb`);
    runs.push(
      wall('node', ['scripts/cli.mjs', 'train', csv, '--model', model, '--seed', '0', '--out', bundle]) +
        wall('node', [
          'scripts/cli.mjs',
          'score',
          bundle,
          csv,
          '--out',
          join(tmpdir(), 'awb-bench-scores.csv'),
        ]),
    );
    if (sklearn)
      pyRuns.push(
        wall('/usr/bin/python3', [
          'tests/reference/sklearn_user_path.py',
          csv,
          model,
          join(tmpdir(), 'py-scores.csv'),
        ]),
      );
  }
  userPath[model] = { workbench: median(runs), python: pyRuns.length ? median(pyRuns) : null };
}
console.log(
  `The user's path on a ${ROWS.toLocaleString('en-US')} x ${COLS} CSV, whole commands, medians of ${RUNS} (seconds)`,
);
console.table(
  Object.entries(userPath).map(([model, t]) => ({
    detector: model,
    'cli train + cli score': f(t.workbench),
    'python read+fit+score+write': f(t.python ?? undefined),
  })),
);

mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  'artifacts/bench/detectors.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: machineInfo(),
      rows: ROWS,
      cols: COLS,
      ours,
      sklearn,
      userPath,
    },
    null,
    2,
  ),
);
