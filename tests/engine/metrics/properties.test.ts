import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertsAt,
  averagePrecision,
  bestF1Threshold,
  confusion,
  prCurve,
  rates,
  rocAuc,
  rocCurve,
  sweep,
} from '../../../src/engine/metrics';

/** Rows of (label, score); scores mix a small integer range (many ties) with arbitrary finite doubles. */
const rows = (scoreArb: fc.Arbitrary<number>) =>
  fc
    .array(fc.tuple(fc.constantFrom(0, 1), scoreArb), { minLength: 2, maxLength: 80 })
    .filter((r) => r.some(([l]) => l === 1) && r.some(([l]) => l === 0))
    .map((r) => ({ labels: r.map(([l]) => l), scores: r.map(([, s]) => s) }));

const anyScore = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const intScore = fc.integer({ min: -50, max: 50 });

/** Brute-force Mann-Whitney: share of (positive, negative) pairs ordered correctly, ties counting 1/2. */
function mannWhitney(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('metric properties', () => {
  it('ROC AUC is in [0, 1] and equals the Mann-Whitney pair count', () => {
    fc.assert(
      fc.property(rows(anyScore), ({ labels, scores }) => {
        const auc = rocAuc(labels, scores);
        expect(auc).toBeGreaterThanOrEqual(0);
        expect(auc).toBeLessThanOrEqual(1);
        expect(auc).toBeCloseTo(mannWhitney(labels, scores), 12);
      }),
    );
  });

  it('AUC(labels, -scores) = 1 - AUC(labels, scores)', () => {
    fc.assert(
      fc.property(rows(anyScore), ({ labels, scores }) => {
        expect(
          rocAuc(
            labels,
            scores.map((s) => -s),
          ),
        ).toBeCloseTo(1 - rocAuc(labels, scores), 12);
      }),
    );
  });

  it('ROC AUC and average precision are invariant to strictly increasing transforms', () => {
    // Integer scores keep the transforms injective in floating point, so ties are preserved exactly.
    const transforms: ((x: number) => number)[] = [
      (x) => 2 * x + 1,
      (x) => x * x * x,
      (x) => Math.exp(x / 8),
      (x) => Math.atan(x / 4),
    ];
    fc.assert(
      fc.property(rows(intScore), fc.constantFrom(...transforms), ({ labels, scores }, f) => {
        const t = scores.map(f);
        expect(rocAuc(labels, t)).toBe(rocAuc(labels, scores));
        expect(averagePrecision(labels, t)).toBe(averagePrecision(labels, scores));
        expect(bestF1Threshold(labels, t).f1).toBe(bestF1Threshold(labels, scores).f1);
      }),
    );
  });

  it('confusion counts sum to n and agree with the ROC curve at every threshold', () => {
    fc.assert(
      fc.property(rows(anyScore), ({ labels, scores }) => {
        const roc = rocCurve(labels, scores);
        const n = labels.length;
        const p = labels.filter((l) => l === 1).length;
        for (let k = 0; k < roc.thresholds.length; k++) {
          const c = confusion(labels, alertsAt(scores, roc.thresholds[k]));
          expect(c.tp + c.fp + c.tn + c.fn).toBe(n);
          expect(c.tp / p).toBe(roc.tpr[k]);
          expect(c.fp / (n - p)).toBe(roc.fpr[k]);
        }
      }),
    );
  });

  it('average precision equals sklearn’s formula over the PR curve', () => {
    fc.assert(
      fc.property(rows(anyScore), ({ labels, scores }) => {
        const { precision, recall } = prCurve(labels, scores);
        let ap = 0;
        for (let i = 0; i + 1 < recall.length; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
        const got = averagePrecision(labels, scores);
        expect(got).toBeCloseTo(ap, 12);
        expect(got).toBeGreaterThan(0);
        expect(got).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('sweep rows are exact and bestF1 is the maximum F1 over a full sweep', () => {
    fc.assert(
      fc.property(rows(anyScore), fc.integer({ min: 2, max: 20 }), ({ labels, scores }, maxPoints) => {
        const s = sweep(labels, scores, maxPoints);
        expect(s.threshold.length).toBeLessThanOrEqual(maxPoints);
        for (let i = 0; i < s.threshold.length; i++) {
          const r = rates(confusion(labels, alertsAt(scores, s.threshold[i])));
          expect([s.precision[i], s.recall[i], s.f1[i], s.fpr[i]]).toEqual([
            r.precision,
            r.recall,
            r.f1,
            r.fpr,
          ]);
        }
        const full = sweep(labels, scores, labels.length);
        const best = bestF1Threshold(labels, scores);
        expect(best.f1).toBeCloseTo(Math.max(...full.f1), 15);
      }),
    );
  });
});
