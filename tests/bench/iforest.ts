/**
 * Isolation Forest speed next to scikit-learn: fit (256 samples, 100 trees) and score on 100,000 x 20
 * standard normal data (seed 0), medians of 5 runs after one warm-up run.
 * Run: `npx tsx tests/bench/iforest.ts` (or `npm run bench -- iforest`). Writes artifacts/bench/iforest.json.
 * Importing this module runs the benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsolationForest } from '../../src/engine/detectors/iforest';
import { createRandom } from '../../src/engine/util/random';
import type { Matrix } from '../../src/engine/util/matrix';
import { machineInfo } from './machine';

const ROWS = 100_000;
const COLS = 20;
const RUNS = 5;
/** scikit-learn 1.2.1 on this kind of machine (see /work/shared/baselines/README.md). */
const SKLEARN_SECONDS = { fit: 0.25, score: 2.1 };

function normalMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  return { data, rows, cols };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const X = normalMatrix(ROWS, COLS, 0);
  const fitTimes: number[] = [];
  const scoreTimes: number[] = [];
  let checksum = 0;
  for (let run = 0; run <= RUNS; run++) {
    const det = new IsolationForest({ nEstimators: 100, maxSamples: 256, seed: 0 });
    let t0 = performance.now();
    await det.fit(X);
    const fit = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const scores = det.score(X);
    const score = (performance.now() - t0) / 1000;
    checksum = scores.reduce((a, b) => a + b, 0);
    if (run > 0) {
      fitTimes.push(fit);
      scoreTimes.push(score);
    }
  }

  const result = {
    benchmark: 'iforest',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: { rows: ROWS, cols: COLS, distribution: 'standard normal', seed: 0 },
    params: { nEstimators: 100, maxSamples: 256, seed: 0 },
    runs: RUNS,
    seconds: {
      fit: { median: median(fitTimes), all: fitTimes },
      score: { median: median(scoreTimes), all: scoreTimes },
    },
    sklearn: { version: '1.2.1', seconds: SKLEARN_SECONDS },
    scoreChecksum: checksum,
  };

  const rows = [
    ['step', 'workbench (s)', 'scikit-learn (s)', 'ratio'],
    ...(['fit', 'score'] as const).map((k) => [
      k === 'fit' ? 'fit 100k x 20 (256 samples, 100 trees)' : 'score 100k x 20',
      result.seconds[k].median.toFixed(3),
      SKLEARN_SECONDS[k].toFixed(2),
      `${(SKLEARN_SECONDS[k] / result.seconds[k].median).toFixed(1)}x faster`,
    ]),
  ];
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  console.log(
    `Isolation Forest, medians of ${RUNS} runs (${result.machine.cores} cores, Node ${process.version})`,
  );
  for (const r of rows)
    console.log(r.map((c, j) => (j ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));

  const out = join(dirname(fileURLToPath(import.meta.url)), '../../artifacts/bench/iforest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

await main();
