import { describe, expect, it } from 'vitest';
import { alertsAt, confusion, rates } from '../../../src/engine/metrics';

describe('confusion', () => {
  it('counts a hand-made case', () => {
    // row:    0  1  2  3  4  5  6
    // label:  1  1  0  0  0  1  0
    // alert:  1  0  1  0  0  1  0
    // -> tp rows 0,5 (2); fn row 1 (1); fp row 2 (1); tn rows 3,4,6 (3)
    const c = confusion([1, 1, 0, 0, 0, 1, 0], [1, 0, 1, 0, 0, 1, 0]);
    expect(c).toEqual({ tp: 2, fp: 1, tn: 3, fn: 1 });
  });

  it('accepts typed arrays', () => {
    expect(confusion(new Uint8Array([0, 1]), new Float64Array([1, 1]))).toEqual({
      tp: 1,
      fp: 1,
      tn: 0,
      fn: 0,
    });
  });

  it('is all zeros on empty input', () => {
    expect(confusion([], [])).toEqual({ tp: 0, fp: 0, tn: 0, fn: 0 });
  });

  it('refuses mismatched lengths and non-binary values, naming the index', () => {
    expect(() => confusion([0, 1], [0])).toThrow(/labels has 2 values but alerts has 1/);
    expect(() => confusion([0, 2], [0, 1])).toThrow(/labels\[1\] is 2/);
    expect(() => confusion([0, 1], [0, NaN])).toThrow(/alerts\[1\] is NaN/);
  });
});

describe('rates', () => {
  it('computes precision, recall, f1 and fpr', () => {
    // tp=2 fp=1 tn=3 fn=1: precision 2/3, recall 2/3, f1 = 4/(4+1+1) = 2/3, fpr = 1/4
    const r = rates({ tp: 2, fp: 1, tn: 3, fn: 1 });
    expect(r.precision).toBeCloseTo(2 / 3, 15);
    expect(r.recall).toBeCloseTo(2 / 3, 15);
    expect(r.f1).toBeCloseTo(2 / 3, 15);
    expect(r.fpr).toBe(0.25);
  });

  it('f1 is the harmonic mean of precision and recall', () => {
    // tp=3 fp=1 fn=5: p = 3/4, r = 3/8, 2pr/(p+r) = (9/16)/(9/8) = 1/2; 2tp/(2tp+fp+fn) = 6/12 = 1/2
    expect(rates({ tp: 3, fp: 1, tn: 0, fn: 5 }).f1).toBe(0.5);
  });

  it('reports 0 for every zero denominator (sklearn zero_division=0)', () => {
    // no alerts, no positives, no negatives: everything undefined -> 0
    expect(rates({ tp: 0, fp: 0, tn: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0, fpr: 0 });
    // no alerts: precision 0/0 -> 0; recall 0/3 = 0; f1 0/3 = 0; fpr 0/5 = 0
    expect(rates({ tp: 0, fp: 0, tn: 5, fn: 3 })).toEqual({ precision: 0, recall: 0, f1: 0, fpr: 0 });
    // no negatives: fpr 0/0 -> 0
    expect(rates({ tp: 2, fp: 0, tn: 0, fn: 1 }).fpr).toBe(0);
  });
});

describe('alertsAt', () => {
  it('alerts when score >= threshold (ties alert)', () => {
    expect(Array.from(alertsAt([0.1, 0.5, 0.7, 0.5, -1], 0.5))).toEqual([0, 1, 1, 1, 0]);
  });

  it('handles infinite thresholds', () => {
    expect(Array.from(alertsAt([1, 2], Infinity))).toEqual([0, 0]);
    expect(Array.from(alertsAt([1, 2], -Infinity))).toEqual([1, 1]);
  });

  it('returns a Uint8Array', () => {
    expect(alertsAt([1], 0)).toBeInstanceOf(Uint8Array);
  });

  it('refuses NaN scores and thresholds', () => {
    expect(() => alertsAt([1, NaN], 0)).toThrow(/scores\[1\] is NaN/);
    expect(() => alertsAt([1], NaN)).toThrow(/threshold is NaN/);
  });
});
