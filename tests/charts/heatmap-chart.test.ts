import { describe, expect, it } from 'vitest';
import { correlationChart, hourOfWeekChart } from '../../src/charts/heatmap-chart';
import { correlationMatrix } from '../../src/engine/eda/correlation';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const hourOfWeek = Float64Array.from({ length: 168 }, (_, k) => {
  const day = Math.floor(k / 24);
  const hour = k % 24;
  return (day >= 5 ? 20 : 30) + (hour >= 9 && hour < 18 ? 25 : 0);
});

describe('hourOfWeekChart', () => {
  it('draws 7 x 24 cells, Monday on top, with a colour legend in the unit', async () => {
    const values = hourOfWeek.slice();
    values[167] = NaN;
    const el = renderChart(hourOfWeekChart({ metric: 'cpu_pct', unit: '%', values, width: 700 }));
    await expectGolden('hour-of-week', el);
    expect(el.querySelectorAll('g[aria-description="hour-of-week mean"] rect')).toHaveLength(167);
    expect(el.querySelectorAll('g[aria-description="no data"] rect')).toHaveLength(1);
    const all = texts(el, 'text');
    expect(all.filter((s) => /^(Mon|Sun)$/.test(s))).toEqual(['Mon', 'Sun']);
    expect(all).toContain('Hour of day (UTC)');
    expect(all).toContain('mean cpu_pct (%)');
    // Weekday daytime cells are darker than weekend nights.
    const cells = [...el.querySelectorAll('g[aria-description="hour-of-week mean"] rect')];
    expect(cells[10].getAttribute('fill')).not.toBe(cells[5 * 24 + 2].getAttribute('fill'));
  });

  it('handles a flat profile and says what to do without data', () => {
    const flat = renderChart(hourOfWeekChart({ metric: 'm', values: new Float64Array(168).fill(3) }));
    expect(flat.querySelectorAll('g[aria-description="hour-of-week mean"] rect')).toHaveLength(168);
    const none = hourOfWeekChart({ metric: 'm', values: new Float64Array(168).fill(NaN) });
    expect(renderChart(none).textContent).toMatch(/No hour-of-week pattern of m/);
    expect(renderChart(hourOfWeekChart({ metric: 'm', values: new Float64Array(0) })).textContent).toMatch(
      /No hour-of-week pattern/,
    );
  });
});

describe('correlationChart', () => {
  const { cpu, mem } = fixtureSeries();
  const inverse = Float64Array.from(cpu, (v) => -v);
  const constant = new Float64Array(cpu.length).fill(1);
  const names = ['cpu', 'mem', 'inverse', 'constant'];
  const matrix = correlationMatrix([cpu, mem, inverse, constant], 'pearson');

  it('draws n x n cells on a fixed [-1, 1] scale with r written in each', async () => {
    const el = renderChart(correlationChart({ names, matrix, method: 'pearson' }));
    await expectGolden('correlation', el);
    expect(el.querySelectorAll('g[aria-description="correlation"] rect')).toHaveLength(9);
    const r = texts(el, 'g[aria-description="r value"] text');
    expect(r).toHaveLength(16);
    expect(r[0]).toBe('1.00');
    expect(r[2]).toBe('-1.00');
    expect(r[3]).toBe('n/a');
    expect(texts(el, 'text')).toContain('Pearson r');
    // r = 1 and r = -1 sit at opposite ends of the diverging scale.
    const fills = [...el.querySelectorAll('g[aria-description="correlation"] rect')].map((c) =>
      c.getAttribute('fill'),
    );
    expect(fills[0]).not.toBe(fills[2]);
    expect(correlationChart({ names, matrix, method: 'spearman' }).color?.label).toBe('Spearman ρ');
  });

  it('leaves the numbers out above 12 metrics, and refuses a matrix of the wrong size', () => {
    const n = 13;
    const big = new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? 1 : 0.3));
    const many = Array.from({ length: n }, (_, i) => `m${i}`);
    const el = renderChart(correlationChart({ names: many, matrix: big, method: 'pearson' }));
    expect(el.querySelectorAll('g[aria-description="correlation"] rect')).toHaveLength(n * n);
    expect(el.querySelectorAll('g[aria-description="r value"] text')).toHaveLength(0);
    expect(() => correlationChart({ names, matrix: new Float64Array(3), method: 'pearson' })).toThrow(
      RangeError,
    );
    const empty = correlationChart({ names: [], matrix: new Float64Array(0), method: 'pearson' });
    expect(renderChart(empty).textContent).toMatch(/No correlations yet/);
  });
});
