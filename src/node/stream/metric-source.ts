import type { BadMessage, MetricMessage } from './message';

/** What a partition holds back: messages not delivered yet, and delivered but not acknowledged. */
export interface Backlog {
  partition: number;
  /** Messages the group has not read yet; null when the source cannot tell. */
  lag: number | null;
  /** Messages delivered to a consumer and not acknowledged. */
  pending: number;
}

/**
 * Where metric rows come from: partitioned, read by a consumer group with at-least-once delivery.
 * Scoring sees only this interface (Redis Streams now; a Kafka source would implement the same calls
 * with consumer-group offsets, `seek` for the history and committed offsets for acknowledgements).
 */
export interface MetricSource {
  /** The number of partitions. */
  readonly partitions: number;
  /** Creates the consumer group on every partition where it is missing (idempotent). */
  prepare(): Promise<void>;
  /**
   * New messages of the given partitions, at most `count`, waiting up to `blockMs` for the first one.
   * Each is delivered to this consumer only, and stays pending until acknowledged.
   */
  read(
    partitions: readonly number[],
    count: number,
    blockMs: number,
  ): Promise<(MetricMessage | BadMessage)[]>;
  /**
   * Messages of a partition delivered (to any consumer of the group) more than `minIdleMs` ago and not
   * acknowledged: a dead consumer's. They are delivered to this consumer now.
   */
  claim(partition: number, minIdleMs: number, count: number): Promise<(MetricMessage | BadMessage)[]>;
  /** Acknowledges messages whose results are written: they are not delivered again. */
  ack(messages: readonly { partition: number; id: string }[]): Promise<void>;
  /**
   * Reads a partition backwards from just before `beforeId`, giving each readable message to `visit`
   * until it returns false, the partition's oldest message, or `maxScan` messages.
   *
   * @returns how many messages were read, and whether the oldest one was reached.
   */
  history(
    partition: number,
    beforeId: string,
    visit: (m: MetricMessage) => boolean,
    maxScan: number,
  ): Promise<{ scanned: number; reachedStart: boolean }>;
  /** Lag and pending messages of a partition. */
  backlog(partition: number): Promise<Backlog>;
  close(): Promise<void>;
}

/** One result, written before its input message is acknowledged. */
export interface StreamOutput {
  partition: number;
  /** The input message id: results of a redelivered message repeat it, so duplicates can be dropped. */
  id: string;
  entity: string | null;
  seq: number | null;
  /** Row time, epoch ms (NaN without a time column). */
  time: number;
  score: number | null;
  alert: boolean;
  incidentStart: boolean;
  /** Why the row could not be scored (then score is null). */
  error?: string;
}

/** Where results go. */
export interface ResultSink {
  /** Writes results; resolves once they are stored (acknowledgements come after). */
  write(outputs: readonly StreamOutput[]): Promise<void>;
}

/**
 * Which partitions this consumer owns now. Consumers come and go; every live consumer must agree on
 * the same assignment (Redis: leases and a deterministic split; Kafka: the group's rebalance).
 */
export interface Membership {
  /** Renews this consumer's lease and returns its partitions and the live consumers (sorted by name). */
  heartbeat(): Promise<{ partitions: number[]; consumers: string[] }>;
  /** Gives the partitions up at once (a graceful stop), so others take them over without waiting. */
  leave(): Promise<void>;
}
