import { describe, expect, it } from 'vitest';
import { distributionChart, panelScale } from '../../src/charts/distribution-chart';
import { histogramKde } from '../../src/engine/eda/distribution';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { cpu, mem } = fixtureSeries();

describe('distributionChart', () => {
  it('draws one panel per metric with histogram bars, a density line, units and a log label', async () => {
    const latency = Float64Array.from(cpu, (v, i) => (i === 3 ? 0 : i === 4 ? NaN : Math.pow(10, v / 30)));
    const hists = [
      { metric: 'cpu_utilization', unit: '%', hist: histogramKde(cpu, { bins: 12 }) },
      { metric: 'memory_used', unit: 'bytes', hist: histogramKde(mem, { bins: 10 }) },
      { metric: 'latency', unit: 'ms', hist: histogramKde(latency, { bins: 8, log: true }) },
      { metric: 'errors', hist: histogramKde([1, 1, 2, 2, 2, 3, 9], { bins: 5 }) },
    ];
    const el = renderChart(distributionChart({ metrics: hists, width: 900 }));
    await expectGolden('distribution', el);

    const all = texts(el, 'text');
    expect(all).toContain('cpu_utilization (%)');
    expect(all).toContain('memory_used (bytes)');
    expect(all).toContain('latency (ms)');
    expect(all).toContain('errors');
    expect(all).toContain('value (%)');
    expect(all).toContain('log10(value in ms) · 2 ≤ 0 or missing left out');
    expect(all).toContain('n = 96');
    expect(all).toContain('n = 94');
    // Memory ticks in SI units, not raw bytes.
    expect(all.some((s) => /^6\.\dG$/.test(s))).toBe(true);
    // Bars: every non-empty bin of every metric; one density line per panel.
    const nonEmpty = hists.reduce((s, h) => s + h.hist.bins.count.filter((c) => c > 0).length, 0);
    expect(el.querySelectorAll('g[aria-description="histogram"] rect')).toHaveLength(nonEmpty);
    expect(el.querySelectorAll('g[aria-description="density"] path')).toHaveLength(4);
  });

  it('wraps panels into rows of three and keeps a panel for a metric without values', () => {
    const hist = histogramKde(cpu);
    const four = distributionChart({
      metrics: ['a', 'b', 'c', 'd'].map((metric) => ({ metric, hist })),
      heightPerRow: 100,
    });
    const three = distributionChart({
      metrics: ['a', 'b', 'c'].map((metric) => ({ metric, hist })),
      heightPerRow: 100,
    });
    expect((four.height ?? 0) - (three.height ?? 0)).toBe(100);
    expect(four.fx?.domain).toEqual([0, 1, 2]);
    const el = renderChart(
      distributionChart({
        metrics: [
          { metric: 'a', hist },
          { metric: 'gone', hist: histogramKde([NaN]) },
        ],
      }),
    );
    expect(texts(el, 'text')).toContain('no finite values');
    expect(texts(el, 'text')).toContain('value · 1 missing');
  });

  it('draws a constant metric and says what to do without data', () => {
    const flat = renderChart(
      distributionChart({ metrics: [{ metric: 'flat', hist: histogramKde([5, 5, 5]) }] }),
    );
    expect(flat.querySelectorAll('g[aria-description="histogram"] rect')).toHaveLength(1);
    expect(renderChart(distributionChart({ metrics: [] })).textContent).toMatch(
      /No distribution to show yet/,
    );
    const allMissing = distributionChart({ metrics: [{ metric: 'x', hist: histogramKde([NaN, NaN]) }] });
    expect(renderChart(allMissing).textContent).toMatch(/No distribution to show yet/);
  });
});

describe('panelScale', () => {
  it('gives a nice extent, ticks and SI labels', () => {
    const s = panelScale(3, 97, 5);
    expect([s.lo, s.hi]).toEqual([0, 100]);
    expect(s.ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(panelScale(6.2e9, 6.6e9, 4).format(6.4e9)).toBe('6.4G');
    const flat = panelScale(5, 5, 4);
    expect(flat.lo).toBeLessThan(5);
    expect(flat.hi).toBeGreaterThan(5);
    expect(panelScale(NaN, NaN, 4).ticks.length).toBeGreaterThan(1);
  });
});
