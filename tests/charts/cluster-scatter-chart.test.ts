import { describe, expect, it } from 'vitest';
import { clusterScatterChart } from '../../src/charts/cluster-scatter-chart';
import { clusterColor } from '../../src/charts/dendrogram-chart';
import { ALERT_COLOR } from '../../src/charts/theme';
import { renderChart, texts } from './golden';

const x = [-2, -1.5, -1.8, 1, 1.2, 0.8, 3, 3.2, NaN];
const y = [0.5, 0.2, -0.1, 1, 1.3, 0.9, -2, -2.2, 1];
const cluster = [0, 0, 0, 1, 1, 1, 2, 2, 0];
const alert = [0, 1, 0, 0, 0, 0, 1, 1, 1];

describe('clusterScatterChart', () => {
  it('draws a dot per placed row in its cluster colour, alerting rows on top and ringed', () => {
    const el = renderChart(
      clusterScatterChart({ x, y, cluster, alert, explained: [0.4213, 0.183], width: 420 }),
    );
    const quiet = [...el.querySelectorAll('g[aria-description="row"] circle')];
    expect(quiet.map((d) => d.getAttribute('fill'))).toEqual([0, 0, 1, 1, 1].map(clusterColor));
    const alerting = [...el.querySelectorAll('g[aria-description="alerting row"] circle')];
    expect(alerting.map((d) => d.getAttribute('fill'))).toEqual([0, 2, 2].map(clusterColor));
    expect(el.querySelectorAll('g[aria-description="alert ring"] circle')).toHaveLength(3);
    expect(el.querySelector('g[aria-description="alert ring"]')?.getAttribute('stroke')).toBe(ALERT_COLOR);
    // Alerting rows come after (are drawn over) the others.
    const order = [...el.querySelectorAll('g[aria-description]')].map((g) =>
      g.getAttribute('aria-description'),
    );
    expect(order.indexOf('alert ring')).toBeGreaterThan(order.indexOf('row'));
    expect(order.indexOf('alerting row')).toBeGreaterThan(order.indexOf('row'));
  });

  it('labels the axes with the variance shares and keys the clusters and the ring', () => {
    const el = renderChart(clusterScatterChart({ x, y, cluster, alert, explained: [0.4213, 0.183] }));
    const all = texts(el, 'text');
    expect(all).toContain('PC1 (42% of variance)');
    expect(all).toContain('PC2 (18% of variance)');
    expect(texts(el, 'g[aria-description="ring key label"] text')).toEqual(['alerting row (3 of 8)']);
    expect(el.querySelector('g[aria-description="ring key"]')?.getAttribute('stroke')).toBe(ALERT_COLOR);
    // The swatch legend names the clusters in order, in their colours.
    const swatches = [...el.querySelectorAll('[class$="-swatch"]')];
    expect(swatches.map((s) => s.textContent)).toEqual(['cluster 0', 'cluster 1', 'cluster 2']);
    expect(swatches.map((s) => s.querySelector('svg')?.getAttribute('fill'))).toEqual(
      [0, 1, 2].map(clusterColor),
    );
  });

  it('says what to do without points, and refuses columns of different lengths', () => {
    const empty = clusterScatterChart({ x: [], y: [], cluster: [], alert: [], explained: [0.5, 0.2] });
    expect(renderChart(empty).textContent).toMatch(/No rows to draw/);
    const unplaced = clusterScatterChart({
      x: [NaN],
      y: [1],
      cluster: [0],
      alert: [0],
      explained: [0.5, 0.2],
    });
    expect(renderChart(unplaced).textContent).toMatch(/No rows to draw/);
    expect(() => clusterScatterChart({ x, y: y.slice(1), cluster, alert, explained: [0.5, 0.2] })).toThrow(
      RangeError,
    );
  });
});
