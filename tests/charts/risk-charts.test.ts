import { describe, expect, it } from 'vitest';
import { RISK_COLORS, RISK_PALETTE, riskBarChart } from '../../src/charts/risk-bar-chart';
import { riskPcaChart } from '../../src/charts/risk-pca-chart';
import type { RiskName } from '../../src/engine/risk/risk-clusters';
import { renderChart, texts } from './golden';

const clusters: { name: RiskName; size: number; load: number }[] = [
  { name: 'Idle', size: 4, load: -0.8 },
  { name: 'Normal', size: 2, load: 0.1 },
  { name: 'High Load', size: 1, load: 0.7 },
  { name: 'Critical', size: 1, load: 1.9 },
];

const points = [
  { name: 'web-01', risk: 'Idle' as RiskName, load: -0.9, x: -2, y: 0.5 },
  { name: 'web-02', risk: 'Idle' as RiskName, load: -0.7, x: -1.8, y: -0.2 },
  { name: 'api-01', risk: 'Normal' as RiskName, load: 0.1, x: 0.2, y: 1.1 },
  { name: 'db-01', risk: 'Critical' as RiskName, load: 1.9, x: 3.1, y: -1 },
  { name: 'lost', risk: 'Normal' as RiskName, load: 0, x: null, y: null },
];

describe('riskBarChart', () => {
  it('draws one bar per cluster in ascending risk, in the risk colours, labelled with count and share', () => {
    const el = renderChart(
      riskBarChart({ clusters, unitName: 'instance', unitsName: 'instances', width: 480 }),
    );
    const bars = [...el.querySelectorAll('g[aria-description="risk bar"] rect')];
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual([...RISK_COLORS]);
    expect(bars.map((b) => b.querySelector('title')?.textContent)).toEqual([
      'Idle: 4 instances of 8\ncentroid load -0.8',
      'Normal: 2 instances of 8\ncentroid load 0.1',
      'High Load: 1 instance of 8\ncentroid load 0.7',
      'Critical: 1 instance of 8\ncentroid load 1.9',
    ]);
    // Taller bar for the larger cluster: Idle (4) is twice Normal (2).
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[0] / heights[1]).toBeCloseTo(2, 6);
    expect(texts(el, 'g[aria-description="risk count"] text')).toEqual([
      '4 (50%)',
      '2 (25%)',
      '1 (13%)',
      '1 (13%)',
    ]);
    expect(texts(el, 'g[aria-label="x-axis tick label"] text')).toEqual([
      'Idle',
      'Normal',
      'High Load',
      'Critical',
    ]);
    expect(texts(el, 'text')).toContain('Instances');
  });

  it('keeps the names and colours of a smaller fleet and says what to do without clusters', () => {
    const el = renderChart(
      riskBarChart({ clusters: clusters.slice(1, 3), unitName: 'day', unitsName: 'days' }),
    );
    const fills = [...el.querySelectorAll('g[aria-description="risk bar"] rect')].map((b) =>
      b.getAttribute('fill'),
    );
    expect(fills).toEqual([RISK_PALETTE.Normal, RISK_PALETTE['High Load']]);
    expect(texts(el, 'text')).toContain('Days');
    expect(
      renderChart(riskBarChart({ clusters: [], unitName: 'instance', unitsName: 'instances' })).textContent,
    ).toMatch(/No risk clusters yet/);
  });
});

describe('riskPcaChart', () => {
  it('draws a dot per placed instance in its risk colour, named, with the variance shares on the axes', () => {
    const el = renderChart(riskPcaChart({ points, explained: [0.612, 0.2304], width: 520 }));
    const dots = [...el.querySelectorAll('g[aria-description="instance"] circle')];
    expect(dots).toHaveLength(4);
    expect(dots.map((d) => d.getAttribute('fill'))).toEqual([
      RISK_PALETTE.Idle,
      RISK_PALETTE.Idle,
      RISK_PALETTE.Normal,
      RISK_PALETTE.Critical,
    ]);
    expect(texts(el, 'g[aria-description="instance name"] text')).toEqual([
      'web-01',
      'web-02',
      'api-01',
      'db-01',
    ]);
    const all = texts(el, 'text');
    expect(all).toContain('PC1 · 61.2% of the variance (right: more load)');
    expect(all).toContain('PC2 · 23.0% of the variance');
    expect(texts(el, '[class$="-swatch"]')).toEqual(['Idle', 'Normal', 'Critical']);
    // Right = more load: db-01 is drawn right of web-01.
    const cx = dots.map((d) => Number(d.getAttribute('cx')));
    expect(cx[3]).toBeGreaterThan(cx[0]);
  });

  it('leaves names out of a crowded scatter and shows why there is no scatter', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      name: `h${i}`,
      risk: 'Normal' as RiskName,
      load: 0,
      x: i,
      y: i % 3,
    }));
    const el = renderChart(riskPcaChart({ points: many, explained: [0.5, 0.3] }));
    expect(el.querySelectorAll('g[aria-description="instance"] circle')).toHaveLength(30);
    expect(el.querySelectorAll('g[aria-description="instance name"]')).toHaveLength(0);
    const reason = 'No PCA scatter: it needs at least 3 instances, there are 2.';
    expect(texts(renderChart(riskPcaChart({ points, explained: null, absent: reason })), 'text')).toEqual([
      reason,
    ]);
    expect(renderChart(riskPcaChart({ points: [], explained: null })).textContent).toMatch(
      /No PCA scatter yet/,
    );
  });
});
