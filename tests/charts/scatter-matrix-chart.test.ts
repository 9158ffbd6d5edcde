import { describe, expect, it } from 'vitest';
import { scatterMatrixChart } from '../../src/charts/scatter-matrix-chart';
import { ANOMALY_COLOR, NORMAL_COLOR } from '../../src/charts/theme';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { cpu, mem } = fixtureSeries(40);
const net = Float64Array.from(cpu, (v, i) => v * 2 + (i % 3));
const labels = Uint8Array.from(cpu, (_, i) => (i >= 30 && i < 34 ? 1 : 0));

describe('scatterMatrixChart', () => {
  it('draws the off-diagonal pairs, anomalies on top in the anomaly colour, names on the diagonal', async () => {
    const el = renderChart(
      scatterMatrixChart({
        metrics: ['cpu', 'mem', 'net'],
        columns: [cpu, mem, net],
        labels,
        units: ['%', 'bytes', undefined],
        width: 480,
      }),
    );
    await expectGolden('scatter-matrix', el);
    // 3 x 3 grid: 6 off-diagonal panels, each with every row.
    expect(el.querySelectorAll('g[aria-description="normal rows"] circle')).toHaveLength(6 * 36);
    expect(el.querySelectorAll('g[aria-description="labelled anomalies"] circle')).toHaveLength(6 * 4);
    const groups = [...el.querySelectorAll('g[aria-description]')].map((g) =>
      g.getAttribute('aria-description'),
    );
    expect(groups.indexOf('labelled anomalies')).toBeGreaterThan(groups.indexOf('normal rows'));
    expect(el.querySelector('g[aria-description="labelled anomalies"] circle')?.getAttribute('fill')).toBe(
      ANOMALY_COLOR,
    );
    expect(el.querySelector('g[aria-description="normal rows"] circle')?.getAttribute('fill')).toBe(
      NORMAL_COLOR,
    );
    const all = texts(el, 'text');
    expect(all.some((s) => s.startsWith('cpu') && s.includes('(%)'))).toBe(true);
    expect(all.some((s) => s.includes('(bytes)'))).toBe(true);
    expect(all).toContain('net');
    expect(texts(el, '[class$="-swatch"]')).toEqual(['normal (36)', 'labelled anomaly (4)']);
    // Panels are square.
    const options = scatterMatrixChart({
      metrics: ['a', 'b'],
      columns: [cpu, mem],
      labels: null,
      width: 400,
    });
    expect((options.width ?? 0) - (options.height ?? 0)).toBe(46 + 8 - 8 - 30);
  });

  it('keeps the number of dots to a few thousand, anomalies kept first', () => {
    const n = 5000;
    const cols = [0, 1, 2, 3].map((m) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * (m + 1))));
    const lab = Uint8Array.from({ length: n }, (_, i) => (i % 100 === 0 ? 1 : 0));
    const el = renderChart(scatterMatrixChart({ metrics: ['a', 'b', 'c', 'd'], columns: cols, labels: lab }));
    const normal = el.querySelectorAll('g[aria-description="normal rows"] circle').length;
    const anomalies = el.querySelectorAll('g[aria-description="labelled anomalies"] circle').length;
    // 12 panels share 3,000 dots: 250 rows each, every one of the 50 anomalies and 200 normal rows.
    expect(normal + anomalies).toBeLessThanOrEqual(3000);
    expect(anomalies).toBe(12 * 50);
    expect(texts(el, '[class$="-swatch"]')).toEqual(['normal (200 of 4,950 drawn)', 'labelled anomaly (50)']);
  });

  it('draws without labels, skips non-finite values, and handles degenerate input', () => {
    const withGap = Float64Array.from(mem, (v, i) => (i === 0 ? NaN : v));
    const flat = new Float64Array(cpu.length).fill(2);
    const el = renderChart(
      scatterMatrixChart({ metrics: ['a', 'b'], columns: [withGap, flat], labels: null }),
    );
    expect(el.querySelectorAll('g[aria-description="normal rows"] circle')).toHaveLength(2 * 39);
    expect(el.querySelectorAll('g[aria-description="labelled anomalies"] circle')).toHaveLength(0);
    expect(texts(el, '[class$="-swatch"]')).toEqual(['rows (40)']);
    const one = scatterMatrixChart({ metrics: ['a'], columns: [cpu], labels: null });
    expect(renderChart(one).textContent).toMatch(/at least two metrics/);
    const none = scatterMatrixChart({
      metrics: ['a', 'b'],
      columns: [new Float64Array(0), new Float64Array(0)],
      labels: null,
    });
    expect(renderChart(none).textContent).toMatch(/sample is empty/);
    expect(() =>
      scatterMatrixChart({ metrics: ['a', 'b'], columns: [cpu, mem.subarray(1)], labels: null }),
    ).toThrow(RangeError);
  });
});
