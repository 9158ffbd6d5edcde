import type { Redis } from 'ioredis';
import type { ResultSink, StreamOutput } from './metric-source';
import { ALERTS_KEY, scoresKey } from './partition';

/** Entries kept per results stream by default (approximately: MAXLEN ~ trims whole nodes). */
export const DEFAULT_RESULTS_MAXLEN = 100_000;

/** A result's stream fields: the input id first, so consumers downstream can drop duplicates by it. */
export function resultFields(o: StreamOutput, consumer: string): string[] {
  const f = ['id', o.id, 'entity', o.entity ?? '', 'seq', o.seq === null ? '' : String(o.seq)];
  f.push('time', Number.isFinite(o.time) ? new Date(o.time).toISOString() : '');
  if (o.error !== undefined) return [...f, 'error', o.error, 'consumer', consumer];
  f.push('score', o.score === null ? '' : String(o.score), 'alert', o.alert ? '1' : '0');
  f.push('incident', o.incidentStart ? '1' : '0', 'consumer', consumer);
  return f;
}

/**
 * Results to Redis Streams: every result to `scores.<p>` of its input's partition, alerting rows to
 * `alerts` too, each stream capped with `MAXLEN ~ maxLen` (Redis trims whole macro nodes, so a stream
 * holds at least maxLen entries and a little more).
 */
export class RedisResultSink implements ResultSink {
  constructor(
    private readonly client: Redis,
    private readonly consumer: string,
    private readonly maxLen = DEFAULT_RESULTS_MAXLEN,
  ) {}

  async write(outputs: readonly StreamOutput[]): Promise<void> {
    if (outputs.length === 0) return;
    const pipeline = this.client.pipeline();
    const cap = ['MAXLEN', '~', String(this.maxLen), '*'];
    for (const o of outputs) {
      const fields = resultFields(o, this.consumer);
      pipeline.call('XADD', [scoresKey(o.partition), ...cap, ...fields]);
      if (o.alert) pipeline.call('XADD', [ALERTS_KEY, ...cap, 'partition', String(o.partition), ...fields]);
    }
    const replies = await pipeline.exec();
    for (const [err] of replies ?? []) if (err) throw err;
  }
}
