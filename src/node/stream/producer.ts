import type { Redis } from 'ioredis';
import type { Dataset, RowObject } from '../../engine/index';
import { columnValues } from '../../engine/table/column-values';
import { metricFields } from './message';
import { metricsKey, partitionOf, seqKey } from './partition';

/** Entries kept per input stream by default (`MAXLEN ~`): about 15 MB per partition at 150 bytes a row. */
export const DEFAULT_METRICS_MAXLEN = 100_000;

/** Rows sent per pipeline round trip. */
const CHUNK = 500;

/** Sends of one chunk before giving up while Redis is unreachable (about a minute). */
const MAX_ATTEMPTS = 40;

/** An error of the connection (Redis restarting or unreachable), not of the command. */
export function isConnectionError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : String(e);
  return /connection|ECONNREFUSED|ECONNRESET|EPIPE|LOADING|socket/i.test(m);
}

// Adds a row unless its sequence number was written already (a retried send after a lost reply or a
// Redis restart), atomically with the entity's last sequence number. Both keys live in one partition,
// so under Redis Cluster they need one hash slot: name them with a hash tag (see docs/stream.md).
const PRODUCE = `
local last = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local seq = tonumber(ARGV[2])
if seq <= last then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'entity', ARGV[1], 'seq', ARGV[2], 'row', ARGV[3])
`;

interface ProduceCommand {
  awbProduce(stream: string, seqs: string, entity: string, seq: string, row: string, maxLen: string): unknown;
}

/** The producing script as a command (EVALSHA, loaded on first use). */
function withProduce<T extends object>(target: T): T & ProduceCommand {
  return target as T & ProduceCommand;
}

/**
 * The rows of a dataset as the stream carries them, in time order (ties in file order): time as ISO
 * text, entity, metrics (null = missing).
 */
export function datasetMessages(ds: Dataset): { entity: string; row: RowObject }[] {
  const s = ds.schema;
  const n = ds.table.numRows();
  const times = s.time ? (columnValues(ds.table, s.time) as ArrayLike<number>) : null;
  const entities = s.entity ? columnValues(ds.table, s.entity) : null;
  const metrics = s.metrics.map((m) => [m, columnValues(ds.table, m)] as const);
  // In time order, as a live fleet sends them (a file may list one entity after another).
  const order = Array.from({ length: n }, (_, i) => i);
  if (times) order.sort((a, b) => times[a] - times[b] || a - b);
  const out: { entity: string; row: RowObject }[] = [];
  for (const i of order) {
    const row: Record<string, unknown> = {};
    if (s.time && times) row[s.time] = Number.isFinite(times[i]) ? new Date(times[i]).toISOString() : null;
    const entity = entities ? String(entities[i]) : '';
    if (s.entity) row[s.entity] = entity;
    for (const [name, col] of metrics) {
      const v = col[i];
      row[name] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    out.push({ entity, row });
  }
  return out;
}

/** What a produce run did. */
export interface ProduceSummary {
  rows: number;
  /** Rows Redis already had (same entity and sequence number): not added again. */
  skipped: number;
  partitions: number;
  seconds: number;
}

/**
 * Sends rows to their partitions' streams in order, at most `rate` rows per second (0 = as fast as
 * Redis takes them). Each entity's rows get sequence numbers continuing from the last one Redis holds
 * for it, so sending a file twice appends it twice, while a send retried after a lost reply is not
 * added again.
 */
export async function produceRows(
  client: Redis,
  rows: readonly { entity: string; row: RowObject }[],
  options: { partitions: number; rate?: number; maxLen?: number; signal?: AbortSignal },
): Promise<ProduceSummary> {
  const { partitions } = options;
  const maxLen = String(options.maxLen ?? DEFAULT_METRICS_MAXLEN);
  if (!('awbProduce' in client)) client.defineCommand('awbProduce', { numberOfKeys: 2, lua: PRODUCE });
  const started = performance.now();
  const next = new Map<string, number>();
  const entities = [...new Set(rows.map((r) => r.entity))];
  for (let k = 0; k < entities.length; k += CHUNK) {
    const part = entities.slice(k, k + CHUNK);
    const pipeline = client.pipeline();
    for (const e of part) pipeline.hget(seqKey(partitionOf(e, partitions)), e);
    const replies = (await pipeline.exec()) ?? [];
    part.forEach((e, j) => next.set(e, Number(replies[j]?.[1] ?? 0) + 1));
  }
  const chunk = options.rate ? Math.max(1, Math.min(CHUNK, Math.round(options.rate / 20))) : CHUNK;
  let skipped = 0;
  for (let k = 0; k < rows.length; k += chunk) {
    if (options.signal?.aborted) break;
    const sends = rows.slice(k, k + chunk).map(({ entity, row }) => {
      const seq = next.get(entity)!;
      next.set(entity, seq + 1);
      const [, , , seqText, , json] = metricFields(entity, seq, row);
      const p = partitionOf(entity, partitions);
      return [metricsKey(p), seqKey(p), entity, seqText, json, maxLen] as const;
    });
    // A chunk cut off by a lost connection (a Redis restart) is sent again: the rows that made it
    // before are recognised by their sequence numbers and not added twice.
    for (let attempt = 1; ; attempt++) {
      const pipeline = withProduce(client.pipeline());
      for (const args of sends) pipeline.awbProduce(...args);
      try {
        const replies = (await pipeline.exec()) ?? [];
        for (const [err] of replies) if (err) throw err;
        for (const [, id] of replies) if (id === null) skipped++;
        break;
      } catch (e) {
        if (attempt >= MAX_ATTEMPTS || !isConnectionError(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
      }
    }
    if (options.rate) {
      const due = ((k + chunk) / options.rate) * 1000 - (performance.now() - started);
      if (due > 0) await new Promise((r) => setTimeout(r, due));
    }
  }
  return { rows: rows.length, skipped, partitions, seconds: (performance.now() - started) / 1000 };
}
