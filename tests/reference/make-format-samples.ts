/**
 * Writes the format samples of data/formats/ from the demo generator:
 *   npx tsx tests/reference/make-format-samples.ts [outDir]   (default data/formats)
 *
 * Each sample is a synthetic derivative of `generateClusterMetrics`: values are copied unchanged
 * (full double precision), so tests can compare a loaded sample with the generator's columns.
 * The builders are exported so the tests use the same options and edits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimeUnit, timestamp } from '@uwdata/flechette';
import { toArrowIPC } from 'arquero';
import { generateClusterMetrics } from '../../src/engine/synth';
import type { Dataset } from '../../src/engine/table';

/** long-demo.csv: 2 days, 3 instances, 15-minute steps, 4 metrics, one row per (time, instance, metric). */
export const LONG_OPTIONS = { days: 2, instances: 3, stepMinutes: 15, seed: 42 } as const;
export const LONG_METRICS = ['cpu_pct', 'mem_pct', 'latency_ms', 'active_connections'] as const;

/** cloudwatch-getmetricdata.json: 1 day, 3 instances, 5-minute steps, two metrics per instance. */
export const CLOUDWATCH_OPTIONS = { days: 1, instances: 3, stepMinutes: 5, seed: 7 } as const;
/** CloudWatch metric name -> generator column (values copied, units not converted). */
export const CLOUDWATCH_METRICS = { CPUUtilization: 'cpu_pct', NetworkIn: 'net_in_mbps' } as const;
/** Steps (ascending) left out of the first instance's NetworkIn, as CloudWatch omits empty periods. */
export const CLOUDWATCH_GAP = [100, 106] as const;

/** prometheus-query-range.json: 1 day, 2 instances, 5-minute steps, cpu_pct and mem_pct. */
export const PROMETHEUS_OPTIONS = { days: 1, instances: 2, stepMinutes: 5, seed: 11 } as const;
export const PROMETHEUS_METRICS = ['cpu_pct', 'mem_pct'] as const;
/** Edits to exercise value parsing: the first instance's cpu_pct is "NaN" at step 10 and "+Inf" at step 11. */
export const PROMETHEUS_NAN_STEP = 10;
export const PROMETHEUS_INF_STEP = 11;
/** Steps left out of the second instance's mem_pct (an outer-join gap). */
export const PROMETHEUS_GAP = [20, 23] as const;

/** demo.arrow: 2 days, 3 instances, 5-minute steps, every generator column. */
export const ARROW_OPTIONS = { days: 2, instances: 3, stepMinutes: 5, seed: 42 } as const;

/** The rows of one instance, in time order: its times and the named column's values. */
export function instanceSeries(
  ds: Dataset,
  instance: string,
  column: string,
): { times: number[]; values: number[] } {
  const ts = ds.table.array('timestamp') as Float64Array;
  const inst = ds.table.array('instance') as string[];
  const col = ds.table.array(column) as Float64Array;
  const times: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < ts.length; r++) {
    if (inst[r] === instance) {
      times.push(ts[r]);
      values.push(col[r]);
    }
  }
  return { times, values };
}

/** The instances of a generated dataset, in table order. */
export function instancesOf(ds: Dataset): string[] {
  return [...new Set(ds.table.array('instance') as string[])];
}

export function makeLongCsv(): string {
  const ds = generateClusterMetrics(LONG_OPTIONS);
  const instances = instancesOf(ds);
  const series = instances.map((i) => ({
    label: instanceSeries(ds, i, 'label'),
    metrics: LONG_METRICS.map((m) => instanceSeries(ds, i, m)),
  }));
  const lines = ['timestamp,instance,metric,value,label'];
  const steps = series[0].label.times.length;
  for (let t = 0; t < steps; t++) {
    const time = new Date(series[0].label.times[t]).toISOString();
    instances.forEach((instance, i) => {
      LONG_METRICS.forEach((metric, m) => {
        lines.push(
          `${time},${instance},${metric},${series[i].metrics[m].values[t]},${series[i].label.values[t]}`,
        );
      });
    });
  }
  return lines.join('\n') + '\n';
}

export function makeCloudWatchJson(): string {
  const ds = generateClusterMetrics(CLOUDWATCH_OPTIONS);
  const results: object[] = [];
  let id = 0;
  instancesOf(ds).forEach((instance, i) => {
    for (const [name, column] of Object.entries(CLOUDWATCH_METRICS)) {
      const { times, values } = instanceSeries(ds, instance, column);
      const keep = times.map(
        (_, t) => !(i === 0 && name === 'NetworkIn' && t >= CLOUDWATCH_GAP[0] && t < CLOUDWATCH_GAP[1]),
      );
      const ts = times
        .filter((_, t) => keep[t])
        .map((ms) => new Date(ms).toISOString().replace('.000Z', '+00:00'));
      const vs = values.filter((_, t) => keep[t]);
      results.push({
        Id: `m${++id}`,
        Label: `${instance} ${name}`,
        Timestamps: ts.reverse(), // CloudWatch's default order: newest first
        Values: vs.reverse(),
        StatusCode: 'Complete',
      });
    }
  });
  return JSON.stringify({ MetricDataResults: results, Messages: [] }, null, 1) + '\n';
}

export function makePrometheusJson(): string {
  const ds = generateClusterMetrics(PROMETHEUS_OPTIONS);
  const result: object[] = [];
  for (const metric of PROMETHEUS_METRICS) {
    instancesOf(ds).forEach((instance, i) => {
      const { times, values } = instanceSeries(ds, instance, metric);
      const points: [number, string][] = [];
      times.forEach((ms, t) => {
        if (i === 1 && metric === 'mem_pct' && t >= PROMETHEUS_GAP[0] && t < PROMETHEUS_GAP[1]) return;
        let v = String(values[t]);
        if (i === 0 && metric === 'cpu_pct' && t === PROMETHEUS_NAN_STEP) v = 'NaN';
        if (i === 0 && metric === 'cpu_pct' && t === PROMETHEUS_INF_STEP) v = '+Inf';
        points.push([ms / 1000, v]);
      });
      result.push({
        metric: { __name__: metric, instance: `${instance}:9100`, job: 'node' },
        values: points,
      });
    });
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }) + '\n';
}

export function makeArrow(): Uint8Array {
  const { table } = generateClusterMetrics(ARROW_OPTIONS);
  return toArrowIPC(table, { format: 'file', types: { timestamp: timestamp(TimeUnit.MILLISECOND, 'UTC') } });
}

function main(): void {
  const out = process.argv[2] ?? 'data/formats';
  mkdirSync(out, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    ['long-demo.csv', makeLongCsv()],
    ['cloudwatch-getmetricdata.json', makeCloudWatchJson()],
    ['prometheus-query-range.json', makePrometheusJson()],
    ['demo.arrow', makeArrow()],
  ];
  for (const [name, content] of files) {
    writeFileSync(join(out, name), content);
    console.log(`${join(out, name)}: ${content.length} ${typeof content === 'string' ? 'chars' : 'bytes'}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
