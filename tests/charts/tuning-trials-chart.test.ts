import { describe, expect, it } from 'vitest';
import { runningBest, scoreTicks, tuningTrialsChart } from '../../src/charts/tuning-trials-chart';
import { expectGolden, renderChart, texts } from './golden';

const trials = [
  { index: 0, score: 0.41 },
  { index: 1, score: 0.35 },
  { index: 2, score: null },
  { index: 3, score: 0.62 },
  { index: 4, score: 0.58 },
];

describe('runningBest', () => {
  it('keeps the best score so far in trial order, in either direction', () => {
    expect(runningBest(trials, 'maximize')).toEqual([
      { index: 0, best: 0.41 },
      { index: 1, best: 0.41 },
      { index: 2, best: 0.41 },
      { index: 3, best: 0.62 },
      { index: 4, best: 0.62 },
    ]);
    expect(runningBest([...trials].reverse(), 'minimize').map((s) => s.best)).toEqual([
      0.41, 0.35, 0.35, 0.35, 0.35,
    ]);
    // Nothing before the first finished trial.
    expect(
      runningBest(
        [
          { index: 0, score: null },
          { index: 1, score: 2 },
        ],
        'maximize',
      ),
    ).toEqual([{ index: 1, best: 2 }]);
  });
});

describe('tuningTrialsChart', () => {
  it('draws a dot per finished trial, the running best, the best ringed and named, failures as rules', async () => {
    const el = renderChart(
      tuningTrialsChart({
        trials,
        bestIndex: 3,
        direction: 'maximize',
        objective: 'Validation PR-AUC',
        width: 560,
      }),
    );
    expect(el.querySelectorAll('g[aria-description="trial score"] circle')).toHaveLength(4);
    expect(el.querySelectorAll('g[aria-description="best trial"] circle')).toHaveLength(1);
    expect(el.querySelectorAll('g[aria-description="failed trial"] line')).toHaveLength(1);
    expect(el.querySelectorAll('g[aria-description="running best"] path')).toHaveLength(1);
    expect(texts(el, 'g[aria-description="best label"] text')).toEqual(['best: trial 3 (0.62)']);
    expect(texts(el, 'text')).toContain('Validation PR-AUC (higher is better)');
    // Every trial number is a tick when there are few.
    expect(texts(el, 'g[aria-label="x-axis tick label"] text')).toEqual(['0', '1', '2', '3', '4']);
    await expectGolden('tuning-trials', el);
  });

  it('says lower is better for mass volume, and explains an empty search', () => {
    const el = renderChart(
      tuningTrialsChart({
        trials,
        bestIndex: 1,
        direction: 'minimize',
        objective: 'Mass volume',
        width: 400,
      }),
    );
    expect(texts(el, 'text')).toContain('Mass volume (lower is better)');
    expect(texts(el, 'g[aria-description="best label"] text')).toEqual(['best: trial 1 (0.35)']);
    const empty = renderChart(
      tuningTrialsChart({
        trials: [{ index: 0, score: null }],
        bestIndex: null,
        direction: 'maximize',
        objective: 'x',
      }),
    );
    expect(texts(empty, 'text').join(' ')).toMatch(/as trials finish/);
  });
});

describe('scoreTicks', () => {
  it('writes tiny and large scores in full and widens the margin to fit them', () => {
    const tiny = scoreTicks([0.00019, 0.00034]);
    expect(tiny.tickFormat(0.00035)).toBe('0.00035');
    expect(tiny.tickFormat(0.000123456)).toBe('0.000123');
    expect(tiny.marginLeft).toBeGreaterThanOrEqual(14 + 7 * '0.00035'.length);
    expect(scoreTicks([0.35, 0.41]).marginLeft).toBeLessThanOrEqual(50);
    const el = renderChart(
      tuningTrialsChart({
        trials: [
          { index: 0, score: 0.00034 },
          { index: 1, score: 0.00019 },
        ],
        bestIndex: 0,
        direction: 'maximize',
        objective: 'Excess mass',
        width: 400,
      }),
    );
    expect(texts(el, 'g[aria-label="y-axis tick label"] text')).toContain('0.0003');
  });
});
