import { Redis } from 'ioredis';
import { checkPartitions, DEFAULT_PARTITIONS, PARTITIONS_KEY } from './partition';

/** How a stream process connects: it waits for Redis through restarts rather than failing commands. */
export function connectRedis(url: string, name: string): Redis {
  if (!/^rediss?:\/\//.test(url)) {
    throw new Error(`--redis: '${url}' is not a Redis URL (expected redis://host:port, optionally /db)`);
  }
  const client = new Redis(url, {
    connectionName: name,
    // RESP2: stream replies keep their documented shapes ([[key, entries], ...]).
    protocol: 2,
    // Commands wait while Redis is down (a restart) and run once it is back, instead of failing.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    lazyConnect: false,
  });
  // Connection errors reach the commands that wait on them; the event itself needs no handling.
  client.on('error', () => {});
  return client;
}

/** Redis's answer when a consumer group exists already. */
export function isBusyGroup(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith('BUSYGROUP');
}

/**
 * The partition count producers and consumers share: the one stored in Redis, else `flag` (or the
 * default) stored for the next ones. A flag that disagrees with Redis is refused: rows would land in
 * partitions other than where their entity's earlier rows are.
 */
export async function partitionCount(client: Redis, flag: number | undefined): Promise<number> {
  if (flag !== undefined) checkPartitions(flag, '--partitions');
  const want = flag ?? DEFAULT_PARTITIONS;
  await client.set(PARTITIONS_KEY, String(want), 'NX');
  const stored = Number(await client.get(PARTITIONS_KEY));
  checkPartitions(stored, `Redis key ${PARTITIONS_KEY}`);
  if (flag !== undefined && stored !== flag) {
    throw new Error(
      `--partitions ${flag}: Redis already holds ${PARTITIONS_KEY} = ${stored} (streams were written with ${stored} partitions); drop the flag, or delete the streams and that key to start over`,
    );
  }
  return stored;
}
