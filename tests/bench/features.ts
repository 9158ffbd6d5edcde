/**
 * Feature engineering speed (issue 4), timed as a user runs it: `cli features FILE --out F.csv` with the
 * whole default configuration (425 features from 3 metrics) as a whole command, against one pandas
 * process computing only the rolling statistics (6 windows x mean, std, min, max, median, q90, skew,
 * kurt), 12 lags and difference / percent change / acceleration per metric and writing them to a CSV
 * (tests/reference/pandas_features.py). Peak memory of each from /usr/bin/time. Then streaming: rows
 * per second through `FeatureStream` on one core.
 * Run: `npm run bench -- features [days]` (default 44 days x 8 instances = 101,376 rows).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { defaultFeatureConfig, FeatureStream, planFeatures } from '../../src/engine/index';
import { machineInfo } from './machine';

const days = Number(process.argv[2] ?? 44);
const metrics = ['cpu_pct', 'mem_pct', 'latency_ms'];
mkdirSync('artifacts/bench', { recursive: true });
const file = `artifacts/bench/features-${days}d.csv`;
if (!existsSync(file)) {
  execFileSync(
    process.execPath,
    ['scripts/cli.mjs', 'generate', '--out', file, '--days', String(days), '--instances', '8'],
    {
      stdio: 'inherit',
    },
  );
}

interface Timed {
  seconds: number;
  peakMB: number | null;
  ok: boolean;
  stderr: string;
}

/** One whole-command run under /usr/bin/time (for the peak resident memory) when it exists. */
function run(cmd: string, args: string[]): Timed {
  const hasTime = existsSync('/usr/bin/time');
  const t = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  const kb = /peak-kb (\d+)/.exec(r.stderr ?? '');
  return {
    seconds,
    peakMB: kb ? Number(kb[1]) / 1024 : null,
    ok: r.status === 0,
    stderr: (r.stderr ?? '').trim(),
  };
}

const ours = run(process.execPath, [
  'scripts/cli.mjs',
  'features',
  file,
  '--out',
  'artifacts/bench/features-out.csv',
  '--metrics',
  metrics.join(','),
]);
if (!ours.ok) console.error(ours.stderr);
const outBytes = existsSync('artifacts/bench/features-out.csv')
  ? statSync('artifacts/bench/features-out.csv').size
  : 0;
rmSync('artifacts/bench/features-out.csv', { force: true });
const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas']).status === 0;
const pandas = hasPandas
  ? run('/usr/bin/python3', [
      'tests/reference/pandas_features.py',
      file,
      'artifacts/bench/features-pandas.csv',
      metrics.join(','),
    ])
  : null;
rmSync('artifacts/bench/features-pandas.csv', { force: true });

// Streaming: rows of 8 interleaved instances through FeatureStream on one core; a short warm-up run
// first (the JIT), then the best of 3 timed runs of 100,000 rows, each on fresh per-instance state.
const plan = planFeatures(defaultFeatureConfig(), metrics, 300_000);
const n = 100_000;
function streamRows(rows: number): number {
  const stream = new FeatureStream(plan);
  const values = new Float64Array(3);
  const out = new Float64Array(plan.names.length);
  const entities = Array.from({ length: 8 }, (_, e) => `i-${e}`);
  const t0 = performance.now();
  for (let i = 0; i < rows; i++) {
    values[0] = 40 + 20 * Math.sin(i / 45) + (i % 7);
    values[1] = 60 + 5 * Math.cos(i / 300) + (i % 3);
    values[2] = 20 + (i % 11);
    stream.push(entities[i % 8], values, 1.7e12 + Math.floor(i / 8) * 300_000, out);
  }
  return (performance.now() - t0) / 1000;
}
streamRows(20_000);
const streamRuns = [streamRows(n), streamRows(n), streamRows(n)];
const streamSeconds = Math.min(...streamRuns);

const fmt = (t: Timed | null, what: string) =>
  t
    ? {
        command: what,
        seconds: t.ok ? t.seconds.toFixed(2) : 'failed',
        'peak MB': t.peakMB?.toFixed(0) ?? 'n/a',
      }
    : { command: what, seconds: 'n/a (no /usr/bin/python3 pandas)', 'peak MB': 'n/a' };
console.log(`Features of ${file} (${metrics.join(', ')}), whole commands`);
console.table([
  fmt(ours, `workbench: cli features, default config (${plan.names.length} features)`),
  fmt(pandas, 'pandas: rolling 6x8, 12 lags, diff/pct/accel (189 features)'),
]);
console.log(
  ours.stderr
    .split('\n')
    .filter((l) => l.startsWith('wrote'))
    .join('\n'),
);
console.log(
  `streaming: ${n.toLocaleString('en-US')} rows x ${plan.names.length} features in ${streamSeconds.toFixed(2)} s = ` +
    `${Math.round(n / streamSeconds).toLocaleString('en-US')} rows/s on one core (best of ${streamRuns.map((x) => x.toFixed(2)).join(', ')} s)`,
);
writeFileSync(
  'artifacts/bench/features.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: machineInfo(),
      file,
      features: plan.names.length,
      outputBytes: outBytes,
      workbench: ours,
      pandas,
      streaming: { rows: n, runs: streamRuns, seconds: streamSeconds, rowsPerSecond: n / streamSeconds },
    },
    null,
    2,
  ),
);
