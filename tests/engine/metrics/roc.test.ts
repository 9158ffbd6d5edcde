import { describe, expect, it } from 'vitest';
import { rocAuc, rocCurve } from '../../../src/engine/metrics';

describe('rocCurve', () => {
  it('matches a hand-computed curve', () => {
    // labels [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]
    // descending: 0.8 (1), 0.4 (0), 0.35 (1), 0.1 (0); P = 2, N = 2
    // cumulative tp: 1 1 2 2 ; fp: 0 1 1 2
    // fpr = fp/2: 0 0 .5 .5 1 (with the origin first); tpr = tp/2: 0 .5 .5 1 1
    const c = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(c.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('collapses tied scores into one point', () => {
    // labels [1, 0, 1, 0, 0], scores [.9, .9, .5, .5, .1]; P = 2, N = 3
    // groups: .9 -> tp 1 fp 1; .5 -> tp 2 fp 2; .1 -> tp 2 fp 3
    const c = rocCurve([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 1, 1]);
    expect(Array.from(c.fpr)).toEqual([0, 1 / 3, 2 / 3, 1]);
  });

  it('treats 0 and -0 as one score', () => {
    expect(Array.from(rocCurve([0, 1], [0, -0]).thresholds)).toHaveLength(2);
  });

  it('accepts infinite scores', () => {
    const c = rocCurve([0, 1, 1], [-Infinity, Infinity, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 1, 1]);
    expect(rocAuc([0, 1, 1], [-Infinity, Infinity, 1])).toBe(1);
  });

  it('throws clear errors', () => {
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(/only one class \(2 positives, 0 negatives\)/);
    expect(() => rocCurve([0, 0], [0.1, 0.2])).toThrow(/only one class/);
    expect(() => rocCurve([], [])).toThrow(/only one class/);
    expect(() => rocCurve([0, 1], [0.1])).toThrow(/labels has 2 values but scores has 1/);
    expect(() => rocCurve([0, 1, 0], [0.1, 0.3, NaN])).toThrow(/rocCurve: scores\[2\] is NaN/);
    expect(() => rocAuc([0, 1, 0], [NaN, 0.3, 0.2])).toThrow(/rocAuc: scores\[0\] is NaN/);
    expect(() => rocAuc([0, -1], [0.1, 0.3])).toThrow(/labels\[1\] is -1/);
  });
});

describe('rocAuc', () => {
  it('matches a hand-computed value', () => {
    // pairs (pos, neg): (.35,.1) win, (.35,.4) loss, (.8,.1) win, (.8,.4) win -> 3/4
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('counts ties as one half (Mann-Whitney)', () => {
    // labels [1, 0, 1, 0, 0], scores [.9, .9, .5, .5, .1]
    // pos .9 vs negs .9 .5 .1: 0.5 + 1 + 1 = 2.5; pos .5 vs negs: 0 + 0.5 + 1 = 1.5; (2.5 + 1.5) / 6 = 2/3
    // trapezoid: (1/3)(0+.5)/2 + (1/3)(.5+1)/2 + (1/3)(1+1)/2 = 1/12 + 3/12 + 4/12 = 2/3
    expect(rocAuc([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1])).toBe(2 / 3);
  });

  it('is 0.5 when every score is tied, 1 when perfect, 0 when inverted', () => {
    expect(rocAuc([0, 1, 0, 1], [3, 3, 3, 3])).toBe(0.5);
    expect(rocAuc([0, 0, 1], [1, 2, 3])).toBe(1);
    expect(rocAuc([1, 0, 0], [1, 2, 3])).toBe(0);
  });
});
