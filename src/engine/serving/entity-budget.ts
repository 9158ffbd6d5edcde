import type { ReferenceRows } from '../bundle/format';
import type { FittedPipeline } from '../pipeline/fitted';
import type { ScoringRow } from './row-input';

/** Memory the stream state of all entities may take by default: 1 GiB. */
export const DEFAULT_STREAM_MEMORY_BYTES = 1024 ** 3;
/** Rows an entity takes before its state is measured: enough to fill the usual feature windows. */
export const WARM_ROWS = 512;

/** How many entities a server keeps, and why. */
export interface EntityBudget {
  /** Entities kept (least recently seen forgotten beyond). */
  maxEntities: number;
  /** Estimated bytes of one entity's state (see `StreamScorer.entityBytes`). */
  bytesPerEntity: number;
  /** The memory budget for all entities' state, bytes. */
  memoryBytes: number;
  /** Which bound sets `maxEntities`: the entity count asked for, or the memory budget. */
  limitedBy: 'max-entities' | 'memory';
}

/**
 * The entity cap: the count asked for, lowered so that the entities' state fits in `memoryBytes`
 * (at least one entity). A streaming Random Cut Forest keeps a copy of its forest per entity (tens of
 * megabytes), so a cap that suits raw features (a few hundred bytes each) would let a stream of new
 * entity ids take all memory.
 */
export function entityBudget(maxEntities: number, bytesPerEntity: number, memoryBytes: number): EntityBudget {
  const fit = Math.max(1, Math.floor(memoryBytes / Math.max(1, bytesPerEntity)));
  return fit < maxEntities
    ? { maxEntities: fit, bytesPerEntity, memoryBytes, limitedBy: 'memory' }
    : { maxEntities, bytesPerEntity, memoryBytes, limitedBy: 'max-entities' };
}

/** A bundle's reference rows as scoring rows (time in epoch ms, entity as text, metrics in pipeline order). */
export function referenceScoringRows(fitted: FittedPipeline, reference: ReferenceRows): ScoringRow[] {
  const { columns, rows } = reference;
  const s = fitted.spec.schema;
  const ti = s.time ? columns.indexOf(s.time) : -1;
  const ei = s.entity ? columns.indexOf(s.entity) : -1;
  const mi = fitted.spec.metrics.map((m) => columns.indexOf(m));
  return rows.map((r) => ({
    time: ti >= 0 ? Number(r[ti]) : NaN,
    entity: ei >= 0 ? String(r[ei]) : '',
    values: Float64Array.from(mi, (j) => (r[j] === null ? NaN : Number(r[j]))),
  }));
}

/**
 * `count` rows for one entity in time order, made by cycling through the reference rows with times a
 * training step apart: what an entity's state holds after a while, for measuring it.
 */
export function warmRows(fitted: FittedPipeline, reference: ReferenceRows, count = WARM_ROWS): ScoringRow[] {
  const base = referenceScoringRows(fitted, reference);
  if (base.length === 0) return [];
  const times = base.map((r) => r.time).filter((t) => Number.isFinite(t));
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i])
    .filter((g) => g > 0);
  const step = fitted.stepMs ?? (gaps.length > 0 ? gaps.sort((a, b) => a - b)[gaps.length >> 1] : 60_000);
  const start = times.length > 0 ? times[0] : 0;
  return Array.from({ length: count }, (_, k) => ({
    time: start + k * step,
    entity: 'warm-up',
    values: base[k % base.length].values,
  }));
}
