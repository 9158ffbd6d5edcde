/**
 * Daily and weekly patterns of one metric: hour-of-day and day-of-week profiles, the hour-of-week
 * heatmap, and the weekend contrast. Hours and days are UTC (times are epoch ms); to profile another
 * time zone, add its offset to the times first. Rows whose time or value is not finite are skipped.
 * Standard deviations are sample ones (ddof 1, as pandas), NaN with fewer than 2 values.
 */
import { quantilesInPlace } from './box-stats';

/** One hour of the day (UTC). */
export interface HourRow {
  hour: number;
  mean: number;
  std: number;
  /** 10th and 90th percentiles (numpy linear), the band around the mean. */
  p10: number;
  p90: number;
  n: number;
}

/** Hour-of-day profile. */
export interface HourlyProfile {
  /** 24 rows, hour 0 to 23. */
  rows: HourRow[];
  /** Hour with the highest / lowest mean (NaN when there is no data). */
  peakHour: number;
  troughHour: number;
  /** Highest minus lowest hourly mean. */
  amplitude: number;
}

/** One day of the week. */
export interface DayRow {
  /** 0 = Monday ... 6 = Sunday (ISO order). */
  day: number;
  name: 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
  mean: number;
  std: number;
  n: number;
}

/** Day-of-week profile. */
export interface WeekdayProfile {
  /** 7 rows, Monday first. */
  rows: DayRow[];
  /** Day (0 = Monday) with the highest / lowest mean (NaN when there is no data). */
  peakDay: number;
  troughDay: number;
}

/** Weekend (Saturday, Sunday) against weekdays. */
export interface WeekendContrast {
  weekdayMean: number;
  weekendMean: number;
  /** weekendMean / weekdayMean (0.65 reads "the weekend mean is 35% lower"); NaN if undefined. */
  ratio: number;
  weekdayN: number;
  weekendN: number;
}

/** Everything a seasonality cell shows and reads out. */
export interface SeasonalProfile {
  hourly: HourlyProfile;
  /** Hour-of-day profile of weekdays only (Monday to Friday). */
  hourlyWeekdays: HourlyProfile;
  weekday: WeekdayProfile;
  /** 168 means, index `day * 24 + hour` (Monday 00:00 first); NaN where there is no data. */
  hourOfWeek: Float64Array;
  weekend: WeekendContrast;
  /**
   * Hour (UTC) with the highest mean on weekdays, or over all days when there are no weekday rows:
   * "cpu_pct peaks around 14:00 on weekdays". NaN when there is no data.
   */
  peakHour: number;
  /** Whether `peakHour` comes from weekdays only. */
  peakOnWeekdays: boolean;
  /** Rows used. */
  n: number;
}

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const HOUR_MS = 3_600_000;
const NONE = 255;

/**
 * Hour-of-week slot of every time stamp, `day * 24 + hour` (day 0 = Monday, UTC), 255 where the time
 * is not finite. Compute it once and pass it to {@link seasonalProfile} to profile many metrics that
 * share a time column.
 */
export function hourOfWeekIndex(times: ArrayLike<number>): Uint8Array {
  const n = times.length;
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (!Number.isFinite(t)) {
      b[i] = NONE;
      continue;
    }
    // 1970-01-01 was a Thursday (hour 72 of a week starting Monday); % is negative before 1970.
    const how = (Math.floor(t / HOUR_MS) + 72) % 168;
    b[i] = how < 0 ? how + 168 : how;
  }
  return b;
}

/**
 * Per hour-of-week slot `k = day * 24 + hour`: count and sum; plus the values grouped by
 * `g = hour * 7 + day`, so that each hour's values, and its weekday values (days 0-4 first), are
 * contiguous for the percentiles and standard deviations are exact two-pass sums over the groups.
 */
interface Aggregate {
  n: Float64Array;
  sum: Float64Array;
  /** Smallest and largest value per slot (the percentiles' histograms need no pass to find them). */
  min: Float64Array;
  max: Float64Array;
  /** Values grouped by `hour * 7 + day`. */
  grouped: Float64Array;
  /** Start of each `hour * 7 + day` group in `grouped` (169 entries). */
  start: Float64Array;
  total: number;
}

function aggregate(times: ArrayLike<number>, values: ArrayLike<number>, index?: Uint8Array): Aggregate {
  if (times.length !== values.length) {
    throw new RangeError(
      `seasonal profile: times has ${times.length} values but values has ${values.length}`,
    );
  }
  const slot = index ?? hourOfWeekIndex(times);
  if (slot.length !== values.length) {
    throw new RangeError(`seasonal profile: index has ${slot.length} rows but values has ${values.length}`);
  }
  // Without a missing value, each slot's size is its count of rows: one pass does it all. Else the
  // sizes are counted first.
  return aggregateComplete(slot, values) ?? aggregateCounted(slot, values);
}

