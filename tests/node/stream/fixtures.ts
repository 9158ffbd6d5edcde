import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import {
  fitPipeline,
  generateClusterMetrics,
  parsePrepConfig,
  specFromPrep,
  writeBundle,
} from '../../../src/engine/index';
import { score as cliScore } from '../../../src/node/commands';
import { loadDatasetFile } from '../../../src/node/files';
import { loadModel, type LoadedModel } from '../../../src/node/server/model';
import { StreamConsumer } from '../../../src/node/stream/consumer';
import { idTime } from '../../../src/node/stream/message';
import type { ResultSink } from '../../../src/node/stream/metric-source';
import { connectRedis } from '../../../src/node/stream/redis-connection';
import { RedisMembership } from '../../../src/node/stream/redis-membership';
import { RedisResultSink } from '../../../src/node/stream/redis-sink';
import { RedisMetricSource } from '../../../src/node/stream/redis-source';
import { metricsKey, scoresKey } from '../../../src/node/stream/partition';
import { datasetMessages, produceRows } from '../../../src/node/stream/producer';
import { csvOf, rowObjects } from '../server/fixtures';

/**
 * Features whose state needs a real replay after a failover (rolling windows of 6 and 24 rows, lags,
 * rates, peaks with a 12-row baseline: 134 rows), without the unbounded families.
 */
export const STREAM_PREP = {
  features: {
    windows: [6, 24],
    families: {
      changepoint: false,
      residuals: false,
      entropy: false,
      spectral: false,
      peaks: { baseline: 12 },
      lags: { lags: [1, 12] },
      rate: { horizons: [1, 6] },
    },
  },
};

/** A bundle, a CSV of other rows from the same generator, and `cli score`'s answer for that CSV. */
export interface StreamFixture {
  dir: string;
  bundlePath: string;
  csvPath: string;
  model: LoadedModel;
  /** `cli score` per `entity#seq` (seq = the entity's row number in time order, from 1). */
  expected: Map<string, { score: number; alert: boolean }>;
  rows: number;
}

/** Builds a fixture: `instances` entities of `days` days of 5-minute rows. */
export async function streamFixture(options: {
  days: number;
  instances: number;
  seed: number;
}): Promise<StreamFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'awb-stream-'));
  const train = generateClusterMetrics({ days: 2, instances: 4, seed: options.seed });
  const spec = specFromPrep(
    train.schema,
    ['cpu_pct', 'mem_pct', 'latency_ms'],
    parsePrepConfig(STREAM_PREP),
    {
      type: 'iforest',
      params: { nEstimators: 30, seed: 1 },
    },
  );
  const { fitted } = await fitPipeline(train, spec);
  const text = await writeBundle(fitted, train, { createdAt: '2026-01-01T00:00:00.000Z' });
  const bundlePath = join(dir, 'model.awb');
  writeFileSync(bundlePath, text);
  const test = generateClusterMetrics({
    days: options.days,
    instances: options.instances,
    seed: options.seed + 1,
  });
  const csvPath = join(dir, 'rows.csv');
  writeFileSync(csvPath, csvOf(rowObjects(test)));
  let printed = '';
  await cliScore(
    [bundlePath, csvPath],
    (s) => (printed += s),
    () => {},
  );
  // cli score lists rows in file order: row, score, alert, timestamp, instance.
  const lines = printed.trim().split('\n').slice(1);
  const byEntity = new Map<string, { time: string; score: number; alert: boolean }[]>();
  for (const line of lines) {
    const [, score, alert, time, entity] = line.split(',');
    const list = byEntity.get(entity) ?? [];
    list.push({ time, score: Number(score), alert: alert === '1' });
    byEntity.set(entity, list);
  }
  const expected = new Map<string, { score: number; alert: boolean }>();
  for (const [entity, list] of byEntity) {
    list.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    list.forEach((r, k) => expected.set(`${entity}#${k + 1}`, { score: r.score, alert: r.alert }));
  }
  return {
    dir,
    bundlePath,
    csvPath,
    model: await loadModel(text, 'model.awb'),
    expected,
    rows: lines.length,
  };
}

/** Produces the fixture's CSV as `npm run stream -- produce` does. */
export async function produceFixture(client: Redis, f: StreamFixture, partitions: number): Promise<void> {
  await produceRows(client, datasetMessages(loadDatasetFile(f.csvPath)), { partitions });
}

/** One result read back from a `scores.<p>` stream. */
export interface ReadResult {
  id: string;
  entity: string;
  seq: number;
  score: number | null;
  alert: boolean;
  error?: string;
  consumer: string;
  /** ms from the input entering its stream to the result entering its own (Redis clock). */
  latencyMs: number;
}

/** Every input of the partitions (`p/id`), and every result (duplicates included) by `p/id`. */
export async function readAll(
  client: Redis,
  partitions: number,
): Promise<{ inputs: string[]; results: Map<string, ReadResult[]> }> {
  const inputs: string[] = [];
  const results = new Map<string, ReadResult[]>();
  for (let p = 0; p < partitions; p++) {
    const metrics = (await client.call('XRANGE', [metricsKey(p), '-', '+'])) as [string, string[]][];
    for (const [id] of metrics) inputs.push(`${p}/${id}`);
    const scores = (await client.call('XRANGE', [scoresKey(p), '-', '+'])) as [string, string[]][];
    for (const [rid, fields] of scores) {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
      const r: ReadResult = {
        id: f.id,
        entity: f.entity,
        seq: Number(f.seq),
        score: f.score === undefined || f.score === '' ? null : Number(f.score),
        alert: f.alert === '1',
        consumer: f.consumer,
        latencyMs: idTime(rid) - idTime(f.id),
        ...(f.error !== undefined ? { error: f.error } : {}),
      };
      // Ids are unique within a stream: a result is known by its partition and input id.
      const key = `${p}/${r.id}`;
      const list = results.get(key) ?? [];
      list.push(r);
      results.set(key, list);
    }
  }
  return { inputs, results };
}

