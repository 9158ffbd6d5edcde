import { describe, expect, it } from 'vitest';
import { timeSeriesChart } from '../../src/charts/time-series-chart';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { t, cpu, mem } = fixtureSeries();
const ranges = [
  { start: t[60], end: t[65] },
  { start: t[20], end: t[20] },
];

describe('timeSeriesChart', () => {
  it('draws one facet row per metric with shaded ranges, alerts, split and per-row units', async () => {
    const cpuWithGap = Float64Array.from(cpu, (v, i) => (i === 30 ? NaN : v));
    const el = renderChart(
      timeSeriesChart({
        series: [
          { metric: 'cpu_utilization', unit: '%', t, v: cpuWithGap },
          { metric: 'memory_used', unit: 'bytes', t, v: mem },
        ],
        anomalyRanges: ranges,
        alerts: [{ t: t[61] }, { t: t[62], metric: 'memory_used' }, { t: t[5], metric: 'not_plotted' }],
        split: t[72],
        width: 800,
      }),
    );
    await expectGolden('time-series', el);

    // Ranges are repeated in every facet row.
    expect(el.querySelectorAll('g[aria-description="labelled anomaly"] rect')).toHaveLength(
      ranges.length * 2,
    );
    // One global alert in both rows + one memory alert; the alert on an unplotted metric is not drawn.
    expect(el.querySelectorAll('g[aria-description="alert"] path')).toHaveLength(3);
    expect(el.querySelectorAll('g[aria-description="metric series"] path')).toHaveLength(2);
    const allText = texts(el, 'text');
    expect(allText).toContain('cpu_utilization (%)');
    expect(allText).toContain('memory_used (bytes)');
    expect(allText).toContain('Time (UTC)');
    expect(allText).toContain('train');
    expect(allText).toContain('test');
    // Memory ticks in SI units, not raw bytes.
    expect(allText.some((s) => /^6\.\dG$/.test(s))).toBe(true);
    // The shaded ranges and the alerts share one colour.
    const rectFill = el.querySelector('g[aria-description="labelled anomaly"]')?.getAttribute('fill');
    const alertFill = el.querySelector('g[aria-description="alert"]')?.getAttribute('fill');
    expect(rectFill).toBe(alertFill);
  });

  it('sizes the chart from the number of metrics', () => {
    const one = timeSeriesChart({ series: [{ metric: 'cpu', t, v: cpu }], heightPerMetric: 100 });
    const two = timeSeriesChart({
      series: [
        { metric: 'cpu', t, v: cpu },
        { metric: 'mem', t, v: mem },
      ],
      heightPerMetric: 100,
    });
    expect((two.height ?? 0) - (one.height ?? 0)).toBe(100);
    expect(one.width).toBeUndefined(); // left to the container (PlotView)
  });

  it('handles a flat series and a series without finite values', () => {
    const flat = new Float64Array(t.length).fill(5);
    const nan = new Float64Array(t.length).fill(NaN);
    const el = renderChart(
      timeSeriesChart({
        series: [
          { metric: 'flat', t, v: flat },
          { metric: 'missing', t, v: nan },
        ],
      }),
    );
    expect(texts(el, 'text')).toContain('flat');
    expect(el.querySelectorAll('g[aria-description="metric series"] path').length).toBeGreaterThan(0);
  });

  it('says what to do when there is no data', async () => {
    const el = renderChart(timeSeriesChart({ series: [] }));
    await expectGolden('time-series-empty', el);
    expect(el.textContent).toMatch(/No data to plot yet/);
    const alsoEmpty = renderChart(timeSeriesChart({ series: [{ metric: 'cpu', t: [], v: [] }] }));
    expect(alsoEmpty.textContent).toMatch(/No data to plot yet/);
  });
});

describe('timeSeriesChart without a time column', () => {
  it('uses a row-number axis instead of dates', async () => {
    const rows = Float64Array.from({ length: 50 }, (_, i) => i);
    const el = renderChart(timeSeriesChart({ series: [{ metric: 'm01', t: rows, v: rows }], axis: 'row' }));
    const all = texts(el, 'text');
    expect(all).toContain('Row');
    expect(all.some((s) => /1970/.test(s))).toBe(false);
  });
});
