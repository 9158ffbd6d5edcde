/**
 * The online path on the NAB AWS files (../shared/data/nab-aws with label_windows.json, all 17 series, the
 * one without a window included as NAB does): every online detector and the default online ensemble
 * (docs/decisions/013-online-likelihood.md), each series scored row by row from its own earlier rows.
 * - NAB scores of the likelihood per profile (our implementation of numenta/NAB's scorer and optimiser:
 *   one threshold per profile across all series, probation min(15%, 750) rows);
 * - point-wise ROC-AUC and PR-AUC of the likelihood after each series' probationary period (mean over the
 *   series with a window);
 * - rows per CPU second of the whole online path (learner + likelihood) on these files, and in steady
 *   state for robust-z, seasonal and RCF (100 trees, 256 points, shingle 4) on a long series made of the
 *   NAB values end to end (best of 3; CPU time of this process, so other load on the machine matters less),
 *   through `runOnline` as `cli online` runs it (an entity's rows reach its learner in chunks of 256, the
 *   same scores as row by row; `npm run bench -- rcf-online` measures the forest row by row too).
 * Run: `npm run bench -- nab [MODEL...] [--seed S] [--skip-speed]`. Writes artifacts/bench/nab.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import '../../src/engine/detectors/index';
import { averagePrecision, rocAuc } from '../../src/engine/metrics/index';
import { nabOptimizeAll, type NabSweepFile } from '../../src/engine/metrics/nab-sweep';
import { createDetector } from '../../src/engine/detectors/registry';
import { SERVABLE_ONLINE_MODELS } from '../../src/engine/detectors/online';
import { createOnlineModel, ONLINE_TYPES } from '../../src/engine/online/online-model';
import { probationRowsOf } from '../../src/engine/online/probation';
import { runOnline } from '../../src/engine/online/runner';
import { loadNabFiles } from './_nab-data';
import { machineInfo } from './machine';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const seedAt = argv.indexOf('--seed');
const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : 0;
const models = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed');
const types = models.length ? models : [...ONLINE_TYPES];
const files = loadNabFiles();
const rowsTotal = files.reduce((s, f) => s + f.values.length, 0);

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface ModelResult {
  model: string;
  spec: Record<string, unknown>;
  nab: Record<
    string,
    { normalized: number | null; threshold: number | null; tp: number; fn: number; fp: number }
  >;
  rocAuc: number;
  prAuc: number;
  rowsPerCpuSecond: number;
  cpuSeconds: number;
  tiesAtOne: number;
  perFile: { file: string; windows: number; standard: number | null; tp: number; fp: number }[];
}

const results: ModelResult[] = [];
/** Per model, per file: the likelihoods of the runner (kept for the served-path check). */
const likelihoodsOf = new Map<string, Float64Array[]>();
for (const type of types) {
  const model = createOnlineModel(type, {}, seed);
  const sweep: NabSweepFile[] = [];
  const rocs: number[] = [];
  const prs: number[] = [];
  let cpu = 0;
  let ties = 0;
  for (const f of files) {
    const n = f.values.length;
    const start = process.cpuUsage();
    const run = await runOnline(model, { data: f.values, rows: n, cols: 1 }, { context: { time: f.times } });
    cpu += cpuSeconds(start);
    const p = probationRowsOf(n, 0.15);
    for (const v of run.likelihoods) if (v === 1) ties++;
    likelihoodsOf.set(type, [...(likelihoodsOf.get(type) ?? []), run.likelihoods]);
    sweep.push({
      name: f.file,
      times: null,
      scores: run.likelihoods,
      windows: f.rowWindows,
      probationRows: p,
    });
    const labels = f.labels.subarray(p);
    const positives = labels.reduce((s, v) => s + v, 0);
    if (positives > 0 && positives < labels.length) {
      rocs.push(rocAuc(labels, run.likelihoods.subarray(p)));
      prs.push(averagePrecision(labels, run.likelihoods.subarray(p)));
    }
  }
  const nab = nabOptimizeAll(sweep);
  results.push({
    model: type,
    spec: model.spec,
    nab: Object.fromEntries(
      Object.entries(nab).map(([profile, r]) => [
        profile,
        {
          normalized: r.total.normalized,
          threshold: Number.isFinite(r.threshold) ? r.threshold : null,
          tp: r.total.tp,
          fn: r.total.fn,
          fp: r.total.fp,
        },
      ]),
    ),
    rocAuc: mean(rocs),
    prAuc: mean(prs),
    rowsPerCpuSecond: rowsTotal / cpu,
    cpuSeconds: cpu,
    tiesAtOne: ties,
    perFile: files.map((f, k) => ({
      file: f.file,
      windows: f.rowWindows.length,
      standard: nab.standard.perFile[k].normalized,
      tp: nab.standard.perFile[k].tp,
      fp: nab.standard.perFile[k].fp,
    })),
  });
  process.stderr.write(`${type} done (${cpu.toFixed(1)} CPU s)\n`);
}

