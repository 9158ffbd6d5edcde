import { describe, expect, it } from 'vitest';
import { lossCurveChart } from '../../src/charts/loss-curve-chart';
import { renderChart, texts } from './golden';

describe('lossCurveChart', () => {
  it('draws training and validation losses per epoch and rings the kept epoch', () => {
    const el = renderChart(
      lossCurveChart({ loss: [1, 0.5, 0.3, 0.25], valLoss: [1.2, 0.6, 0.4, 0.45], kept: 3, width: 500 }),
    );
    expect(el.querySelectorAll('g[aria-description="loss point"] circle')).toHaveLength(8);
    expect(el.querySelectorAll('g[aria-description="loss line"] path')).toHaveLength(2);
    const ring = el.querySelectorAll('g[aria-description="kept epoch"] circle');
    expect(ring).toHaveLength(1);
    expect(texts(el, 'text').join(' ')).toMatch(/Loss \(MSE\)/);
    expect(el.textContent).toMatch(/training.*validation/);
  });

  it('leaves out unmeasured validation epochs, rings the training point without them, and waits for data', () => {
    const el = renderChart(lossCurveChart({ loss: [0.9, 0.4], valLoss: [null, null], kept: 2, epochs: 10 }));
    expect(el.querySelectorAll('g[aria-description="loss point"] circle')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="kept epoch"] circle')).toHaveLength(1);
    // Whole epochs only on the axis, however few or many.
    const ticks = (el: Element) => texts(el, 'g[aria-label="x-axis tick label"] text');
    expect(ticks(el)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const long = renderChart(lossCurveChart({ loss: [1, 0.5], valLoss: [1, 0.5], epochs: 40 }));
    expect(ticks(long)).toEqual(['1', '5', '9', '13', '17', '21', '25', '29', '33', '37']);
    const empty = renderChart(lossCurveChart({ loss: [], valLoss: [] }));
    expect(texts(empty, 'text').join(' ')).toMatch(/after the first epoch/);
  });
});
