/**
 * The stream scorer on Redis Streams: a redis-server of its own (loopback, no persistence) and
 * `npm run stream` consumer processes, with an Isolation Forest bundle as `cli train` makes it by
 * default (raw features, 100 trees) and, for comparison, the windowed feature families of the stream
 * tests (rolling windows, lags, rates, peaks: replays of 134 rows after a failover).
 * - Throughput: 100,000 rows of 200 entities are in the streams first; then 1, and separately 2,
 *   consumers score them all. Rows/s = rows / (last result - first result), by the results' stream ids
 *   (Redis's clock), so process start-up is not counted.
 * - Latency: rows produced at a steady rate (below capacity) while 2 consumers run; produce-to-score =
 *   the result's stream id time minus the input's (both Redis's clock, 1 ms resolution), over the rows
 *   produced after the first 3 s (while both processes' code is still being optimised, the first
 *   rows wait up to a few hundred ms more).
 * Run: `npm run bench -- stream`. Writes artifacts/bench/stream.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  parsePrepConfig,
  specFromPrep,
  writeBundle,
  type PipelineSpec,
} from '../../src/engine/index';
import { readRow, StreamScorer } from '../../src/engine/serving/index';
import { loadDatasetFile } from '../../src/node/files';
import { datasetMessages, produceRows } from '../../src/node/stream/producer';
import { csvOf, rowObjects } from '../node/server/fixtures';
import {
  buildStreamBundle,
  drained,
  readAll,
  spawnStream,
  STREAM_PREP,
  type StreamProcess,
} from '../node/stream/fixtures';
import { startRedis, type TestRedis } from '../node/stream/redis-server';
import { machineInfo } from './machine';

const PARTITIONS = 8;
const ENTITIES = 200;
const ROWS_PER_ENTITY = 500;
const LATENCY_RATE = 2000;
const LATENCY_SECONDS = 15;
/** Rows produced in the first seconds of the latency run are not counted (JIT warm-up of two processes). */
const WARMUP_SECONDS = 3;

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function run(
  redis: TestRedis,
  bundle: string,
  consumers: number,
  feed: (startConsumers: () => void, procs: readonly StreamProcess[]) => Promise<void>,
  warmupMs = 0,
): Promise<{ rowsPerSecond: number; latencyMs: { p50: number; p90: number; p99: number; max: number } }> {
  await redis.client.flushall();
  const procs: StreamProcess[] = [];
  try {
    const args = (name: string) => [
      bundle,
      '--redis',
      redis.url,
      '--consumer',
      name,
      '--partitions',
      String(PARTITIONS),
    ];
    await feed(() => {
      for (let k = 0; k < consumers; k++) procs.push(spawnStream(args(`c${k}`)));
    }, procs);
    await drained(redis.client, PARTITIONS, 600_000);
    const { results } = await readAll(redis.client, PARTITIONS);
    const all = [...results.values()].map((l) => l[0]);
    const firstInput = Math.min(...all.map((r) => idMs(r.id)));
    const lat = all
      .filter((r) => idMs(r.id) >= firstInput + warmupMs)
      .map((r) => r.latencyMs)
      .sort((a, b) => a - b);
    const ends = all.map((r) => r.latencyMs + idMs(r.id)).sort((a, b) => a - b);
    const seconds = (ends[ends.length - 1] - ends[0]) / 1000;
    return {
      rowsPerSecond: all.length / Math.max(seconds, 1e-3),
      latencyMs: {
        p50: quantile(lat, 0.5),
        p90: quantile(lat, 0.9),
        p99: quantile(lat, 0.99),
        max: lat[lat.length - 1],
      },
    };
  } finally {
    for (const p of procs) p.proc.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
  }
}

const idMs = (id: string): number => Number(id.split('-')[0]);

