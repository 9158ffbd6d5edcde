/**
 * Compares the metrics with scikit-learn's on seeded data (ties, rare classes, heavy tails).
 * The golden file is written by tests/reference/sklearn_metrics.py; see its header to regenerate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alertsAt,
  averagePrecision,
  confusion,
  prCurve,
  quantileThreshold,
  rates,
  rocAuc,
  rocCurve,
} from '../../../src/engine/metrics';

interface GoldenCase {
  name: string;
  labels: number[];
  scores: number[];
  roc_auc: number;
  average_precision: number;
  roc_fpr: number[];
  roc_tpr: number[];
  roc_thresholds_from_1: number[];
  pr_precision: number[];
  pr_recall: number[];
  pr_thresholds: number[];
  quantiles: { contamination: number; threshold: number }[];
  at_threshold: {
    threshold: number;
    tp: number;
    fp: number;
    tn: number;
    fn: number;
    precision: number;
    recall: number;
    f1: number;
    fpr: number;
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/sklearn-metrics.json', import.meta.url), 'utf8'),
) as { _versions: Record<string, string>; cases: GoldenCase[] };

const TOL = 1e-12;

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > TOL) {
      throw new Error(`index ${i}: got ${actual[i]}, sklearn ${expected[i]}`);
    }
  }
}

describe(`sklearn golden values (sklearn ${golden._versions.sklearn})`, () => {
  it('has cases with ties and a few hundred points', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...golden.cases.map((c) => c.labels.length))).toBeGreaterThanOrEqual(300);
  });

  for (const g of golden.cases) {
    describe(g.name, () => {
      it('roc_auc_score', () => {
        expect(Math.abs(rocAuc(g.labels, g.scores) - g.roc_auc)).toBeLessThanOrEqual(TOL);
      });

      it('average_precision_score', () => {
        expect(Math.abs(averagePrecision(g.labels, g.scores) - g.average_precision)).toBeLessThanOrEqual(TOL);
      });

      it('roc_curve(drop_intermediate=False)', () => {
        const c = rocCurve(g.labels, g.scores);
        expect(c.thresholds[0]).toBe(Infinity);
        expectClose(c.thresholds.subarray(1), g.roc_thresholds_from_1);
        expectClose(c.fpr, g.roc_fpr);
        expectClose(c.tpr, g.roc_tpr);
      });

      it('precision_recall_curve', () => {
        const c = prCurve(g.labels, g.scores);
        expectClose(c.thresholds, g.pr_thresholds);
        expectClose(c.precision, g.pr_precision);
        expectClose(c.recall, g.pr_recall);
      });

      it('numpy.quantile thresholds', () => {
        for (const q of g.quantiles) {
          expect(Math.abs(quantileThreshold(g.scores, q.contamination) - q.threshold)).toBeLessThanOrEqual(
            TOL,
          );
        }
      });

      it('confusion and rates at fixed thresholds (zero_division=0)', () => {
        for (const t of g.at_threshold) {
          const c = confusion(g.labels, alertsAt(g.scores, t.threshold));
          expect(c).toEqual({ tp: t.tp, fp: t.fp, tn: t.tn, fn: t.fn });
          const r = rates(c);
          expectClose([r.precision, r.recall, r.f1, r.fpr], [t.precision, t.recall, t.f1, t.fpr]);
        }
      });
    });
  }
});
