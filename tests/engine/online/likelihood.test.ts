/**
 * The anomaly likelihood: the normal tail against scipy's `log_ndtr`, the log form's reference points,
 * a short series computed by hand, and properties (in [0, 1], no ties at 1.0, causal).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnomalyLikelihood,
  NEUTRAL_LIKELIHOOD,
  anomalyLikelihoods,
  likelihoodOfLogTail,
} from '../../../src/engine/online/likelihood';
import { logNormalTail } from '../../../src/engine/online/normal-tail';

describe('logNormalTail', () => {
  // scipy.special.log_ndtr(-z) (Debian's scipy 1.10).
  const scipy: [number, number][] = [
    [0, -0.6931471805599453],
    [1.96, -3.6889636517296385],
    [2, -3.7831843336820317],
    [5, -15.064998393988727],
    [10, -53.23128515051248],
    [40, -804.6084420137539],
    [-3, -0.001350809964748193],
  ];
  it.each(scipy)('ln Q(%d) matches scipy to 1e-6 relative', (z, want) => {
    expect(Math.abs(logNormalTail(z) - want)).toBeLessThan(1e-6 * Math.abs(want));
  });

  it('is -Infinity at +Infinity, 0 at -Infinity, and decreasing', () => {
    expect(logNormalTail(Infinity)).toBe(-Infinity);
    expect(logNormalTail(-Infinity)).toBe(0);
    let last = 0;
    for (let z = -8; z <= 60; z += 0.25) {
      const v = logNormalTail(z);
      expect(v).toBeLessThan(last);
      last = v;
    }
  });
});

describe('likelihoodOfLogTail', () => {
  it("is Numenta's log form below the knee: tail 1e-5 gives 0.5, 0.5 gives 0.0301", () => {
    expect(likelihoodOfLogTail(Math.log(1e-5))).toBeCloseTo(0.5, 12);
    expect(likelihoodOfLogTail(Math.log(1e-9))).toBeCloseTo(0.9, 12);
    expect(likelihoodOfLogTail(0)).toBe(0);
    // Numenta: log(1.0000000001 - 0.5) / -23.02585084720009
    expect(NEUTRAL_LIKELIHOOD).toBeCloseTo(Math.log(1.0000000001 - 0.5) / -23.02585084720009, 9);
  });

  it('continues above 0.9 with the same slope, increasing, and below 1 for any finite log tail', () => {
    const v = (t: number) => likelihoodOfLogTail(t);
    const at = Math.log(1e-9);
    const h = 1e-6;
    const slopeBelow = (v(at) - v(at + h)) / h;
    const slopeAbove = (v(at - h) - v(at)) / h;
    expect(slopeAbove).toBeCloseTo(slopeBelow, 4);
    let last = v(at);
    for (const t of [-30, -100, -1e3, -1e6, -1e12, -1e30, -1e300]) {
      const now = v(t);
      expect(now).toBeGreaterThan(last);
      expect(now).toBeLessThan(1);
      last = now;
    }
    expect(v(-Infinity)).toBe(1);
  });
});

describe('AnomalyLikelihood', () => {
  it('gives the hand-computed values of a short series', () => {
    // shortWindow 2, reference of the earlier 2-row means (population variance), no transform.
    const l = new AnomalyLikelihood({
      shortWindow: 2,
      longWindow: 3,
      minHistory: 2,
      transform: 'none',
      minStd: 0.1,
    });
    expect(l.push(1)).toBe(NEUTRAL_LIKELIHOOD); // mean 1, no reference
    expect(l.push(3)).toBe(NEUTRAL_LIKELIHOOD); // mean 2, reference {1}
    // mean (3 + 2) / 2 = 2.5 against {1, 2}: mean 1.5, sd 0.5, z = 2, ln Q(2) = -3.78318...
    expect(l.push(2)).toBeCloseTo(3.7831843336820317 / Math.log(1e10), 6);
    // mean (2 + 10) / 2 = 6 against {1, 2, 2.5}: z = 6.68153..., ln Q = -25.16098 (scipy), past the knee.
    const v = 25.16097996632797 / Math.log(1e10);
    expect(l.push(10)).toBeCloseTo(1 - 0.1 / (1 + Math.log1p((v - 0.9) / 0.1)), 6);
  });

  it('floors the spread at minStd, and forgets values older than longWindow', () => {
    const flat = anomalyLikelihoods([...Array(50).fill(1), 1.01], {
      shortWindow: 1,
      minHistory: 10,
      transform: 'none',
      minStd: 0.01,
    });
    // z = 0.01 / 0.01 = 1: ln Q(1) = -1.841021645009264.
    expect(flat[50]).toBeCloseTo(1.841021645009264 / Math.log(1e10), 6);
    const forgetting = {
      shortWindow: 1,
      longWindow: 10,
      minHistory: 5,
      transform: 'none' as const,
      minStd: 0.5,
    };
    const a = anomalyLikelihoods([100, ...Array(20).fill(0), 3], forgetting);
    const b = anomalyLikelihoods([0, ...Array(20).fill(0), 3], forgetting);
    expect(a[21]).toBe(b[21]);
  });

  it("'empirical' counts the reference at or above the mean, and orders new maxima by the normal tail", () => {
    const p = {
      shortWindow: 1,
      longWindow: 100,
      minHistory: 4,
      tail: 'empirical' as const,
      transform: 'none' as const,
    };
    const l = anomalyLikelihoods([1, 2, 3, 4, 2.5], p);
    // 2.5 against {1, 2, 3, 4}: 2 at or above, tail (2 + 1) / 5.
    expect(l[4]).toBeCloseTo(-Math.log(3 / 5) / Math.log(1e10), 12);
    const nine = anomalyLikelihoods([1, 2, 3, 4, 9], p)[4];
    const twenty = anomalyLikelihoods([1, 2, 3, 4, 20], p)[4];
    expect(nine).toBeGreaterThan(-Math.log(1 / 5) / Math.log(1e10));
    expect(twenty).toBeGreaterThan(nine);
  });

  it('stays in [0, 1), never ties at 1.0, and a prefix of the scores gives the prefix of the likelihoods', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.record({
          shortWindow: fc.integer({ min: 1, max: 12 }),
          minHistory: fc.integer({ min: 2, max: 20 }),
          tail: fc.constantFrom('gaussian' as const, 'empirical' as const),
          estimator: fc.constantFrom('moments' as const, 'robust' as const),
          transform: fc.constantFrom('none' as const, 'log' as const),
        }),
        fc.integer({ min: 0, max: 300 }),
        (scores, p, cut) => {
          const all = anomalyLikelihoods(scores, { ...p, longWindow: 50 });
          for (const v of all) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThan(1);
          }
          const head = anomalyLikelihoods(scores.slice(0, cut), { ...p, longWindow: 50 });
          expect([...head]).toEqual([...all.subarray(0, head.length)]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a non-finite score and bad parameters, naming them', () => {
    const l = new AnomalyLikelihood();
    l.push(1);
    expect(() => l.push(NaN)).toThrow('raw score NaN at row 1');
    expect(() => new AnomalyLikelihood({ shortWindow: 0 })).toThrow("'shortWindow'");
    expect(() => new AnomalyLikelihood({ tail: 'cauchy' as never })).toThrow("'tail' must be one of");
    expect(() => new AnomalyLikelihood({ minHistory: 10, longWindow: 5 })).toThrow("'minHistory'");
  });
});