/** The time stamps per hour-of-week slot (`NONE` left out), kept per index: metrics share one. */
const slotRows = new WeakMap<Uint8Array, Float64Array>();

function rowsPerSlot(slot: Uint8Array): Float64Array {
  let rows = slotRows.get(slot);
  if (!rows) {
    rows = new Float64Array(168);
    for (let i = 0; i < slot.length; i++) if (slot[i] !== NONE) rows[slot[i]]++;
    slotRows.set(slot, rows);
  }
  return rows;
}

/** Where each `hour * 7 + day` group starts (169 entries) and each slot's first free place, from the slots' sizes. */
function groupStarts(n: Float64Array): { start: Float64Array; fill: Float64Array } {
  const start = new Float64Array(169);
  for (let g = 0; g < 168; g++) start[g + 1] = start[g] + n[(g % 7) * 24 + ((g / 7) | 0)];
  const fill = new Float64Array(168);
  for (let k = 0; k < 168; k++) fill[k] = start[(k % 24) * 7 + ((k / 24) | 0)];
  return { start, fill };
}

/** {@link aggregate} in one pass, or null as soon as a value with a time is not finite. */
function aggregateComplete(slot: Uint8Array, values: ArrayLike<number>): Aggregate | null {
  const sizes = rowsPerSlot(slot);
  const { start, fill } = groupStarts(sizes);
  const total = start[168];
  const n = new Float64Array(168);
  const sum = new Float64Array(168);
  const min = new Float64Array(168).fill(Infinity);
  const max = new Float64Array(168).fill(-Infinity);
  const grouped = new Float64Array(total);
  const m = values.length;
  for (let i = 0; i < m; i++) {
    const k = slot[i];
    if (k === NONE) continue;
    const v = values[i];
    // v - v is 0 for finite v, NaN for NaN and infinities.
    if (v - v !== 0) return null;
    n[k]++;
    sum[k] += v;
    if (v < min[k]) min[k] = v;
    if (v > max[k]) max[k] = v;
    grouped[fill[k]++] = v;
  }
  return { n, sum, min, max, grouped, start, total };
}

function aggregateCounted(slot: Uint8Array, values: ArrayLike<number>): Aggregate {
  const m = values.length;
  const n = new Float64Array(168);
  const sum = new Float64Array(168);
  const min = new Float64Array(168).fill(Infinity);
  const max = new Float64Array(168).fill(-Infinity);
  for (let i = 0; i < m; i++) {
    const k = slot[i];
    const v = values[i];
    if (k === NONE || v - v !== 0) continue;
    n[k]++;
    sum[k] += v;
    if (v < min[k]) min[k] = v;
    if (v > max[k]) max[k] = v;
  }
  let total = 0;
  for (let k = 0; k < 168; k++) total += n[k];
  const { start, fill } = groupStarts(n);
  const grouped = new Float64Array(total);
  for (let i = 0; i < m; i++) {
    const k = slot[i];
    const v = values[i];
    if (k === NONE || v - v !== 0) continue;
    grouped[fill[k]++] = v;
  }
  return { n, sum, min, max, grouped, start, total };
}

/**
 * Count, mean and sample std (two-pass, exact) of the union of the given (day, hour) slots. Reads the
 * grouped values, so call it before the percentiles reorder them.
 */
function pool(a: Aggregate, slots: readonly number[]): { n: number; mean: number; std: number } {
  let n = 0;
  let sum = 0;
  for (const k of slots) {
    n += a.n[k];
    sum += a.sum[k];
  }
  if (n === 0) return { n: 0, mean: NaN, std: NaN };
  const mean = sum / n;
  let ss = 0;
  for (const k of slots) {
    const g = (k % 24) * 7 + ((k / 24) | 0);
    const to = a.start[g + 1];
    for (let i = a.start[g]; i < to; i++) {
      const d = a.grouped[i] - mean;
      ss += d * d;
    }
  }
  return { n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k += step) out.push(k);
  return out;
}

function argExtremes(means: readonly number[]): { peak: number; trough: number } {
  let peak = NaN;
  let trough = NaN;
  for (let k = 0; k < means.length; k++) {
    const m = means[k];
    if (Number.isNaN(m)) continue;
    if (Number.isNaN(peak) || m > means[peak]) peak = k;
    if (Number.isNaN(trough) || m < means[trough]) trough = k;
  }
  return { peak, trough };
}

/**
 * Hourly rows over days [0, lastDay) or the weekend. Percentiles reorder each hour's values within
 * its day groups, so every {@link pool} over days must come first (see {@link seasonalProfile}).
 */
