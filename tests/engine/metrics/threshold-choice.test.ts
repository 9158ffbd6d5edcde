import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsAt, bestF1Threshold, confusion, rates } from '../../../src/engine/metrics';
import {
  chooseThreshold,
  periodDays,
  type ThresholdRule,
} from '../../../src/engine/metrics/threshold-choice';

// Rows 0..9 score 0.1..1.0; anomalies at rows 4, 6, 7, 9 (events {4}, {6, 7}, {9}); 6 normal rows.
// Going down from the top, (threshold: tp, fp): 1.0: 1,0  0.9: 1,1  0.8: 2,1  0.7: 3,1  0.6: 3,2  0.5: 4,2
// 0.4: 4,3  0.3: 4,4  0.2: 4,5  0.1: 4,6.
const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const labels = [0, 0, 0, 0, 1, 0, 1, 1, 0, 1];

describe('chooseThreshold: target FPR', () => {
  it('takes the lowest threshold within the target', () => {
    // FPR <= 0.2 means fp <= 1.2: the lowest threshold with fp = 1 is 0.7 (tp 3, F1 6/8).
    const c = chooseThreshold(labels, scores, { kind: 'fpr', target: 0.2 });
    expect(c.threshold).toBe(0.7);
    expect(c.achieved.fpr).toBeCloseTo(1 / 6, 15);
    expect(c.achieved.f1).toBeCloseTo(0.75, 15);
    expect(c.note).toMatch(/lowest threshold with FPR <= 0.2/);
    expect(chooseThreshold(labels, scores, { kind: 'fpr', target: 0 }).threshold).toBe(1.0);
    expect(chooseThreshold(labels, scores, { kind: 'fpr', target: 1 }).threshold).toBe(0.1);
  });

  it('alerts on nothing when the highest score already breaks the target', () => {
    const c = chooseThreshold([1, 0, 0], [1, 2, 2], { kind: 'fpr', target: 0.4 });
    expect(c).toEqual({
      threshold: Infinity,
      achieved: { fpr: 0, f1: 0 },
      note: expect.stringMatching(
        /no score keeps FPR <= 0.4 \(the highest alone gives 1\); alert on nothing/,
      ),
    });
  });

  it('is honest when +Infinity scores on normal rows make the target unreachable', () => {
    const c = chooseThreshold([1, 0], [1, Infinity], { kind: 'fpr', target: 0 });
    expect(c.threshold).toBe(Infinity);
    expect(c.achieved.fpr).toBe(1);
    expect(c.note).toMatch(/no threshold reaches/);
  });

  it('never exceeds the target, and one score lower would (property)', () => {
    const data = fc
      .array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -20, max: 20 })), {
        minLength: 1,
        maxLength: 60,
      })
      .filter((r) => r.some(([l]) => l === 0));
    fc.assert(
      fc.property(data, fc.double({ min: 0, max: 1, noNaN: true }), (rows, target) => {
        const ls = rows.map(([l]) => l);
        const ss = rows.map(([, s]) => s);
        const c = chooseThreshold(ls, ss, { kind: 'fpr', target });
        const fprAt = (t: number) => rates(confusion(ls, alertsAt(ss, t))).fpr;
        expect(fprAt(c.threshold)).toBeLessThanOrEqual(target);
        expect(c.achieved.fpr).toBe(fprAt(c.threshold));
        const lower = Math.max(...ss.filter((s) => s < c.threshold));
        if (lower > -Infinity) expect(fprAt(lower)).toBeGreaterThan(target);
      }),
      { seed: 1 },
    );
  });
});

