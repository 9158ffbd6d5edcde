import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionCount } from '../../../src/node/stream/redis-connection';
import { metricsKey, partitionOf, seqKey } from '../../../src/node/stream/partition';
import { produceRows } from '../../../src/node/stream/producer';
import { startRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

const rows = (entities: string[], n: number) =>
  Array.from({ length: n }, (_, i) => {
    const entity = entities[i % entities.length];
    return { entity, row: { t: i, entity, v: i } };
  });

describe('producer', () => {
  it('sends each entity to its partition with sequence numbers 1, 2, 3, ... continuing on a second run', async () => {
    const sent = rows(['a', 'b', 'c'], 30);
    await produceRows(redis.client, sent, { partitions: 4 });
    await produceRows(redis.client, sent.slice(0, 3), { partitions: 4 });
    const p = partitionOf('b', 4);
    const entries = (await redis.client.call('XRANGE', [metricsKey(p), '-', '+'])) as [string, string[]][];
    const seqs = entries.filter(([, f]) => f[1] === 'b').map(([, f]) => Number(f[3]));
    expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(await redis.client.hget(seqKey(p), 'b')).toBe('11');
  });

  it('does not add a row again when its send is retried (same entity and sequence number)', async () => {
    await produceRows(redis.client, rows(['z'], 3), { partitions: 4 });
    const p = partitionOf('z', 4);
    const before = Number(await redis.client.xlen(metricsKey(p)));
    // What a retry after a lost reply sends: the same entity and sequence number again.
    const retry = redis.client as unknown as { awbProduce(...args: string[]): Promise<string | null> };
    expect(await retry.awbProduce(metricsKey(p), seqKey(p), 'z', '3', '{}', '1000')).toBeNull();
    expect(await retry.awbProduce(metricsKey(p), seqKey(p), 'z', '4', '{}', '1000')).toMatch(/^\d+-\d+$/);
    expect(Number(await redis.client.xlen(metricsKey(p)))).toBe(before + 1);
  });

  it('keeps one partition count: the first one stored, a different flag refused', async () => {
    expect(await partitionCount(redis.client, 4)).toBe(4);
    expect(await partitionCount(redis.client, undefined)).toBe(4);
    await expect(partitionCount(redis.client, 8)).rejects.toThrow(
      /--partitions 8: Redis already holds metrics\.partitions = 4/,
    );
  });
});
