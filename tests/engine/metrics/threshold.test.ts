import { describe, expect, it } from 'vitest';
import {
  alertsAt,
  bestF1Threshold,
  confusion,
  quantileThreshold,
  rates,
  sweep,
  sweepIndex,
  sweepPoint,
} from '../../../src/engine/metrics';
import { createRandom } from '../../../src/engine/util/random';

describe('bestF1Threshold', () => {
  it('matches a hand-computed case with ties', () => {
    // labels [1, 0, 1, 0, 0], scores [.9, .9, .5, .5, .1]; P = 2, F1 = 2tp / (tp + fp + P)
    // t = .9: tp 1 fp 1 -> 2/4 = .5 ; t = .5: tp 2 fp 2 -> 4/6 = 2/3 ; t = .1: tp 2 fp 3 -> 4/7
    const b = bestF1Threshold([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1]);
    expect(b).toEqual({ threshold: 0.5, precision: 0.5, recall: 1, f1: 4 / 6 });
  });

  it('breaks equal F1 toward the higher threshold', () => {
    // labels [1, 0, 0, 1], scores [4, 3, 2, 1]; P = 2
    // t=4: tp1 fp0 -> 2/3 ; t=3: tp1 fp1 -> 2/4 ; t=2: tp1 fp2 -> 2/5 ; t=1: tp2 fp2 -> 4/6 = 2/3
    const b = bestF1Threshold([1, 0, 0, 1], [4, 3, 2, 1]);
    expect(b.threshold).toBe(4);
    expect(b.f1).toBeCloseTo(2 / 3, 15);
    expect(b.precision).toBe(1);
    expect(b.recall).toBe(0.5);
  });

  it('alerts on nothing when there are no positives', () => {
    expect(bestF1Threshold([0, 0], [1, 2])).toEqual({ threshold: Infinity, precision: 0, recall: 0, f1: 0 });
  });

  it('agrees with a brute force over every distinct score', () => {
    const rng = createRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rng.next() * 60);
      const labels = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
      labels[0] = 1;
      const scores = Array.from({ length: n }, () => Math.round(rng.next() * 10) / 2);
      let best = { threshold: NaN, f1: -1 };
      for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
        const f1 = rates(confusion(labels, alertsAt(scores, t))).f1;
        if (f1 > best.f1 + 1e-15) best = { threshold: t, f1 };
      }
      const got = bestF1Threshold(labels, scores);
      expect(got.threshold).toBe(best.threshold);
      expect(got.f1).toBeCloseTo(best.f1, 14);
    }
  });
});

describe('quantileThreshold', () => {
  it('interpolates linearly like numpy.quantile', () => {
    // sorted [1..5], q = 0.9: virtual index 4 * 0.9 = 3.6 -> 4 + 0.6 * (5 - 4) = 4.6
    expect(quantileThreshold([5, 1, 3, 2, 4], 0.1)).toBeCloseTo(4.6, 14);
    // q = 0.5 -> index 2 -> 3 exactly
    expect(quantileThreshold([5, 1, 3, 2, 4], 0.5)).toBe(3);
    // contamination 0 -> max, 1 -> min
    expect(quantileThreshold([5, 1, 3, 2, 4], 0)).toBe(5);
    expect(quantileThreshold([5, 1, 3, 2, 4], 1)).toBe(1);
  });

  it('alerts about a contamination share of rows', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => i);
    const t = quantileThreshold(scores, 0.05);
    // q = 0.95 -> index 999 * 0.95 = 949.05 -> t = 949.05; rows 950..999 alert = 50
    expect(alertsAt(scores, t).reduce((a, b) => a + b, 0)).toBe(50);
  });

  it('handles tied infinite neighbours without NaN', () => {
    expect(quantileThreshold([Infinity, Infinity, 1], 0.25)).toBe(Infinity);
  });

  it('throws clear errors', () => {
    expect(() => quantileThreshold([], 0.1)).toThrow(/empty/);
    expect(() => quantileThreshold([1, 2], 1.5)).toThrow(/contamination is 1.5/);
    expect(() => quantileThreshold([1, 2], NaN)).toThrow(/contamination is NaN/);
    expect(() => quantileThreshold([1, NaN], 0.1)).toThrow(/scores\[1\] is NaN/);
  });
});

