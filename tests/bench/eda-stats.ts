/**
 * Speed of the data-understanding numbers on the demo generator's million rows:
 * `describeMetrics` (overall, and with `byEntity`), `qualityOverview` and `qualityReport` on
 * `generateClusterMetrics({ days: 434, instances: 8 })` (999,936 rows x 7 metrics), medians of 5 runs
 * after one warm-up run. Also times the report on a copy with injected problems (missing runs,
 * duplicates, unsorted rows, gaps) so the slow paths are measured too.
 * Run: `npx tsx tests/bench/eda-stats.ts` (or `npm run bench -- eda-stats`). Writes artifacts/bench/eda-stats.json.
 * Importing this module runs the benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from 'arquero';
import { columnValues, describeMetrics } from '../../src/engine/eda/descriptive-stats';
import { qualityOverview, qualityReport } from '../../src/engine/eda/quality-report';
import { generateClusterMetrics } from '../../src/engine/synth';
import type { Dataset } from '../../src/engine/table/dataset';
import { machineInfo } from './machine';

const OPTIONS = { days: 434, instances: 8 };
const RUNS = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function time(fn: () => unknown): { median: number; all: number[]; result: unknown } {
  let result: unknown;
  const all: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const t0 = performance.now();
    result = fn();
    const seconds = (performance.now() - t0) / 1000;
    if (run > 0) all.push(seconds);
  }
  return { median: median(all), all, result };
}

/** A copy of the demo data with problems in it: missing runs, exact duplicates, swapped rows, a gap. */
function withProblems(ds: Dataset): Dataset {
  const names = ds.table.columnNames();
  const rows = ds.table.numRows();
  const cols = new Map<string, Float64Array | unknown[]>();
  for (const n of names) {
    const a = columnValues(ds.table, n);
    cols.set(n, a instanceof Float64Array ? Float64Array.from(a) : Array.from(a));
  }
  const mem = cols.get('mem_pct') as Float64Array;
  for (let i = 0; i < rows; i += 997) mem.fill(NaN, i, Math.min(rows, i + 1 + (i % 13)));
  const cpu = cols.get('cpu_pct') as Float64Array;
  for (let i = 5; i < rows; i += 1009) cpu[i] = NaN;
  // Swap neighbours every 5,000 rows (unsorted), duplicate every 10,000th row onto the next one.
  for (const a of cols.values()) {
    for (let i = 1000; i + 1 < rows; i += 5000) {
      const t = a[i];
      a[i] = a[i + 1];
      a[i + 1] = t;
    }
    for (let i = 3000; i + 1 < rows; i += 10_000) a[i + 1] = a[i];
  }
  // A day-long gap on the second instance (124,992 rows per instance).
  const ts = cols.get('timestamp') as Float64Array;
  for (let i = 200_288; i < 2 * 124_992; i++) ts[i] += 86_400_000;
  return { ...ds, table: table(cols, names) };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const ds = generateClusterMetrics(OPTIONS);
  const generateSeconds = (performance.now() - t0) / 1000;
  const rows = ds.table.numRows();
  const bad = withProblems(ds);

  const steps = {
    describeMetrics: time(() => describeMetrics(ds)),
    describeMetricsByEntity: time(() => describeMetrics(ds, { byEntity: true })),
    qualityOverview: time(() => qualityOverview(ds)),
    qualityReport: time(() => qualityReport(ds)),
    qualityReportWithProblems: time(() => qualityReport(bad)),
  };
  const labels: Record<keyof typeof steps, string> = {
    describeMetrics: 'describeMetrics (7 metrics)',
    describeMetricsByEntity: 'describeMetrics byEntity (7 + 56 rows)',
    qualityOverview: 'qualityOverview',
    qualityReport: 'qualityReport (clean demo data)',
    qualityReportWithProblems: 'qualityReport (injected problems)',
  };
  const findingsClean = (steps.qualityReport.result as { id: string }[]).map((f) => f.id);
  const findingsBad = (steps.qualityReportWithProblems.result as { id: string; title: string }[]).map(
    (f) => `${f.id}: ${f.title}`,
  );

  const result = {
    benchmark: 'eda-stats',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: { generator: 'generateClusterMetrics', options: OPTIONS, rows, metrics: ds.schema.metrics.length },
    generateSeconds,
    runs: RUNS,
    seconds: Object.fromEntries(
      Object.entries(steps).map(([k, v]) => [k, { median: v.median, all: v.all }]),
    ) as Record<keyof typeof steps, { median: number; all: number[] }>,
    findings: { clean: findingsClean, withProblems: findingsBad },
  };

  const table_ = [
    ['step', 'median (s)', 'min (s)', 'max (s)'],
    ...(Object.keys(steps) as (keyof typeof steps)[]).map((k) => [
      labels[k],
      steps[k].median.toFixed(3),
      Math.min(...steps[k].all).toFixed(3),
      Math.max(...steps[k].all).toFixed(3),
    ]),
  ];
  const widths = table_[0].map((_, j) => Math.max(...table_.map((r) => r[j].length)));
  console.log(
    `EDA statistics on ${rows.toLocaleString('en-US')} rows x ${ds.schema.metrics.length} metrics, ` +
      `medians of ${RUNS} runs (${result.machine.cores} cores, Node ${process.version})`,
  );
  for (const r of table_)
    console.log(r.map((c, j) => (j ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
  console.log(`findings on the clean data: ${findingsClean.length ? findingsClean.join(', ') : 'none'}`);
  console.log(`findings with injected problems:\n  ${findingsBad.join('\n  ')}`);

  const out = join(dirname(fileURLToPath(import.meta.url)), '../../artifacts/bench/eda-stats.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

await main();
