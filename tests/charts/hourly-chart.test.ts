import { describe, expect, it } from 'vitest';
import { hourlyChart, weekdayChart } from '../../src/charts/hourly-chart';
import { seasonalProfile } from '../../src/engine/eda/seasonal-profile';
import { expectGolden, renderChart, texts } from './golden';

// Two weeks of hourly values from Monday 2024-03-04 UTC: a daytime bump, lower at weekends.
const t0 = Date.UTC(2024, 2, 4);
const t = Float64Array.from({ length: 14 * 24 }, (_, i) => t0 + i * 3_600_000);
const v = Float64Array.from(t, (_, i) => {
  const hour = i % 24;
  const weekend = Math.floor(i / 24) % 7 >= 5;
  return (weekend ? 20 : 30) + (hour >= 9 && hour < 18 ? 25 : 0) + ((i * 7) % 5);
});
const profile = seasonalProfile(t, v);

describe('hourlyChart', () => {
  it('draws the hourly mean over a p10-p90 band, hours labelled in UTC', async () => {
    const el = renderChart(
      hourlyChart({
        metric: 'cpu_pct',
        unit: '%',
        hourly: profile.hourly,
        hourlyWeekdays: profile.hourlyWeekdays,
        width: 640,
      }),
    );
    await expectGolden('hourly', el);
    expect(el.querySelectorAll('g[aria-description="hourly mean"] path')).toHaveLength(1);
    expect(el.querySelectorAll('g[aria-description="p10-p90 band"] path')).toHaveLength(1);
    expect(el.querySelectorAll('g[aria-description="weekdays mean"] path')).toHaveLength(1);
    const all = texts(el, 'text');
    expect(all).toContain('Hour of day (UTC)');
    expect(all).toContain('cpu_pct (%)');
    expect(all).toContain('00:00');
    expect(all).toContain('21:00');
    expect(texts(el, '[class$="-swatch"]')).toEqual([
      'mean, all days',
      '10th–90th percentile',
      'mean, Mon–Fri',
    ]);
  });

  it('accepts the weekday profile alongside, and says what to do without data', () => {
    const options = hourlyChart({ metric: 'm', hourly: profile.hourly, weekday: profile.weekday });
    expect(options.marks?.length).toBeGreaterThan(0);
    const empty = seasonalProfile([], []);
    expect(renderChart(hourlyChart({ metric: 'm', hourly: empty.hourly })).textContent).toMatch(
      /No hourly pattern of m/,
    );
  });
});

describe('weekdayChart', () => {
  it('draws seven bars, Monday first, weekend bars in their own colour', async () => {
    const el = renderChart(
      weekdayChart({ metric: 'cpu_pct', unit: '%', weekday: profile.weekday, width: 640 }),
    );
    await expectGolden('weekday', el);
    const bars = [...el.querySelectorAll('g[aria-description="day mean"] rect')];
    expect(bars).toHaveLength(7);
    const fills = bars.map((b) => b.getAttribute('fill'));
    expect(new Set(fills.slice(0, 5)).size).toBe(1);
    expect(new Set(fills.slice(5)).size).toBe(1);
    expect(fills[5]).not.toBe(fills[0]);
    const all = texts(el, 'text');
    expect(all.filter((s) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$/.test(s))).toEqual([
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
      'Sun',
    ]);
    expect(all).toContain('cpu_pct (%), mean');
    expect(texts(el, '[class$="-swatch"]')).toEqual(['weekday (Mon–Fri)', 'weekend (Sat–Sun)']);
  });

  it('leaves out days without data and says what to do without any', () => {
    const monday = seasonalProfile(t.subarray(0, 24), v.subarray(0, 24));
    const el = renderChart(weekdayChart({ metric: 'm', weekday: monday.weekday }));
    expect(el.querySelectorAll('g[aria-description="day mean"] rect')).toHaveLength(1);
    const empty = seasonalProfile([], []);
    expect(renderChart(weekdayChart({ metric: 'm', weekday: empty.weekday })).textContent).toMatch(
      /No day-of-week pattern of m/,
    );
  });
});
