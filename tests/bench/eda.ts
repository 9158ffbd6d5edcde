/**
 * Profile speed at a million rows, timed as a user runs it: `cli profile FILE --json` as a whole
 * command against one Python process doing the pandas equivalent (tests/reference/pandas_profile.py).
 * Run: `npm run bench -- eda [days]` (default 434 days x 8 instances = 999,936 rows). Needs Debian's
 * /usr/bin/python3 with pandas (`apt-get install -y python3-pandas`) for the comparison.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { machineInfo } from './machine';

const days = Number(process.argv[2] ?? 434);
const runs = 3;
mkdirSync('artifacts/bench', { recursive: true });
const file = `artifacts/bench/eda-${days}d.csv`;
if (!existsSync(file)) {
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/node/cli.ts',
      'generate',
      '--out',
      file,
      '--days',
      String(days),
      '--instances',
      '8',
    ],
    {
      stdio: 'inherit',
    },
  );
}

function time(cmd: string, args: string[]): { median: number; runs: number[]; ok: boolean } {
  const out: number[] = [];
  let ok = true;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    out.push((performance.now() - t) / 1000);
    if (r.status !== 0) {
      ok = false;
      console.error(String(r.stderr).slice(0, 400));
      break;
    }
  }
  const sorted = [...out].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], runs: out, ok };
}

// What `npm run -s cli` runs (the bundled CLI), without npm's own start-up.
const workbench = time(process.execPath, ['scripts/cli.mjs', 'profile', file, '--json']);
const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas']).status === 0;
const pandas = hasPandas ? time('/usr/bin/python3', ['tests/reference/pandas_profile.py', file]) : null;

const rows = [
  {
    command: 'workbench: cli profile FILE --json (all cells\u2019 numbers)',
    seconds: workbench.median.toFixed(2),
  },
  {
    command: 'pandas: read_csv, describe, skew, kurt, pearson, spearman, isna',
    seconds: pandas ? pandas.median.toFixed(2) : 'n/a (no /usr/bin/python3 pandas)',
  },
];
console.log(
  `Profile of ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB), medians of ${runs} whole-command runs`,
);
console.table(rows);
const result = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  file,
  bytes: statSync(file).size,
  workbench,
  pandas,
};
writeFileSync('artifacts/bench/eda.json', JSON.stringify(result, null, 2));
console.log('wrote artifacts/bench/eda.json');