function hourlyOf(a: Aggregate, days: 'all' | 'weekdays' | 'weekends'): HourlyProfile {
  const dayList = days === 'weekends' ? [5, 6] : days === 'weekdays' ? [0, 1, 2, 3, 4] : range(0, 7);
  const rows: HourRow[] = [];
  for (let h = 0; h < 24; h++) {
    const { n, mean, std } = pool(
      a,
      dayList.map((d) => d * 24 + h),
    );
    // The chosen days of hour h are contiguous groups h * 7 + day.
    const from = a.start[h * 7 + dayList[0]];
    const to = a.start[h * 7 + dayList[dayList.length - 1] + 1];
    let min = Infinity;
    let max = -Infinity;
    for (const d of dayList) {
      min = Math.min(min, a.min[d * 24 + h]);
      max = Math.max(max, a.max[d * 24 + h]);
    }
    const [p10, p90] = quantilesInPlace(a.grouped.subarray(from, to), [0.1, 0.9], { min, max });
    rows.push({ hour: h, mean, std, p10, p90, n });
  }
  const means = rows.map((r) => r.mean);
  const { peak, trough } = argExtremes(means);
  const amplitude = Number.isNaN(peak) ? NaN : means[peak] - means[trough];
  return { rows, peakHour: peak, troughHour: trough, amplitude };
}

function weekdayOf(a: Aggregate): WeekdayProfile {
  const rows: DayRow[] = DAY_NAMES.map((name, d) => ({
    day: d,
    name,
    ...pool(a, range(d * 24, d * 24 + 24)),
  }));
  const { peak, trough } = argExtremes(rows.map((r) => r.mean));
  return { rows, peakDay: peak, troughDay: trough };
}

function hourOfWeekOf(a: Aggregate): Float64Array {
  const out = new Float64Array(168);
  for (let k = 0; k < 168; k++) out[k] = a.n[k] > 0 ? a.sum[k] / a.n[k] : NaN;
  return out;
}

function contrastOf(a: Aggregate): WeekendContrast {
  let wdN = 0;
  let wdSum = 0;
  let weN = 0;
  let weSum = 0;
  for (let k = 0; k < 168; k++) {
    if (k < 120) {
      wdN += a.n[k];
      wdSum += a.sum[k];
    } else {
      weN += a.n[k];
      weSum += a.sum[k];
    }
  }
  const weekdayMean = wdN > 0 ? wdSum / wdN : NaN;
  const weekendMean = weN > 0 ? weSum / weN : NaN;
  const ratio = weekdayMean !== 0 ? weekendMean / weekdayMean : NaN;
  return { weekdayMean, weekendMean, ratio, weekdayN: wdN, weekendN: weN };
}

/**
 * Hour-of-day profile (UTC): mean, standard deviation, 10th/90th percentiles and count per hour,
 * with the peak and trough hours. `days` restricts it to weekdays (Mon-Fri) or weekends.
 */
export function hourlyProfile(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: { days?: 'all' | 'weekdays' | 'weekends' } = {},
): HourlyProfile {
  const days = options.days ?? 'all';
  return hourlyOf(aggregate(times, values), days);
}

/** Day-of-week profile (UTC days, Monday first): mean, standard deviation and count per day. */
export function weekdayProfile(times: ArrayLike<number>, values: ArrayLike<number>): WeekdayProfile {
  return weekdayOf(aggregate(times, values));
}

/** The 168 hour-of-week means, index `day * 24 + hour` (Monday 00:00 UTC first); NaN where empty. */
export function hourOfWeek(times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  return hourOfWeekOf(aggregate(times, values));
}

/** Mean on weekends (Saturday and Sunday, UTC) against the mean on weekdays. */
export function weekendContrast(times: ArrayLike<number>, values: ArrayLike<number>): WeekendContrast {
  return contrastOf(aggregate(times, values));
}

/**
 * Every profile of one metric at once: two passes over the rows (counts and sums per hour of the
 * week, then the values grouped by hour and day), then sequential passes over the groups for the
 * standard deviations and a selection per hour for the percentiles.
 *
 * @param index optional {@link hourOfWeekIndex} of `times`, shared between metrics
 */
export function seasonalProfile(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  index?: Uint8Array,
): SeasonalProfile {
  const a = aggregate(times, values, index);
  // Order matters: the day-of-week pools read the grouped values before the hourly percentiles
  // reorder them; weekday hours before all-day hours (see hourlyOf).
  const weekday = weekdayOf(a);
  const hourlyWeekdays = hourlyOf(a, 'weekdays');
  const hourly = hourlyOf(a, 'all');
  const weekend = contrastOf(a);
  const peakOnWeekdays = weekend.weekdayN > 0;
  return {
    hourly,
    hourlyWeekdays,
    weekday,
    hourOfWeek: hourOfWeekOf(a),
    weekend,
    peakHour: peakOnWeekdays ? hourlyWeekdays.peakHour : hourly.peakHour,
    peakOnWeekdays,
    n: a.total,
  };
}
