/**
 * The online RCF path alone, quicker to iterate on than `npm run bench -- nab` (whose steady-state figure
 * is the one that counts; this measures the same thing): RCF (100 trees, 256 points, shingle 4) through
 * `runOnline` (learner + likelihood) on the NAB AWS values end to end, one entity, probation 750 rows,
 * rows per CPU second, best of `--runs` (default 3). Also prints a fingerprint of the scores' bits
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

const times: number[] = [];
let print = '';
for (let k = 0; k < runs; k++) {
  const start = process.cpuUsage();
  const run = await runOnline(
    createOnlineModel('rcf', params, seed),
    { data, rows, cols: 1 },
    { context: { time }, probation: 750 },
  );
  const c = process.cpuUsage(start);
  times.push((c.user + c.system) / 1e6);
  print = fingerprint(run.scores, run.likelihoods);
}
const best = Math.min(...times);
console.log(
  `Online RCF ${JSON.stringify(params)}, ${rows.toLocaleString('en-US')} rows, one entity, seed ${seed}`,
);
console.table([
  {
    'rows/CPU s (best)': Math.round(rows / best).toLocaleString('en-US'),
    'CPU s per run': times.map((t) => t.toFixed(2)).join(' '),
    goal: '10,000',
    'scores fingerprint': print,
  },
]);
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
      cpuSeconds: times,
      rowsPerCpuSecond: rows / best,
      fingerprint: print,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
