import { describe, expect, it } from 'vitest';
import { defaultPrepConfig, type PrepResult } from '../../src/engine/index';
import { prepSteps } from '../../src/client/report/prep-steps';

describe('preparation steps for the report', () => {
  it('says each step in the order it runs, with its counts', () => {
    const result = {
      cleaning: ['forward fill: 12 missing values filled.'],
      featureNames: Array.from({ length: 1234 }, (_, i) => `f${i}`),
      families: [
        { family: 'rolling', title: 'Rolling statistics', count: 1200 },
        { family: 'lags', title: 'Lags', count: 34 },
        { family: 'spectral', title: 'Spectral', count: 0 },
      ],
      selection: { note: 'Kept 800 of 1,234 features.' },
      memoryWarning: null,
      split: {
        trainRows: 19352,
        validationRows: 6448,
        testRows: 6456,
        gapRows: 12,
        warnings: ['No anomaly in training.'],
      },
    } as unknown as PrepResult;
    const out = prepSteps(
      { metrics: ['cpu_pct', 'mem_pct'], config: { ...defaultPrepConfig(), scaler: 'robust' } },
      result,
    );
    expect(out.steps).toEqual([
      'Metrics used: cpu_pct, mem_pct.',
      'Cleaning: forward fill: 12 missing values filled.',
      "Features: 1,234 computed per instance from each row's own past (Rolling statistics 1200, Lags 34).",
      'Selection on the training part: Kept 800 of 1,234 features.',
      'Scaling: robust scaling (median 0, interquartile range 1), fitted on the training part only.',
      'Split in time order, never shuffled: 19,352 training, 6,448 validation and 6,456 test rows, 12 rows left out as gaps between parts.',
    ]);
    expect(out.warnings).toEqual(['No anomaly in training.']);
  });
});
