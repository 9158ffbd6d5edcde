/**
 * The online RCF path alone, quicker to iterate on than `npm run bench -- nab`: RCF (100 trees, 256
 * points, shingle 4) with its likelihood on the NAB AWS values end to end, one entity, probation 750
 * rows, rows per CPU second, best of `--runs` (default 3), two ways: through `runOnline` (rows in chunks,
 * as `cli online` and the NAB bench run) and row by row through the learner (as the server runs). Also prints a fingerprint of the scores' bits
 * (FNV-1a over every raw score and likelihood), so a speed-up that must keep every score bit-identical
 * can be checked against the fingerprint printed before it.
 * Run: `npm run bench -- rcf-online [--rows N] [--runs K] [--seed S]`. Writes artifacts/bench/rcf-online.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import '../../src/engine/detectors/index';
import { createOnlineModel } from '../../src/engine/online/online-model';
import { runOnline } from '../../src/engine/online/runner';
import { loadNabFiles } from './_nab-data';
import { machineInfo } from './machine';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const rows = opt('rows', 20_000);
const runs = opt('runs', 3);
const seed = opt('seed', 0);
const params = { numTrees: 100, sampleSize: 256, shingleSize: 4 };

const all = loadNabFiles().flatMap((f) => [...f.values]);
const data = Float64Array.from({ length: rows }, (_, i) => all[i % all.length]);
const time = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2014, 0, 1) + i * 300_000);

/** FNV-1a over the bytes of the values, as 8 hex digits. */
function fingerprint(...arrays: Float64Array[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Best-of-`runs` CPU seconds of `pass`, and the fingerprint of its last run's scores. */
async function measure(
  pass: () => Promise<[Float64Array, Float64Array]>,
): Promise<{ times: number[]; print: string }> {
  const times: number[] = [];
  let print = '';
  for (let k = 0; k < runs; k++) {
    const start = process.cpuUsage();
    const [scores, likelihoods] = await pass();
    const c = process.cpuUsage(start);
    times.push((c.user + c.system) / 1e6);
    print = fingerprint(scores, likelihoods);
  }
  return { times, print };
}

// What `cli online`, `npm run bench -- nab` and the page run: `runOnline`, which hands an entity's rows
// to its learner in chunks (a forest scores a chunk tree by tree).
const chunked = await measure(async () => {
  const run = await runOnline(
    createOnlineModel('rcf', params, seed),
    { data, rows, cols: 1 },
    { context: { time }, probation: 750 },
  );
  return [run.scores, run.likelihoods];
});
// What the server's /predict and the stream consumer run: one row at a time through the same learner.
const rowByRow = await measure(async () => {
  const learner = createOnlineModel('rcf', params, seed).learner(1, 750);
  const scores = new Float64Array(rows);
  const likelihoods = new Float64Array(rows);
  const x = new Float64Array(1);
  for (let i = 0; i < rows; i++) {
    x[0] = data[i];
    const pending = learner.push(x, time[i]);
    if (pending) await pending;
    scores[i] = learner.score;
    likelihoods[i] = learner.likelihood;
  }
  return [scores, likelihoods];
});
const rate = (times: number[]): number => rows / Math.min(...times);
console.log(
  `Online RCF ${JSON.stringify(params)}, ${rows.toLocaleString('en-US')} rows, one entity, seed ${seed}`,
);
console.table(
  [
    ['chunks of 256 rows (runOnline)', chunked],
    ['row by row (learner.push)', rowByRow],
  ].map(([path, m]) => {
    const { times, print } = m as { times: number[]; print: string };
    return {
      path,
      'rows/CPU s (best)': Math.round(rate(times)).toLocaleString('en-US'),
      'CPU s per run': times.map((t) => t.toFixed(2)).join(' '),
      goal: '10,000',
      'scores fingerprint': print,
    };
  }),
);
if (chunked.print !== rowByRow.print) {
  console.log('DIFFERENT SCORES: the chunked and row-by-row paths must give the same bits');
  process.exitCode = 1;
}
const out = 'artifacts/bench/rcf-online.json';
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      benchmark: 'rcf-online',
      date: new Date().toISOString(),
      machine: machineInfo(),
      params,
      rows,
      seed,
      chunked: { cpuSeconds: chunked.times, rowsPerCpuSecond: rate(chunked.times) },
      rowByRow: { cpuSeconds: rowByRow.times, rowsPerCpuSecond: rate(rowByRow.times) },
      fingerprint: chunked.print,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
