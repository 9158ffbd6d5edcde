import { checkInt } from '../detectors/params';

/**
 * When an online learner fits its detector, per entity (rows counted from the entity's first row):
 * - 'stream' learners (rcf with streamed updates, robust-z) fit once, at row `warmup`, on the rows before
 *   it, and learn as they go from there (their own bounded streams);
 * - 'batch' learners (iforest, kmeans, lstm-ae) fit at row `warmup`, then each time the row count
 *   doubles while in the probationary period, at its end, and every `refitEvery` rows after it, each
 *   time on the latest `trainWindow` rows before that row (`refitEvery` 0: never after probation).
 * Rows before the first fit score 0. A fit at row r sees rows < r only, and row r is scored by the model
 * fitted at the latest fit point <= r.
 */
export interface ScheduleParams {
  /** Row of the first fit (capped at the probationary period's end, at least 1). */
  warmup: number;
  /** Rows between refits after the probationary period (batch learners); 0 = never. */
  refitEvery: number;
  /** Rows a (re)fit learns from: the latest ones (batch learners). */
  trainWindow: number;
}

const TYPE = 'schedule';

/** Fills `defaults` with `raw` and validates, with errors naming the field. */
export function resolveSchedule(defaults: ScheduleParams, raw: unknown): ScheduleParams {
  if (raw === undefined) return { ...defaults };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${TYPE}: expected an object such as {"refitEvery": 500}, got ${JSON.stringify(raw)}`);
  }
  const p: ScheduleParams = { ...defaults };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(k in defaults)) {
      throw new Error(`${TYPE}: unknown field '${k}' (known: ${Object.keys(defaults).join(', ')})`);
    }
    if (typeof v !== 'number') throw new Error(`${TYPE}: '${k}' must be a number, got ${JSON.stringify(v)}`);
    p[k as keyof ScheduleParams] = v;
  }
  checkInt(TYPE, 'warmup', p.warmup, 1, 1_000_000);
  checkInt(TYPE, 'refitEvery', p.refitEvery, 0, 10_000_000);
  checkInt(TYPE, 'trainWindow', p.trainWindow, 2, 10_000_000);
  return p;
}

/** The first fit row of an entity whose probationary period is `probationRows` long. */
export function firstFitRow(schedule: ScheduleParams, probationRows: number): number {
  return Math.max(1, Math.min(schedule.warmup, probationRows || schedule.warmup));
}

/**
 * Whether a batch learner fits before scoring row `row` (0-based, within its entity).
 */
export function isBatchFitRow(schedule: ScheduleParams, probationRows: number, row: number): boolean {
  const first = firstFitRow(schedule, probationRows);
  if (row < first) return false;
  if (row === first || row === probationRows) return true;
  if (row < probationRows) {
    // Doublings of the first fit row: first * 2^k.
    const ratio = row / first;
    return Number.isInteger(ratio) && (ratio & (ratio - 1)) === 0;
  }
  const every = schedule.refitEvery;
  const base = Math.max(first, probationRows);
  return every > 0 && row > base && (row - base) % every === 0;
}
