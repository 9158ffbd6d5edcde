import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confusion, rates } from '../../../src/engine/metrics/confusion';
import { eventMetrics } from '../../../src/engine/metrics/events';
import { pointAdjustedF1 } from '../../../src/engine/metrics/point-adjust';
import { createRandom } from '../../../src/engine/util/random';

const whole = (n: number): [number, number][] => [[0, n]];

describe('pointAdjustedF1', () => {
  it('credits every row of an event with an alert (hand case)', () => {
    //              0  1  2  3  4  5  6  7  8  9
    const labels = [0, 1, 1, 1, 1, 0, 0, 1, 1, 0]; // events [1,4] and [7,8]
    const alerts = [0, 0, 0, 1, 0, 0, 1, 0, 0, 0]; // row 3 hits [1,4]; row 6 is a false alarm
    // adjusted alerts: rows 1-4 and 6 -> tp 4, fp 1, fn 2 (rows 7, 8)
    const r = pointAdjustedF1(labels, alerts, whole(10));
    expect(r.precision).toBe(4 / 5);
    expect(r.recall).toBe(4 / 6);
    expect(r.f1).toBe(8 / 11);
    // plain: tp 1, fp 1, fn 5 -> f1 = 2 / 8
    expect(r.warning).toMatch(/1 of 2 events have an alert; F1 is 0\.727 adjusted vs 0\.250 unadjusted/);
    expect(r.warning).toMatch(/recall 0\.667 vs 0\.167/);
    expect(r.warning).toMatch(/inflated/);
  });

  it('adjusts within segments only: an event cut by a segment boundary is two events', () => {
    const labels = [1, 1, 1, 1];
    const alerts = [1, 0, 0, 0];
    expect(pointAdjustedF1(labels, alerts, whole(4)).recall).toBe(1);
    expect(
      pointAdjustedF1(labels, alerts, [
        [0, 2],
        [2, 4],
      ]).recall,
    ).toBe(1 / 2);
    // rows outside segments count as in the plain metrics but are never adjusted
    expect(pointAdjustedF1([1, 1, 0], [1, 0, 0], [[2, 3]]).recall).toBe(1 / 2);
  });

  it('edge cases: no events, no alerts, all alerts', () => {
    const noEvents = pointAdjustedF1([0, 0, 0], [0, 1, 0], whole(3));
    expect([noEvents.precision, noEvents.recall, noEvents.f1]).toEqual([0, 0, 0]);
    expect(noEvents.warning).toMatch(/0 of 0 events/);
    const noAlerts = pointAdjustedF1([0, 1, 1], [0, 0, 0], whole(3));
    expect([noAlerts.precision, noAlerts.recall, noAlerts.f1]).toEqual([0, 0, 0]);
    const all = pointAdjustedF1([0, 1, 1, 0], [1, 1, 1, 1], whole(4));
    expect([all.precision, all.recall, all.f1]).toEqual([1 / 2, 1, 2 / 3]);
  });

  it('random alerts score a high adjusted F1 on long events (the inflation the warning describes)', () => {
    // 2000 rows, 5 events of 100 rows, alerts on 3% of rows at random (seeded): almost every event gets
    // an alert, so adjusted recall is ~1 while the plain F1 stays near the alert rate.
    const n = 2000;
    const labels = new Array<number>(n).fill(0);
    for (let e = 0; e < 5; e++) labels.fill(1, 200 + e * 350, 300 + e * 350);
    const rng = createRandom(7);
    const alerts = labels.map(() => (rng.next() < 0.03 ? 1 : 0));
    const pa = pointAdjustedF1(labels, alerts, whole(n));
    const plain = rates(confusion(labels, alerts)).f1;
    expect(plain).toBeLessThan(0.1);
    expect(pa.f1).toBeGreaterThan(0.6);
  });

  it('refuses bad input with a message naming the argument', () => {
    expect(() => pointAdjustedF1([0, 1], [0], whole(2))).toThrow(/labels has 2 values but alerts has 1/);
    expect(() => pointAdjustedF1([0, 1], [0, 7], whole(2))).toThrow(/pointAdjustedF1: alerts\[1\] is 7/);
    expect(() => pointAdjustedF1([0, 0.5], [0, 1], whole(2))).toThrow(/labels\[1\] is 0.5/);
    expect(() => pointAdjustedF1([0, 1], [0, 1], [[-1, 2]])).toThrow(/segments\[0\] is \[-1, 2\]/);
  });
});

const bits = (n: number) => fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n });
const series = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    labels: bits(n),
    alerts: bits(n),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: n }), { minLength: 2, maxLength: 4 }),
  }),
);
const segmentsOf = (cuts: number[]): [number, number][] => {
  const c = [...cuts].sort((a, b) => a - b);
  return c.slice(1).map((end, i) => [c[i], end]);
};

describe('point-adjust properties', () => {
  it('matches a brute-force adjustment (fixed point of spreading alerts over labelled neighbours)', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts, cuts }) => {
        const segs = segmentsOf(cuts);
        const segOf = (k: number) => segs.findIndex(([s, e]) => k >= s && k < e);
        const adj = [...alerts];
        // spread alerts to adjacent labelled rows of the same segment until nothing changes
        for (let changed = true; changed;) {
          changed = false;
          for (let k = 0; k < adj.length; k++) {
            if (adj[k] === 1 || labels[k] !== 1 || segOf(k) < 0) continue;
            for (const j of [k - 1, k + 1]) {
              if (j >= 0 && j < adj.length && labels[j] === 1 && adj[j] === 1 && segOf(j) === segOf(k)) {
                adj[k] = 1;
                changed = true;
              }
            }
          }
        }
        const want = rates(confusion(labels, adj));
        const got = pointAdjustedF1(labels, alerts, segs);
        expect([got.precision, got.recall, got.f1]).toEqual([want.precision, want.recall, want.f1]);
      }),
    );
  });

  it('point-adjusted F1, precision and recall are never below the plain ones', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts, cuts }) => {
        const pa = pointAdjustedF1(labels, alerts, segmentsOf(cuts));
        const plain = rates(confusion(labels, alerts));
        expect(pa.f1).toBeGreaterThanOrEqual(plain.f1);
        expect(pa.precision).toBeGreaterThanOrEqual(plain.precision);
        expect(pa.recall).toBeGreaterThanOrEqual(plain.recall);
      }),
    );
  });

  it('adjusted recall is 1 exactly when every event is detected (one segment over all rows)', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts }) => {
        const segs = whole(labels.length);
        const m = eventMetrics(labels, alerts, segs);
        const pa = pointAdjustedF1(labels, alerts, segs);
        if (m.events > 0) expect(pa.recall === 1).toBe(m.eventRecall === 1);
      }),
    );
  });
});
