import { describe, expect, it } from 'vitest';
import { prChart } from '../../src/charts/pr-chart';
import { expectGolden, renderChart, texts } from './golden';

const grid = Array.from({ length: 21 }, (_, i) => i / 20);
const curves = [
  { model: 'iforest', recall: grid, precision: grid.map((r) => 0.05 + 0.9 * (1 - r * r)), ap: 0.6543 },
  { model: 'ocsvm', recall: grid, precision: grid.map((r) => 0.05 + 0.6 * (1 - r)), ap: 0.351 },
];

describe('prChart', () => {
  it('draws one line per model with AP in the legend, the positive-share baseline and the operating point', async () => {
    const el = renderChart(prChart({ curves, positiveShare: 0.05, point: { recall: 0.6, precision: 0.63 } }));
    await expectGolden('pr', el);
    expect(texts(el, '[class$="-swatch"]')).toEqual(['iforest (AP 0.654)', 'ocsvm (AP 0.351)']);
    const svgText = texts(el, 'svg text');
    expect(svgText).toContain('Recall');
    expect(svgText).toContain('Precision');
    expect(svgText).toContain('baseline: 5.0% positives');
    expect(svgText).toContain('threshold: recall 0.60, precision 0.63');
  });

  it('leaves the baseline out when the positive share is unknown', () => {
    const el = renderChart(prChart({ curves }));
    expect(texts(el, 'svg text').some((s) => s.startsWith('baseline'))).toBe(false);
    expect(renderChart(prChart({ curves: [] })).textContent).toMatch(/No precision-recall curve yet/);
  });
});
