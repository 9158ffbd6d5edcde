import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confusion, rates } from '../../../src/engine/metrics/confusion';
import { alertEvents, eventMetrics } from '../../../src/engine/metrics/events';
import { labelledEvents } from '../../../src/engine/metrics/latency';

const whole = (n: number): [number, number][] => [[0, n]];
const ev = (firstRow: number, lastRow: number) => ({ firstRow, lastRow });

describe('alertEvents', () => {
  it('groups runs and bridges gaps of at most maxGap silent rows', () => {
    //             0  1  2  3  4  5  6  7
    const alerts = [0, 1, 1, 0, 1, 0, 0, 1];
    expect(alertEvents(alerts, whole(8))).toEqual([ev(1, 2), ev(4, 4), ev(7, 7)]);
    expect(alertEvents(alerts, whole(8), 1)).toEqual([ev(1, 4), ev(7, 7)]);
    expect(alertEvents(alerts, whole(8), 2)).toEqual([ev(1, 7)]);
    expect(alertEvents(alerts, whole(8), 100)).toEqual([ev(1, 7)]);
  });

  it('never crosses a segment boundary and ignores rows outside segments', () => {
    const alerts = [0, 1, 1, 1, 1, 0, 1, 1];
    expect(
      alertEvents(
        alerts,
        [
          [0, 3],
          [3, 6],
        ],
        5,
      ),
    ).toEqual([ev(1, 2), ev(3, 4)]);
    expect(alertEvents(alerts, [[2, 5]])).toEqual([ev(2, 4)]);
  });

  it('edge cases: no alerts, all alerts, empty segments', () => {
    expect(alertEvents([0, 0, 0], whole(3))).toEqual([]);
    expect(alertEvents([1, 1, 1], whole(3))).toEqual([ev(0, 2)]);
    expect(alertEvents([1, 1, 1], [[1, 1]])).toEqual([]);
    expect(alertEvents([], [])).toEqual([]);
  });

  it('refuses non-binary alerts, bad segments and bad maxGap', () => {
    expect(() => alertEvents([0, 2], whole(2))).toThrow(/alertEvents: alerts\[1\] is 2/);
    expect(() => alertEvents([0, 1], [[1, 0]])).toThrow(/segments\[0\] is \[1, 0\]/);
    expect(() => alertEvents([0, 1], [[0, 1.5]])).toThrow(/segments\[0\]/);
    expect(() =>
      alertEvents(
        [0, 1],
        [
          [0, 2],
          [1, 2],
        ],
      ),
    ).toThrow(/segments\[0\] and segments\[1\] overlap/);
    expect(() => alertEvents([0, 1], whole(2), -1)).toThrow(/maxGap is -1/);
    expect(() => alertEvents([0, 1], whole(2), 0.5)).toThrow(/maxGap is 0.5/);
  });
});

