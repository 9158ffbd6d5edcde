import { describe, expect, it } from 'vitest';
import { kSweepChart } from '../../src/charts/k-sweep-chart';
import { renderChart, texts } from './golden';

const points = [2, 3, 4, 5, 6].map((k) => ({
  k,
  inertia: 1000 / (k - 1) ** 2 + 10 * k,
  silhouette: 0.8 - Math.abs(k - 4) * 0.1,
}));

describe('kSweepChart', () => {
  it('draws a point per k and rings the elbow with its value', () => {
    const el = renderChart(kSweepChart({ points, chosen: 3, measure: 'inertia', width: 500 }));
    expect(el.querySelectorAll('g[aria-description="inertia point"] circle')).toHaveLength(5);
    expect(el.querySelectorAll('g[aria-description="chosen k"] circle')).toHaveLength(1);
    expect(texts(el, 'g[aria-description="chosen label"] text')).toEqual(['elbow: k = 3 (280)']);
    expect(texts(el, 'text')).toContain('Inertia');
  });

  it('marks the best silhouette, and explains an empty sweep', () => {
    const el = renderChart(kSweepChart({ points, chosen: 4, measure: 'silhouette', width: 500 }));
    expect(texts(el, 'g[aria-description="chosen label"] text')).toEqual(['best silhouette: k = 4 (0.8)']);
    const empty = renderChart(kSweepChart({ points: points.slice(0, 1), chosen: 2, measure: 'inertia' }));
    expect(texts(empty, 'text').join(' ')).toMatch(/at least two values of k/);
  });
});
