import type { EntityBudget, StreamScorer } from '../../engine/serving/index';
import type { LoadedModel } from './model';
import type { ServerMetrics } from './prometheus';
import type { AlertWebhook } from './webhook';

/** Request limits of the server. */
export interface ServerLimits {
  /** Largest /predict body, bytes. */
  predictBodyLimit: number;
  /** Largest /batch_predict body, bytes. */
  batchBodyLimit: number;
  /** Most rows in one /batch_predict. */
  maxBatchRows: number;
  /** Time a request may take to arrive in full (head and body), ms; then it is answered 408. */
  requestTimeoutMs: number;
}

/**
 * Default limits: a row is well under 64 KiB; 100,000 rows of about 200 bytes fit in 32 MiB; a minute
 * to send a request (32 MiB at 4.5 Mbit/s), so that a client that never finishes cannot hold a
 * connection for ever.
 */
export const DEFAULT_LIMITS: ServerLimits = {
  predictBodyLimit: 64 * 1024,
  batchBodyLimit: 32 * 1024 * 1024,
  maxBatchRows: 100_000,
  requestTimeoutMs: 60_000,
};

/** What the routes share: the model, the per-entity stream state, the metrics and the webhook. */
export interface ServerContext {
  model: LoadedModel;
  scorer: StreamScorer;
  /** The entity cap of the scorer, and how it follows from the memory budget. */
  budget: EntityBudget;
  metrics: ServerMetrics;
  webhook: AlertWebhook | null;
  limits: ServerLimits;
  /** performance.now() when the server was built. */
  startedAt: number;
}
