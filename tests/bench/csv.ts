/**
 * CSV parsing speed: parseCsv and loadCsv (this project) vs arquero's fromCSV, on a generated
 * 1M-row x 6-column file. Run: `npx tsx tests/bench/csv.ts [rows]`; writes artifacts/bench/csv.json.
 */
import { fromCSV } from 'arquero';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { loadCsv, parseCsv } from '../../src/engine/table';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = 3;

/** timestamp, host, cpu, mem, net, label: the shape of the product's own metric files. */
function generate(n: number): string {
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const parts = ['timestamp,host,cpu,mem,net,label\n'];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const t = new Date(t0 + Math.floor(i / 8) * 60_000).toISOString().slice(0, 19) + 'Z';
    parts.push(
      `${t},host-${i % 8},${(rand() * 100).toFixed(2)},${(rand() * 64).toFixed(3)},${Math.round(rand() * 1e6)},${rand() < 0.01 ? 1 : 0}\n`,
    );
  }
  return parts.join('');
}

/** Wall-clock and CPU time (user + system, this process) per run; the machine is shared and noisy. */
function time(fn: () => unknown): { best: number; median: number; cpu: number } {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fn();
    const used = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { best: ms[0], median: ms[Math.floor(ms.length / 2)], cpu: cpu[Math.floor(cpu.length / 2)] };
}

// Warm the JIT on a small file so the first timed task is not charged for compilation.
const warm = generate(50_000);
parseCsv(warm, 'warm.csv');
loadCsv(warm, 'warm.csv');
fromCSV(warm);

const text = generate(rows);
const mb = text.length / 1e6;
const results = [
  { name: 'parseCsv (typed columns)', ...time(() => parseCsv(text, 'bench.csv')) },
  { name: 'loadCsv (parse + schema + times + arquero table)', ...time(() => loadCsv(text, 'bench.csv')) },
  { name: 'arquero fromCSV (autoType)', ...time(() => fromCSV(text)) },
];
const base = results[2].median;
const table = results.map((r) => ({
  task: r.name,
  'best s': (r.best / 1000).toFixed(2),
  'median s': (r.median / 1000).toFixed(2),
  'cpu s': (r.cpu / 1000).toFixed(2),
  'MB/s': (mb / (r.median / 1000)).toFixed(0),
  'vs fromCSV': `${(base / r.median).toFixed(1)}x`,
}));
console.log(
  `${rows} rows x 6 columns, ${mb.toFixed(1)} MB, ${runs} runs each, load average ${loadavg()[0].toFixed(1)}`,
);
console.table(table);
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync(
  'artifacts/bench/csv.json',
  JSON.stringify(
    {
      bench: 'csv',
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      rows,
      columns: 6,
      megabytes: Number(mb.toFixed(1)),
      runs,
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      results: results.map((r) => ({
        name: r.name,
        bestMs: Math.round(r.best),
        medianMs: Math.round(r.median),
        cpuMedianMs: Math.round(r.cpu),
      })),
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote artifacts/bench/csv.json');
