import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hourlyProfile,
  hourOfWeek,
  hourOfWeekIndex,
  seasonalProfile,
  weekdayProfile,
  weekendContrast,
} from '../../../src/engine/eda/seasonal-profile';

const MONDAY = Date.UTC(2024, 2, 4); // 2024-03-04, a Monday
const HOUR = 3_600_000;

describe('seasonal profiles', () => {
  it('maps epoch ms to UTC hour of week, Monday first, also before 1970', () => {
    const idx = hourOfWeekIndex([
      MONDAY,
      MONDAY + 14 * HOUR,
      MONDAY + 6 * 24 * HOUR + 23 * HOUR,
      0,
      -HOUR,
      NaN,
    ]);
    // 1970-01-01 00:00 was a Thursday (day 3); an hour earlier is Wednesday 23:00.
    expect([...idx]).toEqual([0, 14, 167, 72, 71, 255]);
  });

  it('hand-checked: weekday office hours against a quiet weekend', () => {
    const times: number[] = [];
    const values: number[] = [];
    for (let h = 0; h < 14 * 24; h++) {
      const t = MONDAY + h * HOUR;
      const day = Math.floor(h / 24) % 7;
      const hour = h % 24;
      times.push(t);
      values.push(day < 5 ? (hour === 14 ? 90 : 40) : 20);
    }
    times.push(NaN);
    values.push(5);
    times.push(MONDAY);
    values.push(NaN);
    const s = seasonalProfile(times, values);
    expect(s.peakHour).toBe(14);
    expect(s.peakOnWeekdays).toBe(true);
    expect(s.n).toBe(14 * 24);
    expect(s.weekend.weekendMean).toBe(20);
    expect(s.weekend.weekdayMean).toBeCloseTo((23 * 40 + 90) / 24, 12);
    expect(s.weekday.peakDay).toBeLessThan(5);
    expect(s.weekday.troughDay).toBeGreaterThanOrEqual(5);
    expect(s.hourOfWeek[14]).toBe(90);
    expect(s.hourOfWeek[5 * 24 + 14]).toBe(20);
    expect(hourlyProfile(times, values, { days: 'weekends' }).rows.every((r) => r.mean === 20)).toBe(true);
    const wd = hourlyProfile(times, values, { days: 'weekdays' });
    expect(wd.rows[14]).toMatchObject({ mean: 90, std: 0, p10: 90, p90: 90, n: 10 });
    expect(wd.amplitude).toBe(50);
    expect(weekendContrast(times, values).ratio).toBeCloseTo(20 / ((23 * 40 + 90) / 24), 12);
  });

  it('gives NaN rows, not errors, where there is no data', () => {
    const only = [MONDAY + 3 * HOUR];
    const h = hourlyProfile(only, [7]);
    expect(h.rows[3]).toMatchObject({ mean: 7, n: 1, p10: 7, p90: 7 });
    expect(h.rows[3].std).toBeNaN();
    expect(h.rows[4].mean).toBeNaN();
    expect(h.peakHour).toBe(3);
    const empty = seasonalProfile([], []);
    expect(empty.peakHour).toBeNaN();
    expect(empty.weekend.ratio).toBeNaN();
    expect(weekdayProfile([], []).rows).toHaveLength(7);
    expect(hourOfWeek([], [])).toHaveLength(168);
    expect(() => hourlyProfile([1, 2], [1])).toThrow(/times/);
  });

  it('uses all days for the peak hour when there are no weekday rows', () => {
    const sat = MONDAY + 5 * 24 * HOUR;
    const s = seasonalProfile([sat + 2 * HOUR, sat + 9 * HOUR], [1, 5]);
    expect(s.peakOnWeekdays).toBe(false);
    expect(s.peakHour).toBe(9);
  });

  it('gives the same profile with missing values as without their rows, with a shared index or not', () => {
    // A column without missing values is grouped in one pass, one with them in two: both must agree.
    const row = fc.tuple(
      fc.integer({ min: 0, max: 24 * 14 - 1 }),
      fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: -50, max: 50 }).map((v) => v / 4) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity) },
      ),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 400 }), (rows) => {
        const times = rows.map(([h, , timed]) => (timed ? MONDAY + h * HOUR + 60_000 : NaN));
        const values = rows.map(([, v]) => v);
        const kept = rows.filter(([, v, timed]) => Number.isFinite(v) && timed);
        const clean = seasonalProfile(
          kept.map(([h]) => MONDAY + h * HOUR + 60_000),
          kept.map(([, v]) => v),
        );
        expect(seasonalProfile(times, values)).toEqual(clean);
        expect(seasonalProfile(times, values, hourOfWeekIndex(times))).toEqual(clean);
      }),
      { numRuns: 300 },
    );
  });
});
