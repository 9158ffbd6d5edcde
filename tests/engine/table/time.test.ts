import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { epochToMs, parseTime } from '../../../src/engine/table';
import { daysOfKey, isoDateKey, isoDays, isoMs, isoTimeOfDay } from '../../../src/engine/table/time';

describe('parseTime', () => {
  const at = Date.UTC(2024, 2, 4, 10, 5, 6, 789);

  it('reads ISO 8601 with T or space, with or without zone, as UTC', () => {
    expect(parseTime('2024-03-04T10:05:06.789Z')).toBe(at);
    expect(parseTime('2024-03-04T10:05:06.789')).toBe(at);
    expect(parseTime('2024-03-04 10:05:06.789')).toBe(at);
    expect(parseTime(' 2024-03-04t10:05:06.789z ')).toBe(at);
    expect(parseTime('2024-03-04T10:05')).toBe(Date.UTC(2024, 2, 4, 10, 5));
    expect(parseTime('2024/03/04 10:05:06')).toBe(Date.UTC(2024, 2, 4, 10, 5, 6));
    expect(parseTime('2024-3-4 1:05:06')).toBe(Date.UTC(2024, 2, 4, 1, 5, 6));
  });

  it("reads NAB's microsecond fractions", () => {
    expect(parseTime('2014-02-26 13:45:00.000000')).toBe(Date.UTC(2014, 1, 26, 13, 45));
    expect(parseTime('2014-02-26 13:45:00.123456')).toBeCloseTo(
      Date.UTC(2014, 1, 26, 13, 45, 0, 123) + 0.456,
      6,
    );
  });

  it('applies offsets', () => {
    expect(parseTime('2024-03-04T12:05:06.789+02:00')).toBe(at);
    expect(parseTime('2024-03-04T12:05:06.789+0200')).toBe(at);
    expect(parseTime('2024-03-04T07:05:06.789-03')).toBe(at);
    expect(parseTime('2024-03-04 10:05:06.789 UTC')).toBe(at);
  });

  it('reads dates as UTC midnight', () => {
    expect(parseTime('2024-03-04')).toBe(Date.UTC(2024, 2, 4));
    expect(parseTime('1969-12-31')).toBe(-86_400_000);
    expect(parseTime('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
  });

  it('reads epoch numbers by magnitude', () => {
    expect(parseTime('1709546706')).toBe(1709546706000);
    expect(parseTime('1709546706.5')).toBe(1709546706500);
    expect(parseTime('1709546706789')).toBe(1709546706789);
    expect(parseTime('1709546706789000')).toBe(1709546706789);
    expect(parseTime('1709546706789000000')).toBe(1709546706789);
    expect(epochToMs(0)).toBe(0);
  });

  it('is NaN for anything else, including impossible dates', () => {
    for (const s of [
      '',
      'abc',
      '2023-02-29',
      '2024-13-01',
      '2024-01-32',
      '2024-01-01T25:00',
      '2024-01-01T10:60',
      '04/03/2024',
      '2024-01-01T10:00:00+25:00',
      '2024-01-01X10:00',
      'NaN',
      'Infinity',
      '1e400',
    ]) {
      expect(parseTime(s), s).toBeNaN();
    }
  });

  it('agrees with Date.parse on ISO strings with a Z, for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(-62135596800000), max: new Date(253402300799999), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          expect(parseTime(iso)).toBe(d.getTime());
          expect(parseTime(iso.slice(0, -1))).toBe(d.getTime());
          expect(parseTime(iso.replace('T', ' ').replace('Z', '+00:00'))).toBe(d.getTime());
        },
      ),
    );
  });

  it('does not depend on the machine time zone', () => {
    // Date-time strings without a zone would be local time for Date.parse; here they are UTC.
    expect(parseTime('2024-07-01T00:00:00')).toBe(Date.UTC(2024, 6, 1));
  });
});

describe('isoDateKey and daysOfKey', () => {
  it('daysOfKey gives the days of every calendar date from 1899 to 2101 and NaN for the others', () => {
    const wrong: string[] = [];
    for (let y = 1899; y <= 2101; y++) {
      for (let m = 1; m <= 13; m++) {
        for (let d = 0; d <= 31; d++) {
          const utc = Date.UTC(y, m - 1, d);
          const real = m <= 12 && d >= 1 && new Date(utc).getUTCDate() === d;
          const days = daysOfKey(y * 10000 + m * 100 + d);
          if (real ? days !== utc / 86_400_000 : !Number.isNaN(days)) wrong.push(`${y}-${m}-${d}: ${days}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives equal keys exactly for equal dates, -1 for text that is not YYYY-MM-DD', () => {
    const dateLike = fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
    fc.assert(
      fc.property(dateLike, dateLike, (a, b) => {
        const ka = isoDateKey(`x${a}T`, 1);
        expect(ka).toBeGreaterThanOrEqual(0);
        expect(ka === isoDateKey(b, 0)).toBe(a === b);
        expect(isoDays(a, 0)).toBe(daysOfKey(ka));
      }),
    );
    for (const s of ['2024/03/04', '2024-3-04x', '2024-03-0a', '20240304xx', 'abcd-ef-gh']) {
      expect(isoDateKey(s, 0), s).toBe(-1);
    }
  });

  it('isoMs is the date plus isoTimeOfDay, and NaN when either is not read', () => {
    const cell = fc.stringMatching(
      /^20[0-9]{2}-[01][0-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-6][0-9](\.[0-9]{0,5})?)?Z?)?$/,
    );
    fc.assert(
      fc.property(cell, (s) => {
        const days = isoDays(s, 0);
        const clock = isoTimeOfDay(s, 0, s.length);
        const ms = isoMs(s, 0, s.length);
        if (days !== days || clock < 0) expect(ms).toBeNaN();
        else {
          expect(Number.isInteger(clock) && clock < 86_400_000).toBe(true);
          expect(ms).toBe(days * 86_400_000 + clock);
          expect(ms).toBe(parseTime(s));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
