import { describe, expect, it } from 'vitest';
import { alertRateOverTime } from '../../../src/engine/evaluation/alert-rate';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('alertRateOverTime', () => {
  it('bins two instances by hour over a day, counting alerting rows and instances per bin', () => {
    const t0 = Date.UTC(2024, 0, 1);
    // Two instances, 5-minute rows over 24 hours; a alerts at 01:00-01:10, b at 01:05 and 03:00.
    const times: number[] = [];
    const alerts: number[] = [];
    for (const hits of [
      [12, 13, 14],
      [13, 36],
    ]) {
      for (let k = 0; k < 288; k++) {
        times.push(t0 + k * 300_000);
        alerts.push(hits.includes(k) ? 1 : 0);
      }
    }
    const r = alertRateOverTime(times, alerts, [
      [0, 288],
      [288, 576],
    ]);
    expect(r.binName).toBe('hour');
    expect(r.bins).toHaveLength(24);
    expect(r.bins[0].start).toBe(t0);
    expect(r.bins.every((b) => b.rows === 24)).toBe(true);
    expect(r.bins[1]).toMatchObject({ alerts: 4, entities: 2 });
    expect(r.bins[3]).toMatchObject({ alerts: 1, entities: 1 });
    expect(r.bins.reduce((a, b) => a + b.alerts, 0)).toBe(5);
    // Peak 4 against a mean of 5 / 24.
    expect(r.peakToMean).toBeCloseTo(4 / (5 / 24), 12);
  });

  it('reads weeks of data by day on UTC midnights, months by Monday-started week, and rows without times', () => {
    const start = Date.UTC(2024, 0, 3, 7); // a Wednesday, 07:00
    const times = Array.from({ length: 20 * 24 }, (_, k) => start + k * HOUR);
    const byDay = alertRateOverTime(times, new Array(times.length).fill(0), [[0, times.length]]);
    expect(byDay.binName).toBe('day');
    expect(byDay.bins[0].start).toBe(Date.UTC(2024, 0, 3));
    expect(byDay.peakToMean).toBeNull();
    const long = Array.from({ length: 100 }, (_, k) => start + k * DAY);
    const byWeek = alertRateOverTime(long, new Array(100).fill(1), [[0, 100]]);
    expect(byWeek.binName).toBe('week');
    expect(new Date(byWeek.bins[0].start).getUTCDay()).toBe(1);
    expect(byWeek.bins.reduce((a, b) => a + b.rows, 0)).toBe(100);
    const rows = alertRateOverTime(
      null,
      [1, 0, 0, 1, 1, 0],
      [
        [0, 4],
        [4, 6],
      ],
    );
    expect(rows.binName).toBe('rows');
    expect(rows.bins.map((b) => [b.rows, b.alerts, b.entities])).toEqual([
      [2, 2, 2],
      [2, 0, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]);
  });
});