async function main(): Promise<void> {
  buildStreamBundle();
  const dir = join('artifacts', 'bench', 'stream');
  mkdirSync(dir, { recursive: true });
  const train = generateClusterMetrics({ days: 2, instances: 4, seed: 61 });
  const specs: [string, PipelineSpec][] = [
    ['raw features', defaultSpec(train.schema, { type: 'iforest', params: { seed: 1 } })],
    [
      'windowed families',
      specFromPrep(train.schema, ['cpu_pct', 'mem_pct', 'latency_ms'], parsePrepConfig(STREAM_PREP), {
        type: 'iforest',
        params: { seed: 1 },
      }),
    ],
  ];
  const test = generateClusterMetrics({ days: ROWS_PER_ENTITY / 288, instances: ENTITIES, seed: 62 });
  const csv = join(dir, 'rows.csv');
  writeFileSync(csv, csvOf(rowObjects(test)));
  const messages = datasetMessages(loadDatasetFile(csv));
  const redis = await startRedis();
  const results: Record<string, unknown>[] = [];
  try {
    for (const [name, spec] of specs) {
      const { fitted } = await fitPipeline(train, spec);
      const bundle = join(dir, `${name.replace(/\W+/g, '-')}.awb`);
      writeFileSync(bundle, await writeBundle(fitted, train));
      const scorer = new StreamScorer(fitted);
      const rows = messages.slice(0, 20_000).map((m) => readRow(fitted, m.row));
      const t0 = performance.now();
      for (const r of rows) scorer.push(r);
      const inProcess = rows.length / ((performance.now() - t0) / 1000);
      let produceRate = 0;
      const preload = async (startConsumers: () => void) => {
        const s = await produceRows(redis.client, messages, { partitions: PARTITIONS });
        produceRate = s.rows / s.seconds;
        startConsumers();
      };
      const one = await run(redis, bundle, 1, preload);
      const two = await run(redis, bundle, 2, preload);
      const steady = messages.slice(0, LATENCY_RATE * (WARMUP_SECONDS + LATENCY_SECONDS));
      const latency = await run(
        redis,
        bundle,
        2,
        async (startConsumers, procs) => {
          startConsumers();
          // Both consumers up and sharing the partitions before the first row is produced.
          const deadline = Date.now() + 60_000;
          while (!procs.every((p) => /"consumers":\["c0","c1"\]/.test(p.stderr())) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 100));
          }
          await produceRows(redis.client, steady, { partitions: PARTITIONS, rate: LATENCY_RATE });
        },
        WARMUP_SECONDS * 1000,
      );
      results.push({
        pipeline: name,
        features: fitted.featureNames.length,
        rows: messages.length,
        produceRowsPerSecond: Math.round(produceRate),
        inProcessScoringRowsPerSecond: Math.round(inProcess),
        oneConsumerRowsPerSecond: Math.round(one.rowsPerSecond),
        twoConsumersRowsPerSecond: Math.round(two.rowsPerSecond),
        latencyAtRate: LATENCY_RATE,
        latencyWarmupSeconds: WARMUP_SECONDS,
        latencyMs: latency.latencyMs,
      });
    }
  } finally {
    await redis.stop();
  }
  const out = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    partitions: PARTITIONS,
    entities: ENTITIES,
    results,
  };
  const table = [
    [
      'pipeline',
      'features',
      'StreamScorer alone',
      '1 consumer',
      '2 consumers',
      `latency p50 / p99 at ${LATENCY_RATE}/s`,
      'produce',
    ],
  ];
  for (const r of results as {
    pipeline: string;
    features: number;
    oneConsumerRowsPerSecond: number;
    twoConsumersRowsPerSecond: number;
    latencyMs: { p50: number; p99: number };
    produceRowsPerSecond: number;
    inProcessScoringRowsPerSecond: number;
  }[]) {
    table.push([
      r.pipeline,
      String(r.features),
      `${r.inProcessScoringRowsPerSecond} rows/s`,
      `${r.oneConsumerRowsPerSecond} rows/s`,
      `${r.twoConsumersRowsPerSecond} rows/s`,
      `${r.latencyMs.p50} / ${r.latencyMs.p99} ms`,
      `${r.produceRowsPerSecond} rows/s`,
    ]);
  }
  const widths = table[0].map((_, j) => Math.max(...table.map((r) => r[j].length)));
  console.log(
    `Stream scorer on Redis Streams: ${messages.length} rows of ${ENTITIES} entities, ${PARTITIONS} partitions, ${out.machine.cores} cores (shared), Node ${process.version}`,
  );
  for (const r of table) console.log(r.map((c, j) => c.padEnd(widths[j])).join('  '));
  writeFileSync('artifacts/bench/stream.json', JSON.stringify(out, null, 2) + '\n');
  console.log('wrote artifacts/bench/stream.json');
}

await main();
