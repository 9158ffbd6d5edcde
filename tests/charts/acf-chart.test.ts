import { describe, expect, it } from 'vitest';
import { acfChart, formatDuration, periodLabel } from '../../src/charts/acf-chart';
import { acf, acfBand, dominantPeriods } from '../../src/engine/eda/autocorrelation';
import { expectGolden, renderChart, texts } from './golden';

// Two days of hourly values with a daily cycle and a little deterministic wobble.
const series = Float64Array.from(
  { length: 96 },
  (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 24) + (i % 5),
);
const HOUR = 3_600_000;

describe('acfChart', () => {
  it('draws a stem per lag, the dashed noise band and the dominant period labelled in time and steps', async () => {
    const r = acf(series, 40);
    const periods = dominantPeriods(series, HOUR, 1);
    expect(periods[0].periodSteps).toBe(24);
    const el = renderChart(
      acfChart({
        metric: 'cpu_pct',
        acf: r,
        band: acfBand(series.length),
        periods,
        stepMs: HOUR,
        width: 640,
      }),
    );
    await expectGolden('acf', el);
    expect(el.querySelectorAll('g[aria-description="acf stem"] line')).toHaveLength(41);
    expect(el.querySelectorAll('g[aria-description="noise band"] line')).toHaveLength(2);
    expect(texts(el, 'g[aria-description="period label"] text')).toEqual(['1 day (24 steps)']);
    const all = texts(el, 'text');
    expect(all).toContain('Autocorrelation of cpu_pct');
    expect(all).toContain('Lag (steps of 1 hour) · dashed: ±0.200, 95% band of white noise');
  });

  it('lists periods beyond the largest lag and names periods in steps without a time step', () => {
    const r = acf(series, 10);
    const periods = [
      { periodSteps: 24, periodMs: 24 * HOUR, share: 0.5, acf: 0.9, exactSteps: 24 },
      { periodSteps: 6, periodMs: 6 * HOUR, share: 0.1, acf: 0.1, exactSteps: 6 },
    ];
    const el = renderChart(acfChart({ metric: 'm', acf: r, band: NaN, periods, stepMs: 0 }));
    expect(texts(el, 'g[aria-description="period label"] text')).toEqual(['6 steps']);
    expect(texts(el, 'g[aria-description="periods beyond range"] text')).toEqual(['beyond lag 10: 24 steps']);
    expect(el.querySelectorAll('g[aria-description="noise band"]')).toHaveLength(0);
  });

  it('draws long ACFs as an area and says what to do without one', () => {
    const long = acf(
      Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i / 40)),
      2500,
    );
    const el = renderChart(acfChart({ metric: 'm', acf: long, band: 0.03, periods: [], stepMs: 60_000 }));
    expect(el.querySelectorAll('g[aria-description="acf stem"]')).toHaveLength(0);
    expect(el.querySelectorAll('g[aria-description="acf area"] path')).toHaveLength(1);
    const flat = acf(new Float64Array(20).fill(3), 5);
    expect(
      renderChart(acfChart({ metric: 'm', acf: flat, band: 0.4, periods: [], stepMs: 1 })).textContent,
    ).toMatch(/No autocorrelation of m/);
    expect(
      renderChart(acfChart({ metric: 'm', acf: new Float64Array(0), band: NaN, periods: [], stepMs: 1 }))
        .textContent,
    ).toMatch(/No autocorrelation/);
  });
});

describe('formatDuration and periodLabel', () => {
  it('names durations in the largest whole unit', () => {
    expect(formatDuration(86_400_000)).toBe('1 day');
    expect(formatDuration(7 * 86_400_000)).toBe('1 week');
    expect(formatDuration(12 * HOUR)).toBe('12 hours');
    expect(formatDuration(287 * 300_000)).toBe('23.9 hours');
    expect(formatDuration(300_000)).toBe('5 minutes');
    expect(formatDuration(NaN)).toBe('n/a');
    const day = { periodSteps: 288, periodMs: 288 * 300_000, share: 0.4, acf: 0.7, exactSteps: 288.1 };
    expect(periodLabel(day, 300_000)).toBe('1 day (288 steps)');
  });
});