describe('eventMetrics', () => {
  //              0  1  2  3  4  5  6  7  8  9 10 11
  const labels = [0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0]; // events [1,3], [6,7], [10,10]
  const alerts = [0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0]; // alert events [3,4], [8,8], [10,10]

  it('counts detected events, true-positive alert events and latencies (hand case)', () => {
    const m = eventMetrics(labels, alerts, whole(12));
    // events [1,3] (first alert row 3: 2 steps) and [10,10] (0 steps) detected, [6,7] missed
    // alert events [3,4] and [10,10] overlap events, [8,8] does not
    expect(m).toEqual({
      events: 3,
      detected: 2,
      eventRecall: 2 / 3,
      alertEvents: 3,
      truePositiveAlertEvents: 2,
      eventPrecision: 2 / 3,
      latency: { medianMs: 300000, maxMs: 600000, perEvent: [600000, null, 0] },
    });
  });

  it('uses times and stepMs for latencies', () => {
    const times = labels.map((_, i) => 1000 * i * i); // irregular sampling
    const m = eventMetrics(labels, alerts, whole(12), { times });
    expect(m.latency.perEvent).toEqual([1000 * (9 - 1), null, 0]);
    expect(m.latency.maxMs).toBe(8000);
    expect(eventMetrics(labels, alerts, whole(12), { stepMs: 60000 }).latency.perEvent).toEqual([
      120000,
      null,
      0,
    ]);
  });

  it('maxGap merges alert events before they are scored', () => {
    // with maxGap 3, [3,4], [8,8] and [10,10] become one alert event [3,10], which overlaps events
    const m = eventMetrics(labels, alerts, whole(12), { maxGap: 3 });
    expect(m.alertEvents).toBe(1);
    expect(m.truePositiveAlertEvents).toBe(1);
    expect(m.eventPrecision).toBe(1);
    // alerts at rows 1 and 4 merge into [1,4]; the labelled row 3 lies in the bridged gap: an overlap, but
    // the event itself has no alerting row, so it is not detected
    const m2 = eventMetrics([0, 0, 0, 1, 0], [0, 1, 0, 0, 1], whole(5), { maxGap: 2 });
    expect(m2.truePositiveAlertEvents).toBe(1);
    expect(m2.detected).toBe(0);
  });

  it('keeps events and alerts of different segments apart, in any segment order', () => {
    // rows 0-3 entity A, rows 4-7 entity B; the alert at row 4 belongs to B and must not detect A's event
    const l = [0, 0, 1, 1, 0, 0, 0, 0];
    const a = [0, 0, 0, 0, 1, 0, 0, 0];
    const segs: [number, number][] = [
      [4, 8],
      [0, 4],
    ];
    const m = eventMetrics(l, a, segs);
    expect(m.detected).toBe(0);
    expect(m.truePositiveAlertEvents).toBe(0);
    const m2 = eventMetrics(l, [0, 0, 0, 1, 0, 0, 0, 1], segs);
    expect([m2.detected, m2.alertEvents, m2.truePositiveAlertEvents]).toEqual([1, 2, 1]);
  });

  it('edge cases: no events, no alerts, all alerts', () => {
    expect(eventMetrics([0, 0, 0], [0, 1, 0], whole(3))).toEqual({
      events: 0,
      detected: 0,
      eventRecall: 0,
      alertEvents: 1,
      truePositiveAlertEvents: 0,
      eventPrecision: 0,
      latency: { medianMs: null, maxMs: null, perEvent: [] },
    });
    const none = eventMetrics(labels, new Array<number>(12).fill(0), whole(12));
    expect([none.detected, none.eventRecall, none.alertEvents, none.eventPrecision]).toEqual([0, 0, 0, 0]);
    expect(none.latency).toEqual({ medianMs: null, maxMs: null, perEvent: [null, null, null] });
    const all = eventMetrics(labels, new Array<number>(12).fill(1), whole(12));
    expect([all.eventRecall, all.alertEvents, all.eventPrecision]).toEqual([1, 1, 1]);
    expect(all.latency.perEvent).toEqual([0, 0, 0]);
  });

  it('refuses bad input with a message naming the argument', () => {
    expect(() => eventMetrics([0, 1], [0], whole(2))).toThrow(/labels has 2 values but alerts has 1/);
    expect(() => eventMetrics([0, 1], [0, 1], whole(2), { times: [0] })).toThrow(/times has 1/);
    expect(() => eventMetrics([0, 3], [0, 1], whole(2))).toThrow(/labels\[1\] is 3/);
    expect(() => eventMetrics([0, 1], [0, -1], whole(2))).toThrow(/alerts\[1\] is -1/);
    expect(() => eventMetrics([0, 1], [0, 1], [[0, 5]])).toThrow(/segments\[0\] is \[0, 5\]/);
    expect(() => eventMetrics([0, 1], [0, 1], whole(2), { stepMs: 0 })).toThrow(/stepMs is 0/);
    expect(() => eventMetrics([0, 1], [0, 1], whole(2), { maxGap: -2 })).toThrow(/maxGap is -2/);
  });
});

