/**
 * The stream scorer on a real redis-server (Debian's, started here on a free loopback port): two
 * consumers in this process share 4 partitions, one joins late, one dies mid-stream (as a crash: no
 * acknowledgement, no goodbye). Every input id ends with a result, duplicates agree, and the scores
 * equal `cli score` on the same CSV to 1e-9.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsKey } from '../../../src/node/stream/partition';
import { startRedis, type TestRedis } from './redis-server';
import {
  compareWithCli,
  drained,
  produceFixture,
  readAll,
  resultsReach,
  startConsumer,
  streamFixture,
  until,
  type StreamFixture,
} from './fixtures';

const PARTITIONS = 4;
let redis: TestRedis;
let fixture: StreamFixture;

beforeAll(async () => {
  [redis, fixture] = await Promise.all([startRedis(), streamFixture({ days: 1, instances: 20, seed: 41 })]);
});
afterAll(async () => redis?.stop());

describe('stream consumers on Redis Streams', () => {
  it('2 consumers, one joining late and one killed mid-stream: every id scored once kept, scores == cli score', async () => {
    await produceFixture(redis.client, fixture, PARTITIONS);
    expect(fixture.rows).toBe(5760);
    // The crash comes while a batch is written (read, not acknowledged): its messages stay pending for b.
    const a = startConsumer(redis.url, fixture.model, 'a', PARTITIONS, { writeDelayMs: 30 });
    await resultsReach(redis.client, PARTITIONS, 1000);
    const b = startConsumer(redis.url, fixture.model, 'b', PARTITIONS);
    // The two share the partitions once each has seen the other's lease.
    await until(() => a.consumer.partitions.length === 2 && b.consumer.partitions.length === 2);
    expect([...a.consumer.partitions, ...b.consumer.partitions].sort()).toEqual([0, 1, 2, 3]);
    await resultsReach(redis.client, PARTITIONS, 3000);
    await a.holdNextWrite();
    a.kill();
    await drained(redis.client, PARTITIONS);
    expect(b.consumer.partitions).toEqual([0, 1, 2, 3]);
    const metrics = await b.consumer.metrics.registry.metrics();
    await b.stop();

    const run = await readAll(redis.client, PARTITIONS);
    expect(run.inputs.length).toBe(5760);
    const c = compareWithCli(fixture, run);
    expect(c.errors).toEqual([]);
    expect(c.missing).toBe(0);
    expect(c.disagreeing).toBe(0);
    expect(c.worst).toBeLessThanOrEqual(1e-9);
    expect(c.alertsDiffer).toBe(0);
    // The failover really happened: b rebuilt taken-over entities from replays and claimed a's pending rows.
    const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('awb_stream_replay_rows_total')).toBeGreaterThan(0);
    expect(value('awb_stream_redeliveries_total')).toBeGreaterThan(0);
    expect(value('awb_stream_replay_incomplete_total')).toBe(0);
    expect(metrics).toMatch(/awb_stream_lag\{partition="3"[^}]*\} 0/);
    expect(metrics).toMatch(/awb_stream_pending\{partition="0"[^}]*\} 0/);
    expect(metrics).toMatch(/awb_stream_rows_per_second/);
  });

  it('a message that cannot be read gets an error result naming the entry and field, and is acknowledged', async () => {
    await redis.client.call('XADD', [metricsKey(0), '*', 'entity', 'x', 'seq', 'one', 'row', '{}']);
    await redis.client.call('XADD', [
      metricsKey(0),
      '*',
      'entity',
      'x',
      'seq',
      '1',
      'row',
      '{"timestamp":"2024-03-05T00:00:00Z","instance":"x","cpu_pct":"high"}',
    ]);
    const c = startConsumer(redis.url, fixture.model, 'c', PARTITIONS);
    await drained(redis.client, PARTITIONS);
    await c.stop();
    const errors = [...(await readAll(redis.client, PARTITIONS)).results.values()]
      .flat()
      .flatMap((r) => (r.error ? [r.error] : []));
    expect(errors).toEqual([
      expect.stringMatching(/^metrics\.0 \d+-\d+: field 'seq' must be the entity's row number/),
      expect.stringMatching(/^metrics\.0 \d+-\d+: row\.cpu_pct: must be a number or null, got "high"/),
    ]);
  });
});