describe('chooseThreshold: alert budget', () => {
  it('takes the lowest threshold within the budget, without labels', () => {
    // 10 rows over 2 days, 2 alerts/day: at most 4 alerts -> 0.7.
    const c = chooseThreshold(null, scores, { kind: 'budget', perDay: 2, days: 2 });
    expect(c).toEqual({
      threshold: 0.7,
      achieved: { alertsPerDay: 2 },
      note: expect.stringMatching(/2 alerts\/day/),
    });
    // 1.5 alerts/day over 2 days: at most 3 alerts -> 0.8.
    expect(chooseThreshold(null, scores, { kind: 'budget', perDay: 1.5, days: 2 }).threshold).toBe(0.8);
  });

  it('adds FPR and F1 when labels are given', () => {
    const c = chooseThreshold(labels, scores, { kind: 'budget', perDay: 2, days: 2 });
    expect(c.achieved.alertsPerDay).toBe(2);
    expect(c.achieved.fpr).toBeCloseTo(1 / 6, 15);
    expect(c.achieved.f1).toBeCloseTo(0.75, 15);
  });

  it('does not split ties: alerts on nothing when the top score alone is over budget', () => {
    const c = chooseThreshold(null, [3, 3, 3, 1], { kind: 'budget', perDay: 2, days: 1 });
    expect(c.threshold).toBe(Infinity);
    expect(c.achieved.alertsPerDay).toBe(0);
    expect(c.note).toMatch(/alert on nothing/);
    expect(chooseThreshold(null, [3, 3, 3, 1], { kind: 'budget', perDay: 3, days: 1 }).threshold).toBe(3);
  });

  it('never exceeds the budget, and one score lower would (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (ss, perDay, days) => {
          const c = chooseThreshold(null, ss, { kind: 'budget', perDay, days });
          const perDayAt = (t: number) => ss.filter((s) => s >= t).length / days;
          expect(perDayAt(c.threshold)).toBeLessThanOrEqual(perDay);
          expect(c.achieved.alertsPerDay).toBe(perDayAt(c.threshold));
          const lower = Math.max(...ss.filter((s) => s < c.threshold));
          if (lower > -Infinity) expect(perDayAt(lower)).toBeGreaterThan(perDay);
        },
      ),
      { seed: 2 },
    );
  });
});

describe('chooseThreshold: costs', () => {
  it('minimises the cost per row, ties toward the higher threshold', () => {
    // fp 1, fn 1: cost = fp + (4 - tp): Inf 4, 1.0 3, 0.9 4, 0.8 3, 0.7 2, 0.6 3, 0.5 2, 0.4 3 ... -> 0.7.
    const a = chooseThreshold(labels, scores, { kind: 'cost', fp: 1, fn: 1 });
    expect(a.threshold).toBe(0.7);
    expect(a.achieved.cost).toBe(2);
    expect(a.note).toBe('minimum cost 2 = 1 x 1 false-positive rows + 1 x 1 missed anomalous rows');
    // fp 1, fn 5: Inf 20, 1.0 15, 0.9 16, 0.8 11, 0.7 6, 0.6 7, 0.5 2, 0.4 3 ... -> 0.5.
    expect(chooseThreshold(labels, scores, { kind: 'cost', fp: 1, fn: 5 }).threshold).toBe(0.5);
    // fp 10, fn 1: Inf 4, 1.0 3, 0.9 13, ... -> 1.0.
    expect(chooseThreshold(labels, scores, { kind: 'cost', fp: 10, fn: 1 }).threshold).toBe(1.0);
  });

  it('counts missed events instead of rows, within segments', () => {
    // Events {4}, {6, 7}, {9} with peaks 0.5, 0.8, 1.0. fp 1, fn 1 per event:
    // Inf 3, 1.0 2, 0.9 3, 0.8 2, 0.7 2, 0.6 3, 0.5 2, 0.4 3 ... -> 1.0.
    const rule: ThresholdRule = { kind: 'cost', fp: 1, fn: 1, per: 'event' };
    const a = chooseThreshold(labels, scores, rule);
    expect(a.threshold).toBe(1.0);
    expect(a.achieved.cost).toBe(2);
    expect(a.note).toMatch(/2 missed events/);
    // Segments [0, 7) and [7, 10) split {6, 7} in two: peaks 0.5, 0.7, 0.8, 1.0:
    // Inf 4, 1.0 3, 0.9 4, 0.8 3, 0.7 2, 0.6 3, 0.5 2 ... -> 0.7.
    const split = chooseThreshold(labels, scores, rule, {
      segments: [
        [0, 7],
        [7, 10],
      ],
    });
    expect(split.threshold).toBe(0.7);
    expect(split.achieved.cost).toBe(2);
  });

  it('agrees with a brute force over every candidate (property)', () => {
    const data = fc.array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: -10, max: 10 })), {
      minLength: 1,
      maxLength: 50,
    });
    const weight = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(
        data,
        weight,
        weight,
        fc.constantFrom('row' as const, 'event' as const),
        (rows, fp, fn, per) => {
          const ls = rows.map(([l]) => l);
          const ss = rows.map(([, s]) => s);
          const costAt = (t: number) => {
            const al = alertsAt(ss, t);
            let missed = 0;
            for (let r = 0; r < ls.length; r++) {
              // per event: count a run of labels once, when it ends, if none of its rows alerted
              if (per === 'row') missed += ls[r] === 1 && !al[r] ? 1 : 0;
              else if (ls[r] === 1 && (r + 1 === ls.length || ls[r + 1] === 0)) {
                let hit = false;
                for (let k = r; k >= 0 && ls[k] === 1; k--) hit ||= al[k] === 1;
                missed += hit ? 0 : 1;
              }
            }
            return fp * confusion(ls, al).fp + fn * missed;
          };
          const candidates = [Infinity, ...[...new Set(ss)].sort((a, b) => b - a)];
          const costs = candidates.map(costAt);
          const min = Math.min(...costs);
          const c = chooseThreshold(ls, ss, { kind: 'cost', fp, fn, per });
          expect(c.achieved.cost).toBe(min);
          expect(c.threshold).toBe(candidates[costs.indexOf(min)]);
        },
      ),
      { seed: 3 },
    );
  });
});

