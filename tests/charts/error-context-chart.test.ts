import { describe, expect, it } from 'vitest';
import { errorContextChart } from '../../src/charts/error-context-chart';
import { renderChart, texts } from './golden';

describe('errorContextChart', () => {
  it('shades labelled rows, dashes the threshold and dots the alerting rows', () => {
    const el = renderChart(
      errorContextChart({
        context: { x: [0, 1, 2, 3, 4], score: [0.1, 0.6, 0.2, 0.7, 0.1], label: [0, 0, 1, 1, 0] },
        threshold: 0.5,
        axis: 'row',
        title: 'false alarm',
        width: 400,
      }),
    );
    expect(el.querySelectorAll('g[aria-description="labelled row"] rect')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="alert"] circle')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="threshold"] line')).toHaveLength(1);
  });

  it('explains a case with too few rows', () => {
    const el = renderChart(
      errorContextChart({
        context: { x: [1], score: [1], label: [1] },
        threshold: 0.5,
        axis: 'row',
        title: 't',
      }),
    );
    expect(texts(el, 'text').join(' ')).toMatch(/Too few rows/);
  });
});
