import { describe, expect, it } from 'vitest';
import { rocChart } from '../../src/charts/roc-chart';
import { modelColor } from '../../src/charts/theme';
import { expectGolden, renderChart, texts } from './golden';

const grid = Array.from({ length: 21 }, (_, i) => i / 20);
const curves = [
  { model: 'iforest', fpr: grid, tpr: grid.map((x) => Math.sqrt(Math.sqrt(x))), auc: 0.8731 },
  {
    model: 'lof',
    fpr: Float64Array.from(grid),
    tpr: Float64Array.from(grid, (x) => Math.sqrt(x)),
    auc: 2 / 3,
  },
];

describe('rocChart', () => {
  it('draws one line per model in its colour, with AUC in the legend, the chance line and the operating point', async () => {
    const el = renderChart(rocChart({ curves, point: { fpr: 0.1, tpr: 0.56 } }));
    await expectGolden('roc', el);
    const legend = texts(el, '[class$="-swatch"]');
    expect(legend).toEqual(['iforest (AUC 0.873)', 'lof (AUC 0.667)']);
    const svgText = texts(el, 'svg text');
    expect(svgText).toContain('False positive rate');
    expect(svgText).toContain('True positive rate');
    expect(svgText).toContain('chance');
    expect(svgText).toContain('threshold: FPR 0.10, TPR 0.56');
    const strokes = [...el.querySelectorAll('svg path[stroke]')].map((p) => p.getAttribute('stroke'));
    expect(strokes).toContain(modelColor('iforest'));
    expect(strokes).toContain(modelColor('lof'));
  });

  it('is square and clamps its width to a cell', () => {
    const small = rocChart({ curves, width: 100 });
    const large = rocChart({ curves, width: 5000 });
    expect(small.width).toBe(280);
    expect(large.width).toBe(560);
    expect(small.aspectRatio).toBe(1);
  });

  it('writes n/a for a missing AUC and says what to do without curves', () => {
    const el = renderChart(rocChart({ curves: [{ model: 'x', fpr: [0, 1], tpr: [0, 1], auc: NaN }] }));
    expect(texts(el, '[class$="-swatch"]')).toEqual(['x (AUC n/a)']);
    expect(renderChart(rocChart({ curves: [] })).textContent).toMatch(/No ROC curve yet/);
  });
});
