import {
  LruMap,
  readRow,
  ReplayCollector,
  replayPlan,
  RowError,
  StreamOrderError,
  StreamScorer,
  type ReplayPlan,
  type ScoringRow,
} from '../../engine/serving/index';
import type { LoadedModel } from '../server/model';
import { createConsumerMetrics, type ConsumerMetrics } from './consumer-metrics';
import { idTime, isBad, type BadMessage, type MetricMessage } from './message';
import type { Membership, MetricSource, ResultSink, StreamOutput } from './metric-source';

/** A log line's level. */
export type LogLevel = 'info' | 'warn' | 'error';

/** Writes one log event (default: a JSON line on stderr). */
export type StreamLog = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

/** JSON lines on stderr, as pino writes them. */
export const jsonLog: StreamLog = (level, msg, fields = {}) => {
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }) + '\n');
};

/** How a consumer reads, scores and hands over work. */
export interface ConsumerOptions {
  model: LoadedModel;
  source: MetricSource;
  sink: ResultSink;
  membership: Membership;
  /** This consumer's name in the group (unique among live consumers). */
  name: string;
  group: string;
  /** Messages per read (XREADGROUP COUNT); default 500. */
  batch?: number;
  /** Longest wait for new messages (XREADGROUP BLOCK), ms; default 1000. */
  blockMs?: number;
  /** Batches whose results may be in flight (written, not yet acknowledged) at once; default 2. */
  maxInFlight?: number;
  /** Lease renewal interval, ms; default 1000 (the lease itself lasts `leaseMs` of the membership). */
  heartbeatMs?: number;
  /** Pending messages idle this long (ms) are claimed from their consumer; default 10000. */
  claimIdleMs?: number;
  /** Entities whose state is kept (least recently seen forgotten beyond; rebuilt on return). */
  maxEntities?: number;
  /** Most messages a replay scans backwards in one partition for one batch; default 200000. */
  maxScan?: number;
  log?: StreamLog;
  /** Node process metrics on /metrics (default true). */
  defaultMetrics?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A stream consumer: reads its partitions' metric rows in batches, scores each row with its entity's
 * stream state, writes the results, then acknowledges the inputs (at-least-once: a crash between the
 * two repeats results, never loses them). An entity's state is trusted only while its rows arrive
 * in sequence (`seq` = previous + 1); otherwise (first sight, a partition taken over, a redelivered
 * message, state forgotten) it is rebuilt from a replay of the entity's earlier rows read back from
 * the source, as long as the pipeline's replay plan asks. So a row's score depends only on the rows
 * before it, never on which consumer scored it or what happened to the others.
 */
export class StreamConsumer {
  readonly plan: ReplayPlan;
  readonly metrics: ConsumerMetrics;
  private readonly scorer: StreamScorer;
  private readonly seqs: LruMap<string, number>;
  private readonly batch: number;
  private readonly blockMs: number;
  private readonly maxInFlight: number;
  private readonly heartbeatMs: number;
  private readonly claimIdleMs: number;
  private readonly maxScan: number;
  private readonly log: StreamLog;
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages this consumer holds (read, not yet acknowledged or given up): `partition/id`. */
  private readonly holding = new Set<string>();
  private owned: number[] = [];
  private consumers: string[] = [];
  private stopping = false;
  private killed = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private beating: Promise<void> | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: ConsumerOptions) {
    const { model } = options;
    const maxEntities = options.maxEntities ?? 100_000;
    this.scorer = new StreamScorer(model.body.pipeline, { detector: model.detector, maxEntities });
    this.seqs = new LruMap(maxEntities);
    this.plan = replayPlan(model.body.pipeline, { detector: model.detector });
    this.batch = options.batch ?? 500;
    this.blockMs = options.blockMs ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.heartbeatMs = options.heartbeatMs ?? 1000;
    this.claimIdleMs = options.claimIdleMs ?? 10_000;
    this.maxScan = options.maxScan ?? 200_000;
    this.log = options.log ?? jsonLog;
    this.metrics = createConsumerMetrics(
      {
        owned: () => this.owned,
        consumers: () => this.consumers.length,
        entities: () => this.scorer.entityCount,
        inFlight: () => this.inFlight.size,
        backlog: () =>
          Promise.all(Array.from({ length: options.source.partitions }, (_, p) => options.source.backlog(p))),
      },
      { consumer: options.name, group: options.group, modelId: model.id },
      options.defaultMetrics,
    );
  }

  /** The partitions this consumer owns now. */
  get partitions(): readonly number[] {
    return this.owned;
  }

