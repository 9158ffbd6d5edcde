import { describe, expect, it } from 'vitest';
import { choiceMeans, tuningParamChart } from '../../src/charts/tuning-param-chart';
import { expectGolden, renderChart, texts } from './golden';

const numeric = [
  { index: 0, value: 100, score: 0.41 },
  { index: 1, value: 57, score: 0.35 },
  { index: 3, value: 320, score: 0.62 },
  { index: 4, value: 180, score: 0.58 },
];

describe('tuningParamChart', () => {
  it('plots a numeric parameter on a log scale with the best trial ringed', async () => {
    const el = renderChart(
      tuningParamChart({
        label: 'Trees',
        kind: 'numeric',
        log: true,
        points: numeric,
        bestIndex: 3,
        objective: 'PR-AUC',
        width: 280,
      }),
    );
    expect(el.querySelectorAll('g[aria-description="trial"] circle')).toHaveLength(4);
    expect(el.querySelectorAll('g[aria-description="best trial"] circle')).toHaveLength(1);
    expect(el.querySelectorAll('g[aria-description="choice mean"]')).toHaveLength(0);
    expect(texts(el, 'text')).toEqual(expect.arrayContaining(['Trees', 'PR-AUC']));
    // The best (largest value) lies right of the smallest on the x axis.
    const xs = [...el.querySelectorAll('g[aria-description="trial"] circle')].map((c) =>
      Number(c.getAttribute('cx')),
    );
    const bx = Number(el.querySelector('g[aria-description="best trial"] circle')?.getAttribute('cx'));
    expect(bx).toBe(Math.max(...xs));
    await expectGolden('tuning-param-numeric', el);
  });

  it('draws choices as dots per choice in their order, with a tick at each mean', () => {
    const points = [
      { index: 0, value: 'max', score: 0.4 },
      { index: 1, value: 'mean', score: 0.3 },
      { index: 2, value: 'max', score: 0.6 },
    ];
    const el = renderChart(
      tuningParamChart({
        label: 'Combine',
        kind: 'choice',
        choices: ['mean', 'max'],
        points,
        bestIndex: 2,
        objective: 'PR-AUC',
        width: 280,
      }),
    );
    expect(el.querySelectorAll('g[aria-description="trial"] circle')).toHaveLength(3);
    expect(el.querySelectorAll('g[aria-description="choice mean"] line')).toHaveLength(2);
    expect(texts(el, 'g[aria-label="x-axis tick label"] text')).toEqual(['mean', 'max']);
  });

  it('averages scores per choice, leaving out untried choices, and explains an empty chart', () => {
    const rows = [
      { index: 0, x: 'a', score: 1 },
      { index: 1, x: 'b', score: 2 },
      { index: 2, x: 'a', score: 3 },
    ];
    expect(choiceMeans(rows, ['b', 'c', 'a'])).toEqual([
      { x: 'b', mean: 2 },
      { x: 'a', mean: 2 },
    ]);
    const el = renderChart(
      tuningParamChart({ label: 'k', kind: 'numeric', points: [], bestIndex: null, objective: 'EM' }),
    );
    expect(texts(el, 'text').join(' ')).toMatch(/No finished trial/);
  });
});
