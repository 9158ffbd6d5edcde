import { describe, expect, it } from 'vitest';
import { riskLabelChart } from '../../src/charts/risk-label-chart';
import { renderChart, texts } from './golden';

describe('riskLabelChart', () => {
  it('draws one bar per label in severity order with count and share', () => {
    const el = renderChart(
      riskLabelChart({ counts: { normal: 90, watch: 5, anomaly: 4, critical: 1 }, width: 400 }),
    );
    expect(el.querySelectorAll('g[aria-description="risk bar"] rect')).toHaveLength(4);
    expect(texts(el, 'g[aria-description="risk count"] text')).toEqual([
      '90 (90.0%)',
      '5 (5.0%)',
      '4 (4.0%)',
      '1 (1.0%)',
    ]);
  });

  it('says so before any row is scored', () => {
    const el = renderChart(riskLabelChart({ counts: { normal: 0, watch: 0, anomaly: 0, critical: 0 } }));
    expect(texts(el, 'text').join(' ')).toMatch(/start the stream/);
  });
});
