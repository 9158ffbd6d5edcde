/**
 * The full stream-scorer runs (`npm run test:stream`): 100,000 rows from 200 entities produced by
 * `npm run stream -- produce` while two `npm run stream` consumer processes score them.
 * - Failover: one consumer is killed with SIGKILL mid-stream; the other takes its partitions over,
 *   claims its pending messages and rebuilds its entities' state from replays.
 * - Restart: Redis (append-only file on) is stopped and started again mid-stream; producer and
 *   consumers reconnect and finish.
 * Both end with every input id scored (duplicates dropped by id agree) and the scores equal to
 * `cli score` on the same CSV to 1e-9 (which is also what a run without failure gives).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from './redis-server';
import {
  buildStreamBundle,
  compareWithCli,
  drained,
  readAll,
  resultCount,
  resultsReach,
  spawnStream,
  streamFixture,
  type StreamFixture,
  type StreamProcess,
} from './fixtures';

const PARTITIONS = 8;
let fixture: StreamFixture;
let redis: TestRedis | null = null;
const processes: StreamProcess[] = [];

beforeAll(async () => {
  buildStreamBundle();
  // 500 rows (5-minute steps) for each of 200 entities.
  fixture = await streamFixture({ days: 500 / 288, instances: 200, seed: 51 });
});

afterEach(async () => {
  for (const p of processes.splice(0)) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
  await redis?.stop();
  redis = null;
});

function consumer(name: string): StreamProcess {
  const p = spawnStream([
    fixture.bundlePath,
    '--redis',
    redis!.url,
    '--consumer',
    name,
    '--partitions',
    String(PARTITIONS),
    '--lease-ms',
    '1500',
    '--claim-idle-ms',
    '2000',
  ]);
  processes.push(p);
  return p;
}

function producer(rate: number): StreamProcess {
  const p = spawnStream([
    'produce',
    fixture.csvPath,
    '--redis',
    redis!.url,
    '--partitions',
    String(PARTITIONS),
    '--rate',
    String(rate),
  ]);
  processes.push(p);
  return p;
}

async function finish(consumers: StreamProcess[], prod: StreamProcess): Promise<void> {
  expect(await prod.exited, prod.stderr()).toBe(0);
  await drained(redis!.client, PARTITIONS, 300_000);
  for (const c of consumers)
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  for (const c of consumers) await c.exited;
}

function check(): Promise<void> {
  return readAll(redis!.client, PARTITIONS).then((run) => {
    expect(run.inputs.length).toBe(100_000);
    const c = compareWithCli(fixture, run);
    expect(c.errors.slice(0, 5)).toEqual([]);
    expect(c.missing).toBe(0);
    expect(c.disagreeing).toBe(0);
    expect(c.worst).toBeLessThanOrEqual(1e-9);
    expect(c.alertsDiffer).toBe(0);
    console.log(
      `${run.inputs.length} inputs, ${c.duplicates} duplicate results (redeliveries), worst |score - cli score| ${c.worst}`,
    );
  });
}

describe('stream scorer, full runs', () => {
  it('100,000 rows from 200 entities, 2 consumers, one SIGKILLed mid-stream', async () => {
    redis = await startRedis();
    expect(fixture.rows).toBe(100_000);
    const a = consumer('a');
    const b = consumer('b');
    const prod = producer(20_000);
    await resultsReach(redis.client, PARTITIONS, 40_000, 300_000);
    a.proc.kill('SIGKILL');
    await finish([b], prod);
    expect(b.stderr()).toMatch(/"partitions assigned","partitions":\[0,1,2,3,4,5,6,7\]/);
    await check();
  });

  it('Redis (append-only) restarted mid-stream: producer and consumers reconnect and finish', async () => {
    redis = await startRedis({ appendonly: true });
    const a = consumer('a');
    const b = consumer('b');
    const prod = producer(20_000);
    await resultsReach(redis.client, PARTITIONS, 30_000, 300_000);
    const before = await resultCount(redis.client, PARTITIONS);
    const client = redis.client;
    const runId = async (): Promise<string> => /run_id:(\w+)/.exec(await client.info('server'))![1];
    const firstRun = await runId();
    await redis.restart(1000);
    // A new server process (its run id is new; its uptime would count the AOF's loading, which a slow
    // machine takes seconds over) has the streams back from its append-only file, results included.
    expect(await runId()).not.toBe(firstRun);
    expect(await resultCount(redis.client, PARTITIONS)).toBeGreaterThanOrEqual(before);
    await finish([a, b], prod);
    await check();
  });
});
