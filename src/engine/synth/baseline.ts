import type { Random } from '../util/random';
import type { Noise } from './noise';
import type { InstanceProfile } from './profiles';

const MS_PER_DAY = 86_400_000;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Business-hours shape of a day, in [0, 1] by local hour: a ramp from about 8:00, a plateau from
 * 9:00 to 18:00 with a small lunch dip, and a taper into the evening.
 */
export function businessCurve(hour: number): number {
  const day = sigmoid((hour - 8.6) / 0.55) * sigmoid((18.3 - hour) / 0.8);
  const lunch = 0.08 * Math.exp(-(((hour - 12.6) / 0.6) ** 2));
  return Math.max(0, day - lunch);
}

/** Evening (consumer traffic) bump around 20:30, in [0, 1]. */
export function eveningCurve(hour: number): number {
  return Math.exp(-(((hour - 20.5) / 1.6) ** 2));
}

/** Day of week of a UTC epoch time: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(ms: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((Math.floor(ms / MS_PER_DAY) + 4) % 7) + 7) % 7;
}

/** Hour of day in [0, 24) of a UTC epoch time. */
export function hourOfDay(ms: number): number {
  const r = ms % MS_PER_DAY;
  return ((r < 0 ? r + MS_PER_DAY : r) / 3_600_000) % 24;
}

/** Relative weekday traffic: Friday a bit lower, weekends scaled by the instance's factor. */
function weekdayFactor(dow: number, weekend: number): number {
  if (dow === 0 || dow === 6) return weekend;
  if (dow === 5) return 0.9;
  if (dow === 1) return 1.03;
  return 1;
}

/**
 * Fills `out` (one value per step) with the instance's load in [0, ~1.1]: night floor plus the
 * daily curve scaled by the day of week, a per-day amplitude and phase wobble, slow AR(1) drift
 * (phi ~ 0.97 per 5 min) and a nightly job window where the role has one.
 */
export function loadCurve(
  out: Float64Array,
  startMs: number,
  stepMinutes: number,
  profile: InstanceProfile,
  rng: Random,
  noise: Noise,
): void {
  const stepMs = stepMinutes * 60_000;
  const phi = Math.pow(0.97, stepMinutes / 5);
  const sd = 0.045 * Math.sqrt(1 - phi * phi);
  let drift = 0;
  let currentDay = Number.NaN;
  let dayAmp = 1;
  let dayShift = 0;
  const floor = profile.nightFloor;
  for (let t = 0; t < out.length; t++) {
    const ms = startMs + t * stepMs;
    const day = Math.floor(ms / MS_PER_DAY);
    if (day !== currentDay) {
      currentDay = day;
      dayAmp = 1 + rng.uniform(-0.12, 0.12);
      dayShift = rng.uniform(-20, 20);
    }
    const local = ms + (profile.phaseMinutes + dayShift) * 60_000;
    const hour = hourOfDay(local);
    const w = weekdayFactor(dayOfWeek(local), profile.weekendFactor);
    const shape = businessCurve(hour) + profile.eveningWeight * eveningCurve(hour);
    let load = floor + (1 - floor) * Math.min(1, shape) * w * dayAmp;
    const job = profile.nightlyJob;
    if (job && hour >= job.from && hour < job.to) {
      const edge = Math.min(hour - job.from, job.to - hour);
      load = Math.max(load, job.load * Math.min(1, edge / 0.3) * dayAmp);
    }
    drift = phi * drift + sd * noise.normal();
    out[t] = Math.max(0.01, load * (1 + drift) + 0.5 * drift * floor);
  }
}

/** Whether a UTC time falls in the instance's nightly backup window. */
export function inBackup(ms: number, profile: InstanceProfile): boolean {
  const b = profile.backup;
  if (!b) return false;
  const h = hourOfDay(ms);
  return h >= b.hour && h < b.hour + b.minutes / 60;
}