describe('chooseThreshold: best F1', () => {
  it('reuses bestF1Threshold and adds the FPR', () => {
    // F1 = 2tp / (tp + fp + 4): best at 0.5, 8/10; FPR there 2/6.
    const c = chooseThreshold(labels, scores, { kind: 'f1' });
    expect(c.threshold).toBe(bestF1Threshold(labels, scores).threshold);
    expect(c.threshold).toBe(0.5);
    expect(c.achieved.f1).toBeCloseTo(0.8, 15);
    expect(c.achieved.fpr).toBeCloseTo(2 / 6, 15);
  });

  it('explains the no-anomaly case', () => {
    const c = chooseThreshold([0, 0], [1, 2], { kind: 'f1' });
    expect(c).toEqual({
      threshold: Infinity,
      achieved: { fpr: 0, f1: 0 },
      note: expect.stringMatching(/no anomalous row/),
    });
  });
});

describe('chooseThreshold: refusals', () => {
  it('refuses rules that need labels when there are none', () => {
    for (const rule of [
      { kind: 'fpr', target: 0.1 },
      { kind: 'cost', fp: 1, fn: 1 },
      { kind: 'f1' },
    ] as ThresholdRule[]) {
      expect(() => chooseThreshold(null, scores, rule)).toThrow(
        `rule '${rule.kind}' needs labels, but labels is null`,
      );
    }
  });

  it('names the bad argument', () => {
    expect(() => chooseThreshold(labels, [], { kind: 'f1' })).toThrow(/scores is empty/);
    expect(() => chooseThreshold([1, 1], [1, 2], { kind: 'fpr', target: 0.1 })).toThrow(/no normal row/);
    expect(() => chooseThreshold(labels, scores, { kind: 'fpr', target: 1.5 })).toThrow(/target is 1.5/);
    expect(() => chooseThreshold(null, scores, { kind: 'budget', perDay: -1, days: 1 })).toThrow(
      /perDay is -1/,
    );
    expect(() => chooseThreshold(null, scores, { kind: 'budget', perDay: 1, days: 0 })).toThrow(/days is 0/);
    expect(() => chooseThreshold(labels, scores, { kind: 'cost', fp: NaN, fn: 1 })).toThrow(/fp is NaN/);
    expect(() => chooseThreshold(labels, scores, { kind: 'cost', fp: 1, fn: -2 })).toThrow(/fn is -2/);
    expect(() =>
      chooseThreshold(labels, scores, { kind: 'cost', fp: 1, fn: 1, per: 'event' }, { segments: [[0, 11]] }),
    ).toThrow(/options.segments\[0\] is \[0, 11\]/);
    expect(() => chooseThreshold(labels, scores, { kind: 'auc' } as unknown as ThresholdRule)).toThrow(
      /rule.kind is auc/,
    );
    expect(() => chooseThreshold(labels, [1, 2, 3, 4, 5, 6, 7, 8, 9, NaN], { kind: 'f1' })).toThrow(
      /scores\[9\] is NaN/,
    );
  });
});

describe('periodDays', () => {
  it('spans the row times plus one step, or rows x step', () => {
    // 288 five-minute rows are one day.
    expect(
      periodDays(
        Float64Array.from({ length: 288 }, (_, i) => 1.7e12 + i * 300000),
        0,
      ),
    ).toBe(1);
    expect(periodDays([5e5, 0, 86400000 * 2 - 600000], 0, 600000)).toBe(2);
    expect(periodDays(null, 288)).toBe(1);
    expect(periodDays(null, 24, 3600000)).toBe(1);
  });

  it('refuses bad input', () => {
    expect(() => periodDays(null, 0)).toThrow(/rows is 0/);
    expect(() => periodDays([], 0)).toThrow(/times is empty/);
    expect(() => periodDays([0, NaN], 0)).toThrow(/times\[1\] is NaN/);
    expect(() => periodDays(null, 5, 0)).toThrow(/stepMs is 0/);
  });
});
