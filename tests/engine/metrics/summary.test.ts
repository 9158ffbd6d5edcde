import { describe, expect, it } from 'vitest';
import { evaluateScores } from '../../../src/engine/metrics';

describe('evaluateScores', () => {
  it('combines AUCs from scores and rates from alerts', () => {
    // labels [0, 0, 1, 1], scores [.1, .4, .35, .8]: roc_auc 3/4, AP 5/6 (see roc/pr tests)
    // alerts [0, 1, 0, 1]: tp 1 (row 3), fp 1 (row 1), fn 1 (row 2), tn 1 (row 0)
    // precision 1/2, recall 1/2, f1 2/(2+1+1) = 1/2, fpr 1/2
    const e = evaluateScores([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], [0, 1, 0, 1]);
    expect(e.roc_auc).toBe(0.75);
    expect(e.pr_auc).toBeCloseTo(5 / 6, 15);
    expect(e).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, fpr: 0.5, n: 4, positives: 2 });
    expect(Object.keys(e).sort()).toEqual([
      'f1',
      'fpr',
      'n',
      'positives',
      'pr_auc',
      'precision',
      'recall',
      'roc_auc',
    ]);
  });

  it('reports null AUCs when only one class is present', () => {
    // all normal, one alert: precision 0/1 = 0, recall 0/0 -> 0, fpr 1/3
    const e = evaluateScores([0, 0, 0], [1, 2, 3], [0, 0, 1]);
    expect(e.roc_auc).toBeNull();
    expect(e.pr_auc).toBeNull();
    expect(e).toMatchObject({ precision: 0, recall: 0, f1: 0, fpr: 1 / 3, n: 3, positives: 0 });
    expect(evaluateScores([1, 1], [1, 2], [1, 1])).toMatchObject({
      roc_auc: null,
      pr_auc: null,
      precision: 1,
    });
    expect(JSON.parse(JSON.stringify(evaluateScores([], [], [])))).toMatchObject({ roc_auc: null, n: 0 });
  });

  it('refuses bad input even when the AUCs are skipped', () => {
    expect(() => evaluateScores([0, 0], [1, NaN], [0, 0])).toThrow(/evaluateScores: scores\[1\] is NaN/);
    expect(() => evaluateScores([0, 1], [1], [0, 0])).toThrow(/same length/);
    expect(() => evaluateScores([0, 1], [1, 2], [0])).toThrow(/same length/);
    expect(() => evaluateScores([0, 1], [1, 2], [0, 3])).toThrow(/alerts\[1\] is 3/);
  });
});
