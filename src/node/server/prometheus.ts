import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DriftMonitor, EntityBudget } from '../../engine/serving/index';

/** Distinct entity labels on the anomaly counter; later entities share the label `_other`. */
export const MAX_ENTITY_LABELS = 1000;

/** The server's Prometheus metrics, in a registry of its own (several servers can live in one process). */
export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'route' | 'method' | 'status'>;
  latency: Histogram<'route'>;
  /** Requests whose headers were read and whose answer is not yet sent (what a graceful shutdown waits for). */
  inFlight: Gauge;
  rowsScored: Counter<'route'>;
  anomalies: Counter<'entity'>;
  webhook: Counter<'outcome'>;
  referenceOk: Gauge;
  /** Requests Node's HTTP parser refused before any route saw them, by error code. */
  clientErrors: Counter<'code'>;
  /** Counts an alerting row of an entity (capped label set, see {@link MAX_ENTITY_LABELS}). */
  countAnomaly(entity: string): void;
}

/**
 * Creates the metrics: requests and latency per route, rows scored, anomalies per entity, webhook
 * outcomes, drift PSI per metric (read from the monitor at scrape time), stream entities, the model id,
 * and Node's process metrics.
 */
export function createMetrics(options: {
  modelId: string;
  detector: string;
  drift: DriftMonitor | null;
  entities: () => number;
  /** Entities forgotten so far to stay within the cap. */
  evictions?: () => number;
  budget?: EntityBudget;
  defaultMetrics?: boolean;
}): ServerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'awb_' });
  const requests = new Counter({
    name: 'awb_http_requests_total',
    help: 'HTTP requests by route, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'awb_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route.',
    labelNames: ['route'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'awb_http_requests_in_flight',
    help: 'Requests received and not yet answered.',
    registers: [registry],
  });
  const rowsScored = new Counter({
    name: 'awb_rows_scored_total',
    help: 'Rows scored, by route.',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const anomalies = new Counter({
    name: 'awb_anomalies_total',
    help: `Alerting rows from /predict, by entity (the first ${MAX_ENTITY_LABELS} entities; later ones as _other).`,
    labelNames: ['entity'] as const,
    registers: [registry],
  });
  const webhook = new Counter({
    name: 'awb_webhook_messages_total',
    help: 'Alert webhook messages by outcome: sent, failed, suppressed (rate limit).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const clientErrors = new Counter({
    name: 'awb_http_client_errors_total',
    help: 'Requests refused before routing (malformed request line or headers, lying lengths, request timeouts), by Node error code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const referenceOk = new Gauge({
    name: 'awb_reference_ok',
    help: "1 when the bundle's reference rows reproduced at the last health check, else 0.",
    registers: [registry],
  });
  referenceOk.set(1);
  const drift = options.drift;
  new Gauge({
    name: 'awb_drift_psi',
    help: 'Population stability index of recent /predict rows against the training bins, per metric (absent until enough rows).',
    labelNames: ['metric'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const d of drift?.status() ?? []) if (d.psi !== null) this.set({ metric: d.metric }, d.psi);
    },
  });
  new Gauge({
    name: 'awb_drift_warning',
    help: '1 when a metric drifted (PSI above 0.2), else 0.',
    labelNames: ['metric'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const d of drift?.status() ?? []) this.set({ metric: d.metric }, d.warning ? 1 : 0);
    },
  });
  const entities = options.entities;
  new Gauge({
    name: 'awb_stream_entities',
    help: 'Entities with stream state in this server.',
    registers: [registry],
    collect() {
      this.set(entities());
    },
  });
  const budget = options.budget;
  if (budget) {
    new Gauge({
      name: 'awb_stream_entities_max',
      help: 'The entity cap: beyond it the least recently seen entity is forgotten (from --max-entities and --max-stream-memory).',
      registers: [registry],
    }).set(budget.maxEntities);
    new Gauge({
      name: 'awb_stream_entity_bytes',
      help: "Estimated memory of one entity's stream state, bytes.",
      registers: [registry],
    }).set(budget.bytesPerEntity);
  }
  const evictions = options.evictions;
  if (evictions) {
    new Counter({
      name: 'awb_stream_evictions_total',
      help: 'Entities forgotten (least recently seen first) to stay within the cap.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(evictions());
      },
    });
  }
  new Gauge({
    name: 'awb_model_info',
    help: 'The model served: its id (SHA-256 of the bundle body) and detector.',
    labelNames: ['model_id', 'detector'] as const,
    registers: [registry],
  }).set({ model_id: options.modelId, detector: options.detector }, 1);

  const labelled = new Set<string>();
  return {
    registry,
    requests,
    latency,
    inFlight,
    rowsScored,
    anomalies,
    webhook,
    referenceOk,
    clientErrors,
    countAnomaly(entity: string) {
      if (!labelled.has(entity) && labelled.size < MAX_ENTITY_LABELS) labelled.add(entity);
      anomalies.inc({ entity: labelled.has(entity) ? entity : '_other' });
    },
  };
}
