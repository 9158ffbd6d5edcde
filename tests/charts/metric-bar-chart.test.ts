import { describe, expect, it } from 'vitest';
import { metricBarChart } from '../../src/charts/metric-bar-chart';
import { modelColor } from '../../src/charts/theme';
import { renderChart, texts } from './golden';

describe('metricBarChart', () => {
  it('draws one bar per model with a value, best first, in model colours, with the baseline', () => {
    const el = renderChart(
      metricBarChart({
        rows: [
          { model: 'kmeans', value: 0.31 },
          { model: 'iforest', value: 0.42 },
          { model: 'seasonal', value: null },
        ],
        metric: 'PR-AUC (test)',
        baseline: { value: 0.05, label: 'random 0.050' },
        width: 500,
      }),
    );
    const bars = el.querySelectorAll('g[aria-description="metric bar"] rect');
    expect(bars).toHaveLength(2);
    expect(bars[0].getAttribute('fill')).toBe(modelColor('iforest'));
    expect(texts(el, 'g[aria-description="metric value"] text')).toEqual(['0.420', '0.310', 'n/a']);
    expect(texts(el, 'g[aria-description="baseline label"] text')).toEqual(['random 0.050']);
    expect(texts(el, 'text')).toContain('PR-AUC (test)');
  });

  it('explains an empty comparison', () => {
    const el = renderChart(metricBarChart({ rows: [], metric: 'PR-AUC' }));
    expect(texts(el, 'text').join(' ')).toMatch(/No model/);
  });
});
