import { describe, expect, it } from 'vitest';
import { alertRateChart, alertRateTitle, type AlertRateBin } from '../../src/charts/alert-rate-chart';
import { ANOMALY_COLOR } from '../../src/charts/theme';
import { renderChart, texts } from './golden';

const DAY = 86_400_000;
const t0 = Date.UTC(2024, 2, 4);
const alerts = [2, 0, 5, 1, 0, 12, 1, 3, 0, 2, 4, 1, 0, 6];
const bins: AlertRateBin[] = alerts.map((a, j) => ({
  start: t0 + j * DAY,
  end: t0 + (j + 1) * DAY,
  rows: 96,
  alerts: a,
  entities: Math.min(a, 2),
}));

describe('alertRateChart', () => {
  it('draws a bar per bin in the anomaly colour, from its start to its end, with the mean per bin', () => {
    const el = renderChart(alertRateChart({ bins, axis: 'time', binName: 'day', width: 640 }));
    const bars = [...el.querySelectorAll('g[aria-description="alert bar"] rect')];
    expect(bars).toHaveLength(14);
    expect(el.querySelector('g[aria-description="alert bar"]')?.getAttribute('fill')).toBe(ANOMALY_COLOR);
    // Equal bins, equal widths; the bar of 12 alerts is twice as tall as that of 6.
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(1e-6);
    const h = bars.map((b) => Number(b.getAttribute('height')));
    expect(h[5] / h[13]).toBeCloseTo(2, 6);
    expect(el.querySelectorAll('g[aria-description="mean rule"] line')).toHaveLength(1);
    // 37 alerts over 14 days.
    expect(texts(el, 'g[aria-description="mean label"] tspan')).toEqual(['mean 2.64', 'per day']);
    const all = texts(el, 'text');
    expect(all).toContain('Alerting rows per day');
    expect(all).toContain('Time (UTC)');
  });

  it('titles each bin with its span, alerts, rows, share and instances', () => {
    expect(alertRateTitle(bins[5], 'time', 'day')).toBe(
      '2024-03-09 (UTC)\n12 alerting rows of 96 (12.5%)\n2 instances alerting',
    );
    expect(alertRateTitle({ ...bins[0], alerts: 1, entities: 1 }, 'time', 'week')).toBe(
      'week of 2024-03-04 (UTC)\n1 alerting row of 96 (1%)\n1 instance alerting',
    );
    const hour = { start: t0 + 14 * 3_600_000, end: t0 + 15 * 3_600_000, rows: 0, alerts: 0, entities: 0 };
    expect(alertRateTitle(hour, 'time', 'hour')).toBe(
      '2024-03-04 14:00–15:00 UTC\n0 alerting rows of 0 (n/a)\n0 instances alerting',
    );
    expect(alertRateTitle({ start: 50, end: 75, rows: 4, alerts: 1, entities: 1 }, 'row', 'rows')).toBe(
      'rows 50–74 of each instance\n1 alerting row of 4 (25%)\n1 instance alerting',
    );
  });

  it('names row bins by their size and reads the axis as rows', () => {
    const rowBins = alerts.map((a, j) => ({
      start: j * 25,
      end: (j + 1) * 25,
      rows: 50,
      alerts: a,
      entities: 1,
    }));
    const el = renderChart(alertRateChart({ bins: rowBins, axis: 'row', binName: 'rows', width: 640 }));
    expect(el.querySelectorAll('g[aria-description="alert bar"] rect')).toHaveLength(14);
    expect(texts(el, 'g[aria-description="mean label"] tspan')).toEqual(['mean 2.64', 'per 25 rows']);
    const all = texts(el, 'text');
    expect(all).toContain('Alerting rows per 25 rows');
    expect(all).toContain('Row (position within each instance)');
  });

  it('says what to do without bins', () => {
    const el = renderChart(alertRateChart({ bins: [], axis: 'time', binName: 'day' }));
    expect(el.textContent).toMatch(/No alert rate yet/);
    expect(el.querySelectorAll('g[aria-description="alert bar"]')).toHaveLength(0);
  });
});
