import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { temporalFamily, type TemporalParams } from '../../../src/engine/features/temporal';

const CTX: FeatureContext = { metrics: ['cpu'], windows: [6], stepMs: 300_000 };

/** The features of one time, by detail (`hour`, `dow`, ...). */
function at(t: number, raw: Record<string, unknown> = {}): Record<string, number> {
  const params: TemporalParams = temporalFamily.parse(raw);
  const names = temporalFamily.names(CTX, params);
  const out = new Float64Array(names.length + 2).fill(-7);
  temporalFamily.create(CTX, params).push(Float64Array.of(1), t, out, 1);
  expect(out[0]).toBe(-7);
  expect(out[names.length + 1]).toBe(-7);
  return Object.fromEntries(names.map((name, k) => [name.split('__')[2], out[1 + k]]));
}

const iso = (s: string): number => Date.parse(s);

describe('temporal family', () => {
  it('names 11 time features, none without a time column', () => {
    expect(temporalFamily.names(CTX, temporalFamily.defaults)).toEqual([
      'time__temporal__hour',
      'time__temporal__minute_of_day',
      'time__temporal__dow',
      'time__temporal__weekend',
      'time__temporal__business_hours',
      'time__temporal__hour_sin',
      'time__temporal__hour_cos',
      'time__temporal__dow_sin',
      'time__temporal__dow_cos',
      'time__temporal__how_sin',
      'time__temporal__how_cos',
    ]);
    const noTime = { ...CTX, stepMs: null };
    expect(temporalFamily.names(noTime, temporalFamily.defaults)).toEqual([]);
    const out = new Float64Array(1).fill(3);
    temporalFamily.create(noTime, temporalFamily.defaults).push(Float64Array.of(1), NaN, out, 0);
    expect(out[0]).toBe(3);
  });

  it('describes Monday 2024-03-04 10:30 UTC (hand values)', () => {
    const f = at(iso('2024-03-04T10:30:00Z'));
    expect(f.hour).toBe(10);
    expect(f.minute_of_day).toBe(630);
    expect(f.dow).toBe(1);
    expect(f.weekend).toBe(0);
    expect(f.business_hours).toBe(1);
    // 10.5 h of 24; Monday = day 1 of 7; hour of week 24 + 10.5 = 34.5 of 168.
    expect(f.hour_sin).toBeCloseTo(Math.sin((2 * Math.PI * 10.5) / 24), 14);
    expect(f.hour_cos).toBeCloseTo(Math.cos((2 * Math.PI * 10.5) / 24), 14);
    expect(f.dow_sin).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 14);
    expect(f.dow_cos).toBeCloseTo(Math.cos((2 * Math.PI) / 7), 14);
    expect(f.how_sin).toBeCloseTo(Math.sin((2 * Math.PI * 34.5) / 168), 14);
    expect(f.how_cos).toBeCloseTo(Math.cos((2 * Math.PI * 34.5) / 168), 14);
  });

  it('uses local time: UTC-10 turns Monday 05:00 UTC into Sunday 19:00', () => {
    const f = at(iso('2024-03-04T05:00:00Z'), { utcOffsetMinutes: -600 });
    expect([f.hour, f.minute_of_day, f.dow, f.weekend, f.business_hours]).toEqual([19, 1140, 0, 1, 0]);
    expect(f.how_sin).toBeCloseTo(Math.sin((2 * Math.PI * 19) / 168), 14);
    expect(f.dow_sin).toBeCloseTo(0, 15);
    expect(f.dow_cos).toBe(1);
    // UTC+5:30: Friday 18:45 UTC is Saturday 00:15.
    const g = at(iso('2024-03-08T18:45:00Z'), { utcOffsetMinutes: 330 });
    expect([g.hour, g.minute_of_day, g.dow, g.weekend]).toEqual([0, 15, 6, 1]);
  });

  it('places the business-hours boundaries and custom business days', () => {
    expect(at(iso('2024-03-05T08:59:59Z')).business_hours).toBe(0);
    expect(at(iso('2024-03-05T09:00:00Z')).business_hours).toBe(1);
    expect(at(iso('2024-03-05T16:59:59Z')).business_hours).toBe(1);
    expect(at(iso('2024-03-05T17:00:00Z')).business_hours).toBe(0);
    expect(at(iso('2024-03-09T12:00:00Z')).business_hours).toBe(0); // Saturday
    // A Sunday-to-Thursday week with 8-20 hours: Friday is a weekend day, Sunday noon is business time.
    const week = { businessDays: [0, 1, 2, 3, 4], businessHours: [8, 20] };
    expect(at(iso('2024-03-08T12:00:00Z'), week).weekend).toBe(1);
    expect(at(iso('2024-03-10T12:00:00Z'), week).business_hours).toBe(1);
    expect(at(iso('2024-03-10T19:30:00Z'), week).business_hours).toBe(1);
    expect(at(iso('2024-03-10T20:00:00Z'), { businessHours: [0, 24] }).business_hours).toBe(0); // Sunday
    expect(at(iso('2024-03-11T23:59:00Z'), { businessHours: [0, 24] }).business_hours).toBe(1);
  });

  it('handles times before 1970 and fractional milliseconds at a day boundary', () => {
    const f = at(iso('1969-12-31T23:00:00Z'));
    expect([f.hour, f.dow]).toEqual([23, 3]); // a Wednesday
    const g = at(iso('2024-03-04T00:00:00Z') - 0.001);
    expect([g.hour, g.minute_of_day, g.dow]).toEqual([23, 1439, 0]);
  });

  it('writes zeros for a row without a time', () => {
    expect(Object.values(at(NaN))).toEqual(new Array(11).fill(0));
  });

  it('agrees with Date for any time and offset, and stays on the unit circles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8.64e15 + 86_400_000, max: 8.64e15 - 86_400_000 }),
        fc.integer({ min: -840, max: 840 }),
        (t, offset) => {
          const f = at(t, { utcOffsetMinutes: offset });
          const local = new Date(t + offset * 60_000);
          expect(f.hour).toBe(local.getUTCHours());
          expect(f.minute_of_day).toBe(local.getUTCHours() * 60 + local.getUTCMinutes());
          expect(f.dow).toBe(local.getUTCDay());
          expect(f.weekend).toBe(local.getUTCDay() === 0 || local.getUTCDay() === 6 ? 1 : 0);
          for (const v of Object.values(f)) expect(Number.isFinite(v)).toBe(true);
          expect(f.hour_sin ** 2 + f.hour_cos ** 2).toBeCloseTo(1, 12);
          expect(f.dow_sin ** 2 + f.dow_cos ** 2).toBeCloseTo(1, 12);
          expect(f.how_sin ** 2 + f.how_cos ** 2).toBeCloseTo(1, 12);
          const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
          const hourOfWeek = local.getUTCDay() * 24 + (t + offset * 60_000 - midnight) / 3_600_000;
          expect(f.how_sin).toBeCloseTo(Math.sin((2 * Math.PI * hourOfWeek) / 168), 9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parses parameters and names the field of a problem', () => {
    expect(temporalFamily.parse({})).toEqual({
      utcOffsetMinutes: 0,
      businessHours: [9, 17],
      businessDays: [1, 2, 3, 4, 5],
    });
    expect(temporalFamily.parse({ utcOffsetMinutes: 60, businessDays: [] }).businessDays).toEqual([]);
    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ utcOffsetMinutes: 1000 }, 'families.temporal.utcOffsetMinutes', /between -840 and 840/],
      [{ utcOffsetMinutes: 1.5 }, 'families.temporal.utcOffsetMinutes', /whole number/],
      [{ utcOffsetMinutes: '60' }, 'families.temporal.utcOffsetMinutes', /whole number/],
      [{ businessHours: [17, 9] }, 'families.temporal.businessHours', /start < end/],
      [{ businessHours: [9] }, 'families.temporal.businessHours', /\[start, end\]/],
      [{ businessHours: [9, 25] }, 'families.temporal.businessHours', /<= 24/],
      [{ businessDays: [1, 7] }, 'families.temporal.businessDays', /7 is not a day/],
      [{ businessDays: [1, 1] }, 'families.temporal.businessDays', /twice/],
      [{ businessDays: 'weekdays' }, 'families.temporal.businessDays', /list/],
      [{ timezone: 'UTC' }, 'families.temporal.timezone', /unknown/],
    ];
    for (const [raw, field, problem] of bad) {
      let error: unknown;
      try {
        temporalFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
      expect((error as FeatureConfigError).message).toMatch(problem);
    }
  });
});
