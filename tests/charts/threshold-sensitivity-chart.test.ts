import { describe, expect, it } from 'vitest';
import { thresholdSensitivityChart } from '../../src/charts/threshold-sensitivity-chart';
import { renderChart, texts } from './golden';

const sweep = {
  threshold: [0.1, 0.2, 0.3],
  precision: [0.1, 0.5, 1],
  recall: [1, 0.8, 0.2],
  f1: [0.18, 0.62, 0.33],
  fpr: [1, 0.1, 0],
};

describe('thresholdSensitivityChart', () => {
  it('draws four rate lines, the chosen threshold, and alerts per day in a second panel', () => {
    const [rates, alerts] = thresholdSensitivityChart({
      ...sweep,
      alertsPerDay: [100, 10, 1],
      chosen: 0.2,
      width: 500,
    }).map(renderChart);
    expect(rates.querySelectorAll('g[aria-description="rate line"] path')).toHaveLength(4);
    expect(rates.querySelectorAll('g[aria-description="chosen threshold"] line')).toHaveLength(1);
    expect(texts(alerts, 'text')).toContain('Alerts per day');
  });

  it('has one panel without times, and explains a sweep too short to draw', () => {
    expect(thresholdSensitivityChart({ ...sweep, alertsPerDay: null, chosen: 0.2 })).toHaveLength(1);
    const [empty] = thresholdSensitivityChart({
      ...sweep,
      threshold: [1],
      alertsPerDay: null,
      chosen: 1,
    }).map(renderChart);
    expect(texts(empty, 'text').join(' ')).toMatch(/two distinct scores/);
  });
});