/**
 * What a bundle serves: the 'online' detector (the model inside a pipeline, as `cli train --model online`
 * writes it and the server, the stream scorer and the Deployment page run it) on each file, against the
 * runner's likelihoods above after the probationary period (the detector scores 0 during it).
 */
const served: { model: string; files: number; maxAbsDiff: number }[] = [];
for (const type of types.filter((t) => (SERVABLE_ONLINE_MODELS as readonly string[]).includes(t))) {
  let maxAbsDiff = 0;
  for (const [k, f] of files.entries()) {
    const n = f.values.length;
    const p = probationRowsOf(n, 0.15);
    const det = createDetector('online', { model: type, probation: p, seed });
    const X = { data: f.values, rows: n, cols: 1 };
    const context = { time: f.times };
    await det.fit(X, { context });
    const scores = det.score(X, context);
    const runner = likelihoodsOf.get(type)![k];
    for (let i = 0; i < n; i++) {
      const d = Math.abs(scores[i] - (i < p ? 0 : runner[i]));
      if (!(d <= maxAbsDiff)) maxAbsDiff = d;
    }
  }
  served.push({ model: type, files: files.length, maxAbsDiff });
}

const f1 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(1));
console.log(
  `Online detection on ${files.length} NAB AWS series (${rowsTotal.toLocaleString('en-US')} rows; ` +
    `${files.reduce((s, f) => s + f.rowWindows.length, 0)} windows), seed ${seed}: NAB of the likelihood, ` +
    'one threshold per profile across the series',
);
console.table(
  results.map((r) => ({
    model: r.model,
    'NAB standard': f1(r.nab.standard.normalized),
    'low FP': f1(r.nab.reward_low_fp.normalized),
    'low FN': f1(r.nab.reward_low_fn.normalized),
    'windows found': `${r.nab.standard.tp}/${r.nab.standard.tp + r.nab.standard.fn}`,
    'false +': r.nab.standard.fp,
    threshold: r.nab.standard.threshold === null ? 'none' : r.nab.standard.threshold.toFixed(3),
    'ROC-AUC': r.rocAuc.toFixed(3),
    'PR-AUC': r.prAuc.toFixed(3),
    'rows/CPU s': Math.round(r.rowsPerCpuSecond).toLocaleString('en-US'),
    'ties at 1': r.tiesAtOne,
  })),
);
if (served.length) {
  console.log(
    "The served path: each model as the 'online' detector of a bundle, against the likelihoods above " +
      '(after probation; 0 during it)',
  );
  console.table(served.map((s) => ({ model: s.model, files: s.files, 'max |diff|': s.maxAbsDiff })));
}

/** Steady-state speed of the online path: a long series (the NAB values end to end), one entity. */
async function steady(type: string, params: Record<string, unknown>, rows: number) {
  const all = files.flatMap((f) => [...f.values]);
  const data = Float64Array.from({ length: rows }, (_, i) => all[i % all.length]);
  const time = Float64Array.from({ length: rows }, (_, i) => Date.UTC(2014, 0, 1) + i * 300_000);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const start = process.cpuUsage();
    await runOnline(
      createOnlineModel(type, params, seed),
      { data, rows, cols: 1 },
      { context: { time }, probation: 750 },
    );
    best = Math.min(best, cpuSeconds(start));
  }
  return rows / best;
}

const speed: {
  model: string;
  params: Record<string, unknown>;
  rows: number;
  rowsPerCpuSecond: number;
  goal: number;
}[] = [];
if (!flag('skip-speed')) {
  for (const [type, params, rows, goal] of [
    ['robust-z', {}, 1_000_000, 200_000],
    ['seasonal', {}, 1_000_000, 200_000],
    ['rcf', { numTrees: 100, sampleSize: 256, shingleSize: 4 }, 20_000, 10_000],
  ] as const) {
    const rate = await steady(type, params, rows);
    speed.push({ model: type, params, rows, rowsPerCpuSecond: rate, goal });
  }
  console.log(
    'Steady-state online path (learner + likelihood, runOnline: rows in chunks of 256), rows per CPU second, best of 3',
  );
  console.table(
    speed.map((s) => ({
      model: `${s.model} ${JSON.stringify(s.params)}`,
      rows: s.rows.toLocaleString('en-US'),
      'rows/CPU s': Math.round(s.rowsPerCpuSecond).toLocaleString('en-US'),
      goal: s.goal.toLocaleString('en-US'),
      met: s.rowsPerCpuSecond >= s.goal ? 'yes' : 'no',
    })),
  );
}

const out = 'artifacts/bench/nab.json';
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      benchmark: 'nab',
      date: new Date().toISOString(),
      machine: machineInfo(),
      seed,
      results,
      served,
      speed,
    },
    (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
