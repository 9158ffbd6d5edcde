/**
 * Stream names and the partition of an entity. One partition is one input stream (`metrics.<p>`) with
 * its results stream (`scores.<p>`) and the producers' sequence numbers (`metrics.<p>.seq`); every row
 * of an entity goes to the same partition, so one consumer at a time holds that entity's state.
 */

/** Partitions when neither Redis nor the command line says otherwise. */
export const DEFAULT_PARTITIONS = 8;

/** The key holding the partition count, written once by the first producer or consumer. */
export const PARTITIONS_KEY = 'metrics.partitions';

/** The stream every alerting row is also written to. */
export const ALERTS_KEY = 'alerts';

/** The input stream of partition `p`. */
export const metricsKey = (p: number): string => `metrics.${p}`;

/** The hash of entity -> last sequence number written to partition `p` (producers' idempotence). */
export const seqKey = (p: number): string => `metrics.${p}.seq`;

/** The results stream of partition `p`. */
export const scoresKey = (p: number): string => `scores.${p}`;

/** The sorted set of a group's live consumers (score = lease expiry, Redis server time in ms). */
export const membersKey = (group: string): string => `consumers.${group}`;

const encoder = new TextEncoder();

/**
 * The 32-bit FNV-1a hash of the entity's UTF-8 bytes (offset basis 2166136261, prime 16777619),
 * unsigned. Stable across processes, machines and languages: `fnv1a32("i-001")` is the same number in
 * any FNV-1a implementation, so producers written in other languages can partition the same way.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The partition of an entity: FNV-1a (32-bit) of its id, modulo the partition count. */
export function partitionOf(entity: string, partitions: number): number {
  return fnv1a32(entity) % partitions;
}

/** Checks a partition count from a flag or from Redis (an integer from 1 to 1024). */
export function checkPartitions(n: number, where: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new Error(`${where}: partitions must be an integer from 1 to 1024, got ${JSON.stringify(n)}`);
  }
  return n;
}
