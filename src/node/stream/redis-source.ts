import type { Redis } from 'ioredis';
import { isBad, readMetricMessage, type BadMessage, type MetricMessage } from './message';
import type { Backlog, MetricSource } from './metric-source';
import { isBusyGroup } from './redis-connection';
import { metricsKey } from './partition';

type Entry = [id: string, fields: string[] | null];

/** Messages read per XREVRANGE call while scanning a partition backwards. */
const HISTORY_CHUNK = 1000;

/**
 * Metric rows from Redis Streams: partition p is the stream `metrics.<p>`, read by a consumer group
 * (XREADGROUP with COUNT and BLOCK), acknowledged with XACK, claimed from dead consumers with
 * XAUTOCLAIM, scanned backwards with XREVRANGE. Blocking reads use a connection of their own.
 */
export class RedisMetricSource implements MetricSource {
  constructor(
    private readonly client: Redis,
    private readonly reader: Redis,
    readonly partitions: number,
    readonly group: string,
    readonly consumer: string,
  ) {}

  async prepare(): Promise<void> {
    for (let p = 0; p < this.partitions; p++) {
      try {
        // From the stream's first entry: a new group scores what is already there.
        await this.client.call('XGROUP', ['CREATE', metricsKey(p), this.group, '0', 'MKSTREAM']);
      } catch (e) {
        if (!isBusyGroup(e)) throw e;
      }
    }
  }

  async read(
    partitions: readonly number[],
    count: number,
    blockMs: number,
  ): Promise<(MetricMessage | BadMessage)[]> {
    if (partitions.length === 0) return [];
    const keys = partitions.map(metricsKey);
    const reply = (await this.reader.call('XREADGROUP', [
      'GROUP',
      this.group,
      this.consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...keys,
      ...keys.map(() => '>'),
    ])) as [key: string, entries: Entry[]][] | null;
    const out: (MetricMessage | BadMessage)[] = [];
    for (const [key, entries] of reply ?? []) {
      const p = partitions[keys.indexOf(key)];
      for (const [id, fields] of entries) out.push(this.message(p, id, fields, 1));
    }
    return out;
  }

  async claim(partition: number, minIdleMs: number, count: number): Promise<(MetricMessage | BadMessage)[]> {
    const key = metricsKey(partition);
    const reply = (await this.client.call('XAUTOCLAIM', [
      key,
      this.group,
      this.consumer,
      minIdleMs,
      '0-0',
      'COUNT',
      count,
    ])) as [next: string, entries: Entry[], deleted?: string[]];
    const out: (MetricMessage | BadMessage)[] = [];
    for (const [id, fields] of reply[1]) {
      // A claimed entry trimmed away meanwhile (MAXLEN) has no fields: nothing to score, acknowledge it.
      if (fields === null) out.push({ partition, id, error: `${key} ${id}: trimmed before it was scored` });
      else out.push(this.message(partition, id, fields, 2));
    }
    // Entries deleted from the stream while pending are dropped from the pending list by XAUTOCLAIM.
    return out;
  }

  async ack(messages: readonly { partition: number; id: string }[]): Promise<void> {
    const byPartition = new Map<number, string[]>();
    for (const m of messages) {
      const ids = byPartition.get(m.partition) ?? [];
      ids.push(m.id);
      byPartition.set(m.partition, ids);
    }
    const pipeline = this.client.pipeline();
    for (const [p, ids] of byPartition) pipeline.call('XACK', [metricsKey(p), this.group, ...ids]);
    const replies = await pipeline.exec();
    for (const [err] of replies ?? []) if (err) throw err;
  }

  async history(
    partition: number,
    beforeId: string,
    visit: (m: MetricMessage) => boolean,
    maxScan: number,
  ): Promise<{ scanned: number; reachedStart: boolean }> {
    const key = metricsKey(partition);
    let end = `(${beforeId}`;
    let scanned = 0;
    while (scanned < maxScan) {
      const want = Math.min(HISTORY_CHUNK, maxScan - scanned);
      const entries = (await this.client.call('XREVRANGE', [key, end, '-', 'COUNT', want])) as Entry[];
      for (const [id, fields] of entries) {
        scanned++;
        const m = readMetricMessage(partition, id, fields, key);
        if (!isBad(m) && !visit(m)) return { scanned, reachedStart: false };
      }
      if (entries.length < want) return { scanned, reachedStart: true };
      end = `(${entries[entries.length - 1][0]}`;
    }
    return { scanned, reachedStart: false };
  }

  async backlog(partition: number): Promise<Backlog> {
    const groups = (await this.client.call('XINFO', ['GROUPS', metricsKey(partition)])) as unknown[][];
    for (const g of groups) {
      const info: Record<string, unknown> = {};
      for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
      if (info.name !== this.group) continue;
      const lag = info.lag === null || info.lag === undefined ? null : Number(info.lag);
      return { partition, lag, pending: Number(info.pending) };
    }
    return { partition, lag: null, pending: 0 };
  }

  async close(): Promise<void> {
    this.reader.disconnect();
  }

  private message(
    partition: number,
    id: string,
    fields: string[] | null,
    deliveries: number,
  ): MetricMessage | BadMessage {
    const m = readMetricMessage(partition, id, fields, metricsKey(partition));
    if (!isBad(m)) m.deliveries = deliveries;
    return m;
  }
}
