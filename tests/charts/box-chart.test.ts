import { describe, expect, it } from 'vitest';
import { boxChart } from '../../src/charts/box-chart';
import { boxStats } from '../../src/engine/eda/box-stats';
import { expectGolden, renderChart, texts } from './golden';

// web-1: 1..20 plus two high outliers; web-2: a low outlier; db-1: no values.
const values = [
  ...Array.from({ length: 20 }, (_, i) => i + 1),
  80,
  95,
  ...[40, 41, 42, 43, 44, 45, 46, 47, 2],
  NaN,
  NaN,
];
const groups = [
  { key: 'web-1', rows: Array.from({ length: 22 }, (_, i) => i) },
  { key: 'web-2', rows: Array.from({ length: 9 }, (_, i) => 22 + i) },
  { key: 'db-1', rows: [31, 32] },
];
const boxes = boxStats(values, groups);

describe('boxChart', () => {
  it('draws a box, whiskers, median and outliers per entity, with outlier counts at the right', async () => {
    const el = renderChart(boxChart({ metric: 'latency', unit: 'ms', boxes, width: 640 }));
    await expectGolden('box', el);
    expect(el.querySelectorAll('g[aria-description="box"] rect')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="median"] line')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="whisker"] line')).toHaveLength(2);
    expect(el.querySelectorAll('g[aria-description="outlier"] circle')).toHaveLength(3);
    expect(texts(el, 'g[aria-description="outlier count"] text')).toEqual([
      '2 high / 0 low',
      '0 high / 1 low',
      'no values',
    ]);
    const all = texts(el, 'text');
    expect(all).toContain('latency (ms)');
    expect(all).toContain('web-1');
    expect(all).toContain('db-1');
  });

  it('sizes by the number of boxes and uses a log axis on request', () => {
    const one = boxChart({ metric: 'm', boxes: boxes.slice(0, 1), heightPerBox: 30 });
    const two = boxChart({ metric: 'm', boxes: boxes.slice(0, 2), heightPerBox: 30 });
    expect((two.height ?? 0) - (one.height ?? 0)).toBe(30);
    const log = boxChart({ metric: 'm', boxes, log: true });
    expect(log.x?.type).toBe('log');
    const el = renderChart(boxChart({ metric: 'm', boxes: boxStats([0, 1, 2, 3, 4, 100]), log: true }));
    expect(texts(el, 'text')).toContain('m, log scale (values ≤ 0 at the left edge)');
  });

  it('caps the outlier dots and says what to do without values', () => {
    const many = Array.from({ length: 200 }, (_, k) => ({ ...boxes[0], key: `host-${k}` }));
    const el = renderChart(boxChart({ metric: 'm', boxes: many }));
    expect(el.querySelectorAll('g[aria-description="outlier"] circle').length).toBeLessThanOrEqual(2500);
    expect(renderChart(boxChart({ metric: 'cpu', boxes: [] })).textContent).toMatch(/No values of cpu/);
    expect(renderChart(boxChart({ metric: 'cpu', boxes: boxes.slice(2) })).textContent).toMatch(
      /No values of cpu/,
    );
  });
});
