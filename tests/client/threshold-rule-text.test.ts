import { describe, expect, it } from 'vitest';
import { thresholdRuleText } from '../../src/client/threshold-rule-text';

describe('thresholdRuleText', () => {
  it('names every rule', () => {
    expect(thresholdRuleText({ kind: 'best-f1', f1: 0.8 })).toBe('best F1 on the training labels');
    expect(thresholdRuleText({ kind: 'contamination', contamination: 0.05 })).toBe(
      'contamination quantile of the training scores',
    );
    expect(thresholdRuleText({ kind: 'contamination', contamination: 0.05, sampledRows: 20000 })).toBe(
      'contamination quantile of the scores of 20,000 evenly spaced training rows',
    );
    expect(thresholdRuleText({ kind: 'contamination', contamination: 0.05, bestF1AlertShare: 0.895 })).toBe(
      'contamination quantile of the training scores; the best-F1 threshold on the training labels would alert 90% of the training rows, as these scores barely separate the labelled anomalies',
    );
    expect(thresholdRuleText({ kind: 'calibrated' })).toMatch(/own threshold on its calibrated scores/);
    expect(thresholdRuleText({ kind: 'manual' })).toBe('set by hand');
  });
});