  /** Starts consuming; resolves when stopped (or killed). */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /**
   * Stops gracefully: no new reads, in-flight results written and acknowledged, then the lease is
   * given up so the other consumers take the partitions over at their next heartbeat.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /**
   * Stops as a crash would, for tests: no more reads, heartbeats or acknowledgements, the lease left
   * to expire and unacknowledged messages left pending for another consumer to claim.
   */
  kill(): void {
    this.killed = true;
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private async loop(): Promise<void> {
    const { source, membership } = this.options;
    await this.retrying('prepare', () => source.prepare());
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    const claimEvery = Math.max(250, this.claimIdleMs / 2);
    let nextClaim = 0;
    while (!this.stopping) {
      let held: (MetricMessage | BadMessage)[] = [];
      try {
        const owned = this.owned;
        if (owned.length === 0) {
          await sleep(Math.min(this.heartbeatMs, 250));
          continue;
        }
        let messages: (MetricMessage | BadMessage)[] = [];
        if (Date.now() >= nextClaim) {
          nextClaim = Date.now() + claimEvery;
          for (const p of owned) {
            if (messages.length >= this.batch) break;
            const claimed = await source.claim(p, this.claimIdleMs, this.batch - messages.length);
            // Its own slow batch is still being handled here: claiming it only reset its idle time.
            messages.push(...claimed.filter((m) => !this.holding.has(`${m.partition}/${m.id}`)));
          }
        }
        if (messages.length === 0) messages = await source.read(owned, this.batch, this.blockMs);
        if (messages.length === 0 || this.killed) continue;
        held = messages;
        for (const m of messages) this.holding.add(`${m.partition}/${m.id}`);
        const outputs = await this.score(messages);
        if (this.killed) break;
        this.deliver(messages, outputs);
        held = [];
        while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
      } catch (e) {
        if (this.killed) break;
        // Not scored: claimable again (by this consumer too) once idle.
        for (const m of held) this.holding.delete(`${m.partition}/${m.id}`);
        this.metrics.errors.inc({ kind: 'redis' });
        this.log('warn', 'stream command failed; retrying', { err: (e as Error).message });
        await sleep(500);
      }
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.killed) return;
    await Promise.allSettled(this.inFlight);
    await this.beating;
    await membership
      .leave()
      .catch((e: Error) => this.log('warn', 'could not leave the group', { err: e.message }));
  }

  /** Renews the lease; the partitions owned change when consumers come or go. */
  private beat(): Promise<void> {
    if (this.beating) return this.beating;
    this.beating = (async () => {
      try {
        const { partitions, consumers } = await this.options.membership.heartbeat();
        if (this.killed) return;
        if (partitions.join() !== this.owned.join()) {
          this.log('info', 'partitions assigned', { partitions, consumers });
        }
        this.owned = partitions;
        this.consumers = consumers;
      } catch (e) {
        this.metrics.errors.inc({ kind: 'redis' });
        this.log('warn', 'heartbeat failed', { err: (e as Error).message });
      } finally {
        this.beating = null;
      }
    })();
    return this.beating;
  }

  private async retrying(what: string, f: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        return await f();
      } catch (e) {
        if (this.stopping) return;
        this.log('warn', `${what} failed; retrying`, { err: (e as Error).message });
        await sleep(500);
      }
    }
  }

  /** Writes a batch's results, then acknowledges its messages; counted in flight until done. */
  private deliver(messages: readonly (MetricMessage | BadMessage)[], outputs: readonly StreamOutput[]): void {
    const { sink, source } = this.options;
    const done = (async () => {
      try {
        await sink.write(outputs);
        if (this.killed) return;
        await source.ack(messages);
        const now = Date.now();
        for (const m of messages) this.metrics.latency.observe(Math.max(0, now - idTime(m.id)) / 1000);
        const errors = outputs.filter((o) => o.error !== undefined).length;
        this.metrics.rows.inc({ outcome: 'scored' }, outputs.length - errors);
        if (errors) this.metrics.rows.inc({ outcome: 'error' }, errors);
        this.metrics.countRows(outputs.length);
      } catch (e) {
        // Unacknowledged: the messages stay pending and are claimed again after claimIdleMs.
        this.metrics.errors.inc({ kind: 'write' });
        this.log('warn', 'results not written; the batch will be redelivered', { err: (e as Error).message });
      }
    })();
    this.inFlight.add(done);
    void done.finally(() => {
      this.inFlight.delete(done);
      for (const m of messages) this.holding.delete(`${m.partition}/${m.id}`);
    });
  }

  /**
   * Scores a batch in order. Entities whose state cannot be trusted for their next row are rebuilt
   * first from one backward scan per partition.
   */
  async score(messages: readonly (MetricMessage | BadMessage)[]): Promise<StreamOutput[]> {
    const fitted = this.options.model.body.pipeline;
    const rows: (ScoringRow | string)[] = messages.map((m) => {
      if (isBad(m)) return m.error;
      if (m.deliveries !== undefined && m.deliveries > 1) this.metrics.redeliveries.inc();
      try {
        const row = readRow(fitted, m.row, 'row');
        if (row.entity !== m.entity) {
          return `metrics.${m.partition} ${m.id}: the row's entity ${JSON.stringify(row.entity)} differs from the message's entity ${JSON.stringify(m.entity)}`;
        }
        return row;
      } catch (e) {
        if (e instanceof RowError) return `metrics.${m.partition} ${m.id}: ${e.message}`;
        throw e;
      }
    });

    const rebuildAt = new Map<number, ReplayCollector<ScoringRow>>();
    const expected = new Map<string, number>();
    messages.forEach((m, i) => {
      if (isBad(m) || typeof rows[i] === 'string') return;
      const last = expected.has(m.entity)
        ? expected.get(m.entity)
        : this.scorer.has(m.entity)
          ? this.seqs.get(m.entity)
          : undefined;
      if (last === undefined || m.seq !== last + 1) rebuildAt.set(i, new ReplayCollector(this.plan, m.seq));
      expected.set(m.entity, m.seq);
    });
    await this.collectReplays(messages, rebuildAt);

    return messages.map((m, i): StreamOutput => {
      const row = rows[i];
      const base = { partition: m.partition, id: m.id, entity: m.entity ?? null, seq: m.seq ?? null };
      if (typeof row === 'string') {
        return { ...base, time: NaN, score: null, alert: false, incidentStart: false, error: row };
      }
      const collector = rebuildAt.get(i);
      if (collector) {
        const replay = collector.rows();
        this.scorer.rebuild(
          row.entity,
          replay.map((r) => r.item),
        );
        this.metrics.rebuilds.inc();
        this.metrics.replayRows.inc(replay.length);
      }
      try {
        const r = this.scorer.push(row);
        this.seqs.set(row.entity, (m as MetricMessage).seq);
        return { ...base, time: row.time, score: r.score, alert: r.alert, incidentStart: r.incidentStart };
      } catch (e) {
        if (!(e instanceof StreamOrderError)) throw e;
        return { ...base, time: row.time, score: null, alert: false, incidentStart: false, error: e.message };
      }
    });
  }

  /** Feeds the collectors from one backward scan per partition, from the newest message needing one. */
  private async collectReplays(
    messages: readonly (MetricMessage | BadMessage)[],
    rebuildAt: ReadonlyMap<number, ReplayCollector<ScoringRow>>,
  ): Promise<void> {
    const byPartition = new Map<
      number,
      { from: string; byEntity: Map<string, ReplayCollector<ScoringRow>[]> }
    >();
    for (const [i, collector] of rebuildAt) {
      if (collector.done) continue;
      const m = messages[i] as MetricMessage;
      let scan = byPartition.get(m.partition);
      if (!scan) byPartition.set(m.partition, (scan = { from: m.id, byEntity: new Map() }));
      if (compareIds(m.id, scan.from) > 0) scan.from = m.id;
      const list = scan.byEntity.get(m.entity) ?? [];
      list.push(collector);
      scan.byEntity.set(m.entity, list);
    }
    const fitted = this.options.model.body.pipeline;
    for (const [partition, scan] of byPartition) {
      let open = [...scan.byEntity.values()].reduce((n, l) => n + l.length, 0);
      const { scanned, reachedStart } = await this.options.source.history(
        partition,
        scan.from,
        (h) => {
          const list = scan.byEntity.get(h.entity);
          if (!list) return true;
          let row: ScoringRow;
          try {
            row = readRow(fitted, h.row, 'row');
          } catch {
            return true;
          }
          for (const c of list) if (!c.done && c.offer({ seq: h.seq, values: row.values, item: row })) open--;
          return open > 0;
        },
        this.maxScan,
      );
      if (open > 0) {
        for (const list of scan.byEntity.values()) {
          for (const c of list) {
            const got = c.rows();
            const complete = got.length > 0 && got[0].seq === 1;
            if (!c.done && !complete) this.metrics.replayIncomplete.inc();
          }
        }
        if (!reachedStart) {
          this.log(
            'warn',
            'replay scan limit reached; some entity states rebuilt from fewer rows than needed',
            {
              partition,
              scanned,
            },
          );
        }
      }
    }
  }
}

/** Orders Redis stream ids ("ms-seq"). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || (as ?? 0) - (bs ?? 0);
}
