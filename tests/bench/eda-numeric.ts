/**
 * Speed of the numeric EDA functions (src/engine/eda) on about a million rows: the demo generator's
 * 434 days x 8 instances at 5-minute steps (999,936 rows x 7 metrics). Each step runs over all seven
 * metrics (per-series steps over all 56 instance x metric series of ~125k rows); medians of 3 runs
 * after one warm-up run. Wall time and the process's CPU time (user + system) are both reported:
 * on a shared 2-core machine the wall time also counts other processes' work.
 * Run: `npx tsx tests/bench/eda-numeric.ts` (or `npm run bench -- eda-numeric`). Writes
 * artifacts/bench/eda-numeric.json. Importing this module runs the benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acf, dominantPeriods } from '../../src/engine/eda/autocorrelation';
import { boxStats } from '../../src/engine/eda/box-stats';
import { correlationMatrix, strongestPairs } from '../../src/engine/eda/correlation';
import { histogramKde, isHeavyTailed } from '../../src/engine/eda/distribution';
import { scatterSample } from '../../src/engine/eda/scatter-sample';
import { hourOfWeekIndex, seasonalProfile } from '../../src/engine/eda/seasonal-profile';
import { entityGroups } from '../../src/engine/pipeline/features';
import { generateClusterMetrics } from '../../src/engine/synth';
import { machineInfo } from './machine';

const RUNS = 3;
const STEP_MS = 5 * 60_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const ds = generateClusterMetrics({ days: 434, instances: 8 });
  const genSeconds = (performance.now() - t0) / 1000;
  const rows = ds.table.numRows();
  const names = ds.schema.metrics;
  // Typed columns, as a worker holds them (arquero's array() copies into a plain Array).
  const cols = names.map((m) => Float64Array.from(ds.table.array(m) as ArrayLike<number>));
  const times = Float64Array.from(ds.table.array(ds.schema.time as string) as ArrayLike<number>);
  const labels = Float64Array.from(ds.table.array(ds.schema.label as string) as ArrayLike<number>);
  const instance = ds.table.array(ds.schema.entity as string) as ArrayLike<unknown>;
  const groups = entityGroups(ds).map((g) => ({ key: String(instance[g[0]]), rows: Int32Array.from(g) }));
  // One series per instance and metric (rows are ordered by instance, then time).
  const series = groups.flatMap((g) => cols.map((c) => c.subarray(g.rows[0], g.rows[0] + g.rows.length)));

  const steps: { name: string; run: () => unknown }[] = [
    { name: 'histogramKde (7 metrics)', run: () => cols.map((c) => histogramKde(c)) },
    { name: 'histogramKde log (7 metrics)', run: () => cols.map((c) => histogramKde(c, { log: true })) },
    { name: 'isHeavyTailed (7 metrics)', run: () => cols.map((c) => isHeavyTailed(c)) },
    { name: 'boxStats by instance (7 metrics)', run: () => cols.map((c) => boxStats(c, groups)) },
    {
      name: 'seasonalProfile (7 metrics)',
      run: () => {
        const index = hourOfWeekIndex(times);
        return cols.map((c) => seasonalProfile(times, c, index));
      },
    },
    {
      name: 'correlationMatrix pearson (7 x 7)',
      run: () => strongestPairs(names, correlationMatrix(cols, 'pearson')),
    },
    {
      name: 'correlationMatrix spearman (7 x 7)',
      run: () => strongestPairs(names, correlationMatrix(cols, 'spearman')),
    },
    { name: 'acf to lag 2016 (56 series)', run: () => series.map((s) => acf(s, 2016)) },
    { name: 'acf to lag 2016 (7 x 1M rows)', run: () => cols.map((c) => acf(c, 2016)) },
    { name: 'dominantPeriods (56 series)', run: () => series.map((s) => dominantPeriods(s, STEP_MS)) },
    { name: 'scatterSample 2000 (7 metrics)', run: () => scatterSample(cols, labels, 2000, 1) },
  ];

  const results: { step: string; wall: number[]; cpu: number[] }[] = [];
  for (const step of steps) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      step.run();
      const w = (performance.now() - w0) / 1000;
      const c = process.cpuUsage(c0);
      if (run > 0) {
        wall.push(w);
        cpu.push((c.user + c.system) / 1e6);
      }
    }
    results.push({ step: step.name, wall, cpu });
  }

  // What the readings would say, as a sanity check printed with the timings.
  const sp = strongestPairs(names, correlationMatrix(cols, 'pearson'), 1)[0];
  const periods = dominantPeriods(series[0], STEP_MS, 3).map((p) => p.periodSteps);
  const peak = seasonalProfile(times, cols[0]).peakHour;

  const result = {
    benchmark: 'eda-numeric',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: {
      generator: 'generateClusterMetrics({ days: 434, instances: 8 })',
      rows,
      metrics: names,
      genSeconds,
    },
    runs: RUNS,
    seconds: Object.fromEntries(
      results.map((r) => [
        r.step,
        { wall: median(r.wall), cpu: median(r.cpu), wallAll: r.wall, cpuAll: r.cpu },
      ]),
    ),
    readings: {
      strongestPearson: sp,
      [`periods ${groups[0].key} ${names[0]}`]: periods,
      [`peakHour ${names[0]}`]: peak,
    },
  };

  const table = [
    ['step', 'wall (s)', 'cpu (s)'],
    ...results.map((r) => [r.step, median(r.wall).toFixed(3), median(r.cpu).toFixed(3)]),
  ];
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  console.log(
    `EDA numeric functions on ${rows.toLocaleString('en')} rows x ${names.length} metrics, medians of ${RUNS} runs ` +
      `(${result.machine.cores} cores, Node ${process.version}, load ${loadavg()[0].toFixed(1)})`,
  );
  for (const r of table)
    console.log(r.map((c, j) => (j ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
  console.log(
    `readings: ${sp.a} ~ ${sp.b} r = ${sp.r.toFixed(2)}; ${groups[0].key} ${names[0]} periods ${periods.join(', ')} steps; ` +
      `${names[0]} peaks at ${peak}:00 UTC on weekdays`,
  );

  const out = join(dirname(fileURLToPath(import.meta.url)), '../../artifacts/bench/eda-numeric.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

await main();
