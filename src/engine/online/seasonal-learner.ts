import { COMBINE_RULES, type CombineRule } from '../detectors/baseline/combine';
import { LOCAL_SCALE_FLOOR, MAD_TO_SIGMA, sortedMedian } from '../detectors/baseline/robust-stats';
import { sortedMad } from '../detectors/baseline/window-mad';
import { checkInt, resolveParams } from '../detectors/params';
import { SortedWindow } from '../features/window/sorted-window';
import type { OnlineLearner } from './learner';

/** The cycle a seasonal slot repeats over, when rows have times. */
export type SeasonalCycle = 'day' | 'week';

/** Online seasonal baseline parameters. */
export interface SeasonalOnlineParams {
  /** Slot length in minutes (rows with times); the cycle must be a whole number of slots. */
  slotMinutes: number;
  cycle: SeasonalCycle;
  /** Rows without times: the period in rows, one slot per position. */
  period: number;
  /** Latest values per slot (and metric) forming the slot's baseline. */
  slotHistory: number;
  /** Below this many values a slot uses the recent baseline instead. */
  minSlotRows: number;
  /** Latest values (per metric) forming the recent baseline, and the scale floor. */
  window: number;
  /** Rows needed before anything is scored (0 until then). */
  minPeriods: number;
  combine: CombineRule;
}

export const SEASONAL_CYCLES: readonly SeasonalCycle[] = ['day', 'week'];

export const SEASONAL_ONLINE_DEFAULTS: Readonly<SeasonalOnlineParams> = Object.freeze({
  slotMinutes: 60,
  cycle: 'day',
  period: 288,
  slotHistory: 36,
  minSlotRows: 12,
  window: 288,
  minPeriods: 12,
  combine: 'mean',
});

const TYPE = 'seasonal';
const MINUTES = { day: 1440, week: 10080 } as const;

/** Fills defaults and validates, with errors naming the parameter. */
export function resolveSeasonalOnline(raw: Record<string, unknown> = {}): SeasonalOnlineParams {
  const p = resolveParams(
    TYPE,
    { ...SEASONAL_ONLINE_DEFAULTS },
    { cycle: SEASONAL_CYCLES, combine: COMBINE_RULES },
    raw,
  );
  checkInt(TYPE, 'slotMinutes', p.slotMinutes, 1, MINUTES[p.cycle]);
  if (MINUTES[p.cycle] % p.slotMinutes !== 0) {
    throw new Error(
      `${TYPE}: 'slotMinutes' (${p.slotMinutes}) must divide the ${p.cycle} (${MINUTES[p.cycle]} min)`,
    );
  }
  checkInt(TYPE, 'period', p.period, 2, 1_000_000);
  checkInt(TYPE, 'slotHistory', p.slotHistory, 1, 100_000);
  checkInt(TYPE, 'minSlotRows', p.minSlotRows, 1, p.slotHistory);
  checkInt(TYPE, 'window', p.window, 2, 100_000);
  checkInt(TYPE, 'minPeriods', p.minPeriods, 2, p.window);
  return p;
}

/**
 * An online seasonal baseline for one entity, learning as it goes: a row is compared with the median and
 * MAD (as a standard deviation) of the latest `slotHistory` values its slot of the cycle had before
 * (the hour of the day by default, from the row's UTC time; without times, its position modulo
 * `period`), per metric, and the metrics' |z| combine by `combine`. Slots with fewer than
 * `minSlotRows` values use the latest `window` values instead; every scale is floored at 0.1 times the
 * recent window's (1 when that is 0 too, in units of the metric). Updates after scoring: a row never
 * sees itself. O(log) per row and metric.
 */
export class SeasonalLearner implements OnlineLearner {
  private readonly slots: (SortedWindow | undefined)[];
  private readonly recent: SortedWindow[];
  private readonly slotMs: number;
  private readonly slotCount: number;
  private position = 0;
  private seen = 0;

  constructor(
    private readonly p: SeasonalOnlineParams,
    private readonly cols: number,
  ) {
    this.slotMs = p.slotMinutes * 60_000;
    this.slotCount = Math.max(MINUTES[p.cycle] / p.slotMinutes, p.period);
    this.slots = new Array<SortedWindow | undefined>(this.slotCount * cols);
    this.recent = Array.from({ length: cols }, () => new SortedWindow(p.window));
  }

  push(x: ArrayLike<number>, t: number): number {
    const { p, cols } = this;
    let slot: number;
    if (Number.isFinite(t)) {
      const perCycle = MINUTES[p.cycle] / p.slotMinutes;
      // Epoch day 0 is a Thursday: shift by 3 days so a weekly cycle starts on Monday 00:00 UTC.
      const k = Math.floor((t + 3 * 86_400_000) / this.slotMs) % perCycle;
      slot = k < 0 ? k + perCycle : k;
    } else {
      slot = this.position;
      this.position = this.position + 1 === p.period ? 0 : this.position + 1;
    }
    const ready = this.seen >= p.minPeriods;
    let acc = 0;
    for (let j = 0; j < cols; j++) {
      const v = x[j];
      const recent = this.recent[j];
      const key = slot * cols + j;
      let win = this.slots[key];
      if (!win) win = this.slots[key] = new SortedWindow(p.slotHistory);
      if (ready) {
        const rs = recent.sortedBuffer();
        const rn = recent.count;
        const rMed = sortedMedian(rs, rn);
        let rScale = MAD_TO_SIGMA * sortedMad(rs, rn, rMed);
        if (!(rScale > 0)) rScale = 1;
        let m = rMed;
        let sc = rScale;
        if (win.count >= p.minSlotRows) {
          const s = win.sortedBuffer();
          m = sortedMedian(s, win.count);
          sc = MAD_TO_SIGMA * sortedMad(s, win.count, m);
        }
        const floor = LOCAL_SCALE_FLOOR * rScale;
        if (sc < floor) sc = floor;
        const z = Math.abs(v - m) / sc;
        acc = p.combine === 'max' ? Math.max(acc, z) : acc + z;
      }
      win.push(v);
      recent.push(v);
    }
    this.seen++;
    return p.combine === 'mean' ? acc / cols : acc;
  }
}
