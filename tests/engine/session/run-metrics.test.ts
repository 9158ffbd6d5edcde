import { describe, expect, it } from 'vitest';
import { partMetrics } from '../../../src/engine/session/run-metrics';

describe('partMetrics', () => {
  const scores = Float64Array.from([0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.05]);
  const labels = [0, 1, 0, 0, 0, 1, 0, 1];

  it('ranks only the part rows, with the alert rate at the threshold', () => {
    // Rows 1..6: scores .9 .2 .8 .3 .7 .4, labels 1 0 0 0 1 0. Positives rank 1st and 3rd of 6.
    // ROC-AUC: positive .9 beats all 4 negatives, .7 beats 3 of 4 -> 7/8. AP: (1/1 + 2/3) / 2 = 5/6.
    const m = partMetrics('validation', [1, 2, 3, 4, 5, 6], scores, labels, 0.75);
    expect(m.rows).toBe(6);
    expect(m.positives).toBe(2);
    expect(m.rocAuc).toBeCloseTo(7 / 8, 12);
    expect(m.prAuc).toBeCloseTo(5 / 6, 12);
    expect(m.alertRate).toBeCloseTo(2 / 6, 12);
    expect(m.histogram.min).toBe(0.2);
    expect(m.histogram.max).toBe(0.9);
    expect(m.histogram.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(m.histogram.counts[19]).toBe(1);
    expect(m.histogram.counts[0]).toBe(1);
  });

  it('gives no AUCs without labels or with one class only', () => {
    expect(partMetrics('test', [0, 2, 4], scores, null, 0.5).rocAuc).toBeNull();
    const oneClass = partMetrics('test', [0, 2, 4], scores, labels, 0.5);
    expect(oneClass.rocAuc).toBeNull();
    expect(oneClass.prAuc).toBeNull();
    expect(oneClass.alertRate).toBe(0);
  });

  it('handles an empty part', () => {
    const m = partMetrics('validation', [], scores, labels, 0.5);
    expect(m).toMatchObject({ rows: 0, positives: 0, rocAuc: null, alertRate: 0 });
  });
});
