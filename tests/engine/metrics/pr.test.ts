import { describe, expect, it } from 'vitest';
import { averagePrecision, prCurve } from '../../../src/engine/metrics';

describe('prCurve', () => {
  it('matches a hand-computed curve in sklearn order (thresholds increasing, recall decreasing)', () => {
    // labels [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]; P = 2
    // descending groups: 0.8 tp1 fp0 | 0.4 tp1 fp1 | 0.35 tp2 fp1 | 0.1 tp2 fp2
    // precision: 1, 1/2, 2/3, 1/2 ; recall: 1/2, 1/2, 1, 1
    // reversed, plus the final (precision 1, recall 0) point without a threshold
    const c = prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(c.thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(Array.from(c.precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(c.recall)).toEqual([1, 1, 0.5, 0.5, 0]);
  });

  it('keeps thresholds after recall reaches 1 and collapses ties', () => {
    // labels [1, 0, 1, 0, 0], scores [.9, .9, .5, .5, .1]
    // groups .9: tp1 fp1 (p .5, r .5); .5: tp2 fp2 (p .5, r 1); .1: tp2 fp3 (p .4, r 1)
    const c = prCurve([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1]);
    expect(Array.from(c.thresholds)).toEqual([0.1, 0.5, 0.9]);
    expect(Array.from(c.precision)).toEqual([0.4, 0.5, 0.5, 1]);
    expect(Array.from(c.recall)).toEqual([1, 1, 0.5, 0]);
  });

  it('allows labels with no negatives (precision 1)', () => {
    const c = prCurve([1, 1], [1, 2]);
    expect(Array.from(c.precision)).toEqual([1, 1, 1]);
    expect(Array.from(c.recall)).toEqual([1, 0.5, 0]);
  });

  it('throws clear errors', () => {
    expect(() => prCurve([0, 0], [1, 2])).toThrow(/prCurve: labels contain no positives/);
    expect(() => averagePrecision([0, 0], [1, 2])).toThrow(/averagePrecision: labels contain no positives/);
    expect(() => prCurve([0, 1], [1, NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => prCurve([0, 1], [1])).toThrow(/same length/);
  });
});

describe('averagePrecision', () => {
  it('matches hand-computed values', () => {
    // [0,0,1,1] / [.1,.4,.35,.8]: (0.5 - 0) * 1 + (1 - 0.5) * 2/3 = 1/2 + 1/3 = 5/6
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
    // ties: (0.5 - 0) * 0.5 + (1 - 0.5) * 0.5 + (1 - 1) * 0.4 = 0.5
    expect(averagePrecision([1, 0, 1, 0, 0], [0.9, 0.9, 0.5, 0.5, 0.1])).toBe(0.5);
  });

  it('is the positive rate when every score is tied and 1 when perfect', () => {
    // one group: recall 0 -> 1 at precision 2/5
    expect(averagePrecision([1, 0, 1, 0, 0], [7, 7, 7, 7, 7])).toBe(0.4);
    expect(averagePrecision([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
  });

  it('is a step sum, not the trapezoid area', () => {
    // labels [1, 0], scores [1, 2]: descending 2 (neg) then 1 (pos)
    // step: (1 - 0) * 1/2 = 0.5; a trapezoid from (r 0, p 1) would give 0.75
    expect(averagePrecision([1, 0], [1, 2])).toBe(0.5);
  });
});