/**
 * Checks a finished run: every input id has a result; duplicates (redeliveries) agree; the kept result
 * (the first) equals `cli score` to 1e-9, alerts included. Returns the worst score difference and the
 * number of duplicate results.
 */
export function compareWithCli(
  f: StreamFixture,
  run: { inputs: string[]; results: Map<string, ReadResult[]> },
): {
  missing: number;
  worst: number;
  duplicates: number;
  disagreeing: number;
  alertsDiffer: number;
  errors: string[];
} {
  let missing = 0;
  let worst = 0;
  let duplicates = 0;
  let disagreeing = 0;
  let alertsDiffer = 0;
  const errors: string[] = [];
  for (const id of run.inputs) {
    const list = run.results.get(id);
    if (!list) {
      missing++;
      continue;
    }
    duplicates += list.length - 1;
    const kept = list[0];
    if (kept.error !== undefined || kept.score === null) {
      errors.push(kept.error ?? `${id}: no score`);
      continue;
    }
    for (const other of list.slice(1))
      if (!(Math.abs((other.score ?? NaN) - kept.score) <= 1e-9)) disagreeing++;
    const want = f.expected.get(`${kept.entity}#${kept.seq}`);
    if (!want) {
      errors.push(`${id}: ${kept.entity}#${kept.seq} is not a row of the file`);
      continue;
    }
    worst = Math.max(worst, Math.abs(kept.score - want.score));
    if (kept.alert !== want.alert) alertsDiffer++;
  }
  return { missing, worst, duplicates, disagreeing, alertsDiffer, errors };
}

/** A consumer in this process, with its own two connections. */
export interface TestConsumer {
  consumer: StreamConsumer;
  done: Promise<void>;
  /** As a crash: no more heartbeats, reads or acknowledgements; its connections dropped. */
  kill(): void;
  /**
   * Holds the next result write for ever and resolves once it has begun: the batch it belongs to is then
   * surely read and not acknowledged, so a `kill` leaves messages pending whatever the machine's speed.
   */
  holdNextWrite(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a consumer of the fixture's bundle (short leases and idle times, so failover takes about 1 s). */
export function startConsumer(
  url: string,
  model: LoadedModel,
  name: string,
  partitions: number,
  options: { writeDelayMs?: number; batch?: number } = {},
): TestConsumer {
  const client = connectRedis(url, name);
  const reader = connectRedis(url, `${name}-reader`);
  const redisSink = new RedisResultSink(client, name);
  const delay = options.writeDelayMs ?? 0;
  let hold: (() => void) | null = null;
  const sink: ResultSink = {
    async write(outputs) {
      if (hold) {
        hold();
        await new Promise<never>(() => {});
      }
      if (delay) await new Promise((r) => setTimeout(r, delay));
      await redisSink.write(outputs);
    },
  };
  const consumer = new StreamConsumer({
    model,
    source: new RedisMetricSource(client, reader, partitions, 'scorers', name),
    sink,
    membership: new RedisMembership(client, 'scorers', name, partitions, 600),
    name,
    group: 'scorers',
    batch: options.batch ?? 100,
    blockMs: 100,
    heartbeatMs: 150,
    claimIdleMs: 800,
    log: () => {},
    defaultMetrics: false,
  });
  const done = consumer.run();
  return {
    consumer,
    done,
    kill() {
      consumer.kill();
      client.disconnect();
      reader.disconnect();
    },
    holdNextWrite() {
      return new Promise<void>((resolve) => {
        hold = resolve;
      });
    },
    async stop() {
      await consumer.stop();
      client.disconnect();
      reader.disconnect();
    },
  };
}

/** Resolves once every partition has nothing left to read or acknowledge (or rejects after `ms`). */
export async function drained(client: Redis, partitions: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    let left = 0;
    for (let p = 0; p < partitions; p++) {
      const groups = (await client.call('XINFO', ['GROUPS', metricsKey(p)])) as unknown[][];
      const g = groups[0] ?? [];
      const info: Record<string, unknown> = {};
      for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
      left += Number(info.lag ?? 1) + Number(info.pending ?? 0);
    }
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`not drained after ${ms} ms: ${left} messages left`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Results written so far, over every partition (duplicates included). */
export async function resultCount(client: Redis, partitions: number): Promise<number> {
  let n = 0;
  for (let p = 0; p < partitions; p++) n += Number(await client.xlen(scoresKey(p)));
  return n;
}

/** Waits until `resultCount` reaches `n`. */
export async function resultsReach(client: Redis, partitions: number, n: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await resultCount(client, partitions)) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} results after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until `test()` holds (checked every 20 ms), or rejects after `ms`. */
export async function until(test: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `npm run stream -- ARGS` as a child process (the esbuild bundle, as a deployment runs it); its stderr kept. */
export interface StreamProcess {
  proc: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Builds the stream scorer's bundle once, so that processes started together do not race to build it. */
export function buildStreamBundle(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/stream.mjs'), '--build-only'], { stdio: 'inherit' });
}

/** Starts `node scripts/stream.mjs ...args`. */
export function spawnStream(args: string[]): StreamProcess {
  const proc = spawn(process.execPath, [join(ROOT, 'scripts/stream.mjs'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, stderr: () => err, exited };
}