const bits = (n: number) => fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n });
const series = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    labels: bits(n),
    alerts: bits(n),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: n }), { minLength: 2, maxLength: 4 }),
    maxGap: fc.integer({ min: 0, max: 4 }),
  }),
);
const segmentsOf = (cuts: number[]): [number, number][] => {
  const c = [...cuts].sort((a, b) => a - b);
  return c.slice(1).map((end, i) => [c[i], end]);
};

describe('event metric properties', () => {
  it('alertEvents with maxGap 0 are the labelled events of the alerts; larger gaps never add events', () => {
    fc.assert(
      fc.property(series, ({ alerts, cuts, maxGap }) => {
        const segs = segmentsOf(cuts);
        expect(alertEvents(alerts, segs)).toEqual(labelledEvents(alerts, segs));
        expect(alertEvents(alerts, segs, maxGap + 1).length).toBeLessThanOrEqual(
          alertEvents(alerts, segs, maxGap).length,
        );
      }),
    );
  });

  it('alert events cover exactly the alerting rows, start and end on an alert and are >maxGap apart', () => {
    fc.assert(
      fc.property(series, ({ alerts, cuts, maxGap }) => {
        const segs = segmentsOf(cuts);
        const groups = alertEvents(alerts, segs, maxGap);
        const inSegment = (k: number) => segs.some(([s, e]) => k >= s && k < e);
        const covered = new Set<number>();
        for (const g of groups) {
          expect(alerts[g.firstRow]).toBe(1);
          expect(alerts[g.lastRow]).toBe(1);
          for (let k = g.firstRow; k <= g.lastRow; k++) if (alerts[k] === 1) covered.add(k);
        }
        for (let k = 0; k < alerts.length; k++) expect(covered.has(k)).toBe(alerts[k] === 1 && inSegment(k));
        for (let i = 1; i < groups.length; i++) {
          const sameSegment = segs.some(([s, e]) => groups[i - 1].firstRow >= s && groups[i].lastRow < e);
          if (sameSegment) expect(groups[i].firstRow - groups[i - 1].lastRow - 1).toBeGreaterThan(maxGap);
        }
      }),
    );
  });

  it('counts match a brute-force overlap check, and both ratios are in [0, 1]', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts, cuts, maxGap }) => {
        const segs = segmentsOf(cuts);
        const m = eventMetrics(labels, alerts, segs, { maxGap });
        const events = labelledEvents(labels, segs);
        const groups = alertEvents(alerts, segs, maxGap);
        const overlaps = (
          a: { firstRow: number; lastRow: number },
          b: { firstRow: number; lastRow: number },
        ) => a.firstRow <= b.lastRow && b.firstRow <= a.lastRow;
        const hit = (e: { firstRow: number; lastRow: number }) =>
          alerts.slice(e.firstRow, e.lastRow + 1).includes(1);
        expect(m.detected).toBe(events.filter(hit).length);
        expect(m.truePositiveAlertEvents).toBe(
          groups.filter((g) => events.some((e) => overlaps(e, g))).length,
        );
        expect(m.latency.perEvent.filter((x) => x !== null).length).toBe(m.detected);
        for (const v of [m.eventRecall, m.eventPrecision]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('event recall >= point recall when every event has at least one alert', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts }) => {
        // one segment over all rows, so that every labelled row belongs to an event
        const segs: [number, number][] = [[0, labels.length]];
        // give every event an alert on its last row
        const a = [...alerts];
        for (const e of labelledEvents(labels, segs)) a[e.lastRow] = 1;
        const m = eventMetrics(labels, a, segs);
        const point = rates(confusion(labels, a)).recall;
        expect(m.eventRecall).toBeGreaterThanOrEqual(point);
        if (m.events > 0) expect(m.eventRecall).toBe(1);
      }),
    );
  });
});
