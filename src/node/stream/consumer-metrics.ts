import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Backlog } from './metric-source';

/** Seconds over which `awb_stream_rows_per_second` averages. */
export const RATE_WINDOW_SECONDS = 10;

/** A consumer's Prometheus metrics, in a registry of its own. */
export interface ConsumerMetrics {
  registry: Registry;
  rows: Counter<'outcome'>;
  redeliveries: Counter;
  rebuilds: Counter;
  replayRows: Counter;
  replayIncomplete: Counter;
  errors: Counter<'kind'>;
  latency: Histogram;
  /** Counts rows for the rows/s gauge. */
  countRows(n: number): void;
}

/** Where the scrape-time gauges read from. */
export interface ConsumerProbe {
  owned(): readonly number[];
  consumers(): number;
  entities(): number;
  inFlight(): number;
  /** Lag and pending per partition (every partition of the group), read at scrape time. */
  backlog(): Promise<Backlog[]>;
}

/**
 * Creates the metrics: rows scored (and refused), rows per second over the last
 * {@link RATE_WINDOW_SECONDS} s, lag and pending per partition, redeliveries, state rebuilds and the
 * rows they replayed, produce-to-score latency, owned partitions, live consumers, entities with state,
 * batches in flight, and (unless `defaultMetrics` is false) Node's process metrics.
 */
export function createConsumerMetrics(
  probe: ConsumerProbe,
  labels: { consumer: string; group: string; modelId: string },
  defaultMetrics = true,
): ConsumerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ consumer: labels.consumer, group: labels.group });
  if (defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'awb_' });
  const rows = new Counter({
    name: 'awb_stream_rows_total',
    help: 'Messages handled: scored, or error (a message that could not be read or scored).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const redeliveries = new Counter({
    name: 'awb_stream_redeliveries_total',
    help: 'Messages claimed from another consumer (or from this one after a failed write) and handled again.',
    registers: [registry],
  });
  const rebuilds = new Counter({
    name: 'awb_stream_state_rebuilds_total',
    help: "Entity states rebuilt from a replay of the entity's recent rows (first sight, takeover, redelivery).",
    registers: [registry],
  });
  const replayRows = new Counter({
    name: 'awb_stream_replay_rows_total',
    help: 'Rows replayed into rebuilt entity states.',
    registers: [registry],
  });
  const replayIncomplete = new Counter({
    name: 'awb_stream_replay_incomplete_total',
    help: 'Rebuilds that found fewer rows than the replay plan asks for (trimmed by MAXLEN, or the scan limit).',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'awb_stream_errors_total',
    help: 'Errors by kind: redis (a command failed; retried), write (results not stored; redelivered later).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'awb_stream_latency_seconds',
    help: 'From the message entering its stream (its id time) to its result being written.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const perSecond = new Float64Array(RATE_WINDOW_SECONDS + 1);
  let currentSecond = Math.floor(Date.now() / 1000);
  const advance = (): void => {
    const now = Math.floor(Date.now() / 1000);
    for (let s = currentSecond + 1; s <= now && s <= currentSecond + perSecond.length; s++) {
      perSecond[s % perSecond.length] = 0;
    }
    currentSecond = Math.max(currentSecond, now);
  };
  new Gauge({
    name: 'awb_stream_rows_per_second',
    help: `Messages handled per second over the last ${RATE_WINDOW_SECONDS} s.`,
    registers: [registry],
    collect() {
      advance();
      let sum = 0;
      for (let s = currentSecond - RATE_WINDOW_SECONDS; s < currentSecond; s++)
        sum += perSecond[s % perSecond.length];
      this.set(sum / RATE_WINDOW_SECONDS);
    },
  });
  // One XINFO per partition per scrape fills both gauges (prom-client collects metrics concurrently).
  let scrape: { at: number; backlog: Promise<Backlog[]> } | null = null;
  const backlog = (): Promise<Backlog[]> => {
    if (!scrape || Date.now() - scrape.at > 500) {
      // Redis unreachable: the gauges stay empty for this scrape rather than failing it.
      scrape = { at: Date.now(), backlog: probe.backlog().catch(() => []) };
    }
    return scrape.backlog;
  };
  new Gauge({
    name: 'awb_stream_lag',
    help: "Messages of a partition the group has not read yet (XINFO GROUPS 'lag').",
    labelNames: ['partition'] as const,
    registers: [registry],
    async collect() {
      const all = await backlog();
      this.reset();
      for (const b of all) if (b.lag !== null) this.set({ partition: String(b.partition) }, b.lag);
    },
  });
  new Gauge({
    name: 'awb_stream_pending',
    help: 'Messages of a partition delivered and not yet acknowledged, by any consumer of the group.',
    labelNames: ['partition'] as const,
    registers: [registry],
    async collect() {
      const all = await backlog();
      this.reset();
      for (const b of all) this.set({ partition: String(b.partition) }, b.pending);
    },
  });
  new Gauge({
    name: 'awb_stream_partition_owned',
    help: '1 for each partition this consumer owns now.',
    labelNames: ['partition'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const p of probe.owned()) this.set({ partition: String(p) }, 1);
    },
  });
  new Gauge({
    name: 'awb_stream_consumers',
    help: 'Live consumers of the group (leases not expired) at the last heartbeat.',
    registers: [registry],
    collect() {
      this.set(probe.consumers());
    },
  });
  new Gauge({
    name: 'awb_stream_entities',
    help: 'Entities with stream state in this consumer.',
    registers: [registry],
    collect() {
      this.set(probe.entities());
    },
  });
  new Gauge({
    name: 'awb_stream_batches_in_flight',
    help: 'Batches scored whose results are being written (bounded by --max-in-flight).',
    registers: [registry],
    collect() {
      this.set(probe.inFlight());
    },
  });
  new Gauge({
    name: 'awb_model_info',
    help: 'The model scored: its id (SHA-256 of the bundle body).',
    labelNames: ['model_id'] as const,
    registers: [registry],
  }).set({ model_id: labels.modelId }, 1);
  return {
    registry,
    rows,
    redeliveries,
    rebuilds,
    replayRows,
    replayIncomplete,
    errors,
    latency,
    countRows(n: number) {
      advance();
      perSecond[currentSecond % perSecond.length] += n;
    },
  };
}