describe('sweep', () => {
  it('tabulates every distinct score when there are few', () => {
    // labels [1, 0, 1, 0, 0], scores [.9, .9, .5, .5, .1]; P = 2, N = 3; ascending thresholds
    // t=.1: tp2 fp3 -> p .4 r 1 f1 4/7 fpr 1 alerts 5
    // t=.5: tp2 fp2 -> p .5 r 1 f1 2/3 fpr 2/3 alerts 4
    // t=.9: tp1 fp1 -> p .5 r .5 f1 .5 fpr 1/3 alerts 2
    const s = sweep([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1]);
    expect(Array.from(s.threshold)).toEqual([0.1, 0.5, 0.9]);
    expect(Array.from(s.precision)).toEqual([0.4, 0.5, 0.5]);
    expect(Array.from(s.recall)).toEqual([1, 1, 0.5]);
    expect(Array.from(s.f1)).toEqual([4 / 7, 4 / 6, 0.5]);
    expect(Array.from(s.fpr)).toEqual([1, 2 / 3, 1 / 3]);
    expect(Array.from(s.alerts)).toEqual([5, 4, 2]);
    expect(s.n).toBe(5);
    expect(s.positives).toBe(2);
  });

  it('keeps at most maxPoints exact rows, including min and max, denser in the top tail', () => {
    const rng = createRandom(11);
    const n = 5000;
    const labels = Array.from({ length: n }, () => (rng.next() < 0.02 ? 1 : 0));
    const scores = Array.from({ length: n }, () => rng.next() * 100);
    const s = sweep(labels, scores, 50);
    expect(s.threshold.length).toBeLessThanOrEqual(50);
    expect(s.threshold.length).toBeGreaterThan(40);
    expect(s.threshold[0]).toBe(Math.min(...scores));
    expect(s.threshold[s.threshold.length - 1]).toBe(Math.max(...scores));
    for (let i = 1; i < s.threshold.length; i++) expect(s.threshold[i]).toBeGreaterThan(s.threshold[i - 1]);
    // at least 10 rows alert on 1% of rows or fewer: the geometric half of the budget
    expect(Array.from(s.alerts).filter((a) => a <= n / 100).length).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < s.threshold.length; i++) {
      const a = alertsAt(scores, s.threshold[i]);
      const r = rates(confusion(labels, a));
      expect(sweepPoint(s, i)).toEqual({
        threshold: s.threshold[i],
        ...r,
        alerts: a.reduce((x, y) => x + y, 0),
      });
    }
  });

  it('allows a single class (rates with zero denominators are 0)', () => {
    const s = sweep([0, 0, 0], [1, 2, 3]);
    expect(Array.from(s.recall)).toEqual([0, 0, 0]);
    expect(Array.from(s.fpr)).toEqual([1, 2 / 3, 1 / 3]);
  });

  it('throws clear errors', () => {
    expect(() => sweep([], [])).toThrow(/no rows/);
    expect(() => sweep([0, 1], [1, 2], 1)).toThrow(/maxPoints is 1/);
    expect(() => sweep([0, 1], [1, 2], 2.5)).toThrow(/maxPoints is 2.5/);
    expect(() => sweep([0, 1], [1, NaN])).toThrow(/scores\[1\] is NaN/);
  });
});

describe('sweepIndex / sweepPoint', () => {
  const s = sweep([1, 0, 1, 0, 0], [4, 4, 2, 2, 0]); // thresholds [0, 2, 4]

  it('finds the nearest threshold, ties toward the higher one', () => {
    expect(sweepIndex(s, 2)).toBe(1);
    expect(sweepIndex(s, 0.9)).toBe(0);
    expect(sweepIndex(s, 1)).toBe(1); // halfway between 0 and 2 -> higher
    expect(sweepIndex(s, 3)).toBe(2); // halfway between 2 and 4 -> higher
    expect(sweepIndex(s, 2.9)).toBe(1);
    expect(sweepIndex(s, -Infinity)).toBe(0);
    expect(sweepIndex(s, Infinity)).toBe(2);
    expect(sweepIndex(s, 100)).toBe(2);
  });

  it('returns rows as plain objects and checks the index', () => {
    // t = 4: tp 1 fp 1 of P 2, N 3
    expect(sweepPoint(s, 2)).toEqual({
      threshold: 4,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      fpr: 1 / 3,
      alerts: 2,
    });
    expect(() => sweepPoint(s, 3)).toThrow(/out of range 0..2/);
    expect(() => sweepIndex(s, NaN)).toThrow(/NaN/);
  });
});
