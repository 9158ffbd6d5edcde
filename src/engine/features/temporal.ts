import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { lookback } from '../util/lookback';

/** Parameters of the calendar features. */
export interface TemporalParams {
  /** Offset of local time from UTC in minutes (for example 60 for UTC+1); no daylight saving. */
  utcOffsetMinutes: number;
  /** Business hours `[start, end)` in whole local hours, 0 <= start < end <= 24. */
  businessHours: [number, number];
  /** Business days as local days of the week, 0 = Sunday ... 6 = Saturday. */
  businessDays: number[];
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const TAU = 2 * Math.PI;
/** Real-world offsets run from UTC-12:00 to UTC+14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

const DETAILS = [
  'hour',
  'minute_of_day',
  'dow',
  'weekend',
  'business_hours',
  'hour_sin',
  'hour_cos',
  'dow_sin',
  'dow_cos',
  'how_sin',
  'how_cos',
] as const;

const KNOWN = ['utcOffsetMinutes', 'businessHours', 'businessDays'];

function field(name: string): string {
  return `families.temporal.${name}`;
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function parseTemporal(raw: Record<string, unknown>): TemporalParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key))
      throw new FeatureConfigError(field(key), `unknown parameter (known: ${KNOWN.join(', ')})`);
  }
  const merged = { ...temporalFamily.defaults, ...raw } as Record<string, unknown>;

  const offset = merged.utcOffsetMinutes;
  if (!isInteger(offset) || Math.abs(offset) > MAX_OFFSET_MINUTES) {
    throw new FeatureConfigError(
      field('utcOffsetMinutes'),
      `must be a whole number of minutes between ${-MAX_OFFSET_MINUTES} and ${MAX_OFFSET_MINUTES}`,
    );
  }

  const hours = merged.businessHours;
  if (
    !Array.isArray(hours) ||
    hours.length !== 2 ||
    !isInteger(hours[0]) ||
    !isInteger(hours[1]) ||
    hours[0] < 0 ||
    hours[1] > 24 ||
    hours[0] >= hours[1]
  ) {
    throw new FeatureConfigError(
      field('businessHours'),
      'must be [start, end] in whole hours with 0 <= start < end <= 24',
    );
  }

  const days = merged.businessDays;
  if (!Array.isArray(days))
    throw new FeatureConfigError(field('businessDays'), 'must be a list of days 0..6');
  const seen = new Set<number>();
  for (const d of days) {
    if (!isInteger(d) || d < 0 || d > 6) {
      throw new FeatureConfigError(
        field('businessDays'),
        `${JSON.stringify(d)} is not a day of the week (0 = Sunday ... 6 = Saturday)`,
      );
    }
    if (seen.has(d)) throw new FeatureConfigError(field('businessDays'), `${d} appears twice`);
    seen.add(d);
  }

  return {
    utcOffsetMinutes: offset,
    businessHours: [hours[0] as number, hours[1] as number],
    businessDays: [...(days as number[])],
  };
}

function createTemporal(ctx: FeatureContext, params: TemporalParams): FamilyState {
  if (ctx.stepMs === null) return { push() {} };
  const offsetMs = params.utcOffsetMinutes * MINUTE;
  const [start, end] = params.businessHours;
  const businessDay = new Uint8Array(7);
  for (const d of params.businessDays) businessDay[d] = 1;

  return {
    push(_values, t, out, offset) {
      if (!Number.isFinite(t)) {
        out.fill(0, offset, offset + DETAILS.length);
        return;
      }
      const local = t + offsetMs;
      let day = Math.floor(local / DAY);
      let ms = local - day * DAY;
      // The quotient can round across a day boundary for fractional times; keep 0 <= ms < DAY.
      if (ms < 0) {
        ms += DAY;
        day--;
      } else if (ms >= DAY) {
        ms -= DAY;
        day++;
      }
      // 1970-01-01 was a Thursday (4).
      const dow = (((day + 4) % 7) + 7) % 7;
      const hour = Math.min(23, Math.floor(ms / HOUR));
      const isBusinessDay = businessDay[dow] === 1;
      const dayAngle = (TAU * ms) / DAY;
      const dowAngle = (TAU * dow) / 7;
      const weekAngle = (TAU * (dow * DAY + ms)) / WEEK;

      out[offset] = hour;
      out[offset + 1] = Math.min(1439, Math.floor(ms / MINUTE));
      out[offset + 2] = dow;
      out[offset + 3] = isBusinessDay ? 0 : 1;
      out[offset + 4] = isBusinessDay && hour >= start && hour < end ? 1 : 0;
      out[offset + 5] = Math.sin(dayAngle);
      out[offset + 6] = Math.cos(dayAngle);
      out[offset + 7] = Math.sin(dowAngle);
      out[offset + 8] = Math.cos(dowAngle);
      out[offset + 9] = Math.sin(weekAngle);
      out[offset + 10] = Math.cos(weekAngle);
    },
  };
}

/**
 * Calendar and time-of-day features of the row's time, in local time (UTC plus `utcOffsetMinutes`,
 * a fixed offset without daylight saving). Source `time`; no features without a time column.
 *
 * - `hour` (0..23), `minute_of_day` (0..1439), `dow` (day of week, 0 = Sunday ... 6 = Saturday).
 * - `weekend`: 1 on a day that is not in `businessDays` (Saturday and Sunday by default), else 0.
 * - `business_hours`: 1 on a business day with `start <= hour < end`, else 0.
 * - `hour_sin`, `hour_cos`: the fractional hour of the day (minutes and seconds included) on a 24 h circle.
 * - `dow_sin`, `dow_cos`: the whole day of the week on a 7-day circle (constant within a day, so
 *   Saturday and Sunday sit next to each other); a fractional day here would duplicate `how_*` exactly.
 * - `how_sin`, `how_cos`: the fractional hour of the week (0 = Sunday 00:00) on a 168 h circle.
 *
 * A row without a time (`t` NaN) gets 0 for every feature. Stateless: the same time always gives the
 * same features.
 */
export const temporalFamily: FeatureFamily<TemporalParams> = {
  name: 'temporal',
  title: 'Calendar and time of day',
  description:
    'Hour, day of week, weekend and business-hours flags, and cyclic encodings of the time of day and week.',
  defaults: { utcOffsetMinutes: 0, businessHours: [9, 17], businessDays: [1, 2, 3, 4, 5] },
  parse: parseTemporal,
  names: (ctx) => (ctx.stepMs === null ? [] : DETAILS.map((d) => `time__temporal__${d}`)),
  lookback: () => lookback(0),
  create: createTemporal,
};
