import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsAt } from '../../../src/engine/metrics';
import {
  AlertRuleState,
  applyAlertRules,
  defaultAlertRules,
  parseAlertRules,
  type AlertRules,
} from '../../../src/engine/metrics/alert-rules';

const rules = (over: Partial<AlertRules>): AlertRules => ({ ...defaultAlertRules(1), ...over });
const one = (scores: number[]) => [{ entity: 'a', rows: scores.map((_, i) => i) }];
const alertsOf = (scores: number[], r: AlertRules) =>
  Array.from(applyAlertRules(scores, one(scores), r).alerts);
const incidentsOf = (scores: number[], r: AlertRules) =>
  applyAlertRules(scores, one(scores), r).incidents.map((x) => [x.firstRow, x.lastRow]);

/** The rules straight from their definition, O(rows x window), for one entity's scores in time order. */
function definition(
  scores: number[],
  t: number,
  r: AlertRules,
): { alert: boolean; incidentStart: boolean }[] {
  const alert: boolean[] = [];
  const out = [];
  for (let j = 0; j < scores.length; j++) {
    let eligible = j >= r.minDuration - 1;
    for (let k = j - r.minDuration + 1; eligible && k <= j; k++) eligible = scores[k] >= t;
    let recentFiring = false;
    for (let f = Math.max(0, j - r.cooldown); f < j; f++)
      recentFiring ||= alert[f] && !(f > 0 && alert[f - 1]);
    alert[j] = eligible && ((j > 0 && alert[j - 1]) || !recentFiring);
    let recentAlert = false;
    for (let k = Math.max(0, j - r.groupGap - 1); k < j; k++) recentAlert ||= alert[k];
    out.push({ alert: alert[j], incidentStart: alert[j] && !recentAlert });
  }
  return out;
}

describe('applyAlertRules', () => {
  it('with the default rules alerts exactly where score >= threshold', () => {
    const scores = [0, 1, 2, 0.5, 1, 1, -3];
    const { alerts, incidents } = applyAlertRules(scores, one(scores), defaultAlertRules(1));
    expect(alerts).toEqual(alertsAt(scores, 1));
    expect(incidents).toEqual([
      { entity: 'a', firstRow: 1, lastRow: 2 },
      { entity: 'a', firstRow: 4, lastRow: 5 },
    ]);
  });

  it('minimum duration: alerts only after minDuration consecutive rows above', () => {
    const scores = [0, 5, 5, 0, 5, 5, 5, 0];
    expect(alertsOf(scores, rules({ minDuration: 3 }))).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    expect(alertsOf(scores, rules({ minDuration: 2 }))).toEqual([0, 0, 1, 0, 0, 1, 1, 0]);
    expect(incidentsOf(scores, rules({ minDuration: 2 }))).toEqual([
      [2, 2],
      [5, 6],
    ]);
    expect(alertsOf(scores, rules({ minDuration: 4 }))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('cooldown: suppresses new firings for cooldown rows after a firing', () => {
    // Firings at 0, then 2 and 6 are within 2 rows of the previous firing; 4 is not.
    expect(alertsOf([5, 0, 5, 0, 5, 0, 5], rules({ cooldown: 2 }))).toEqual([1, 0, 0, 0, 1, 0, 0]);
    expect(alertsOf([5, 0, 5, 0, 5, 0, 5], rules({ cooldown: 1 }))).toEqual([1, 0, 1, 0, 1, 0, 1]);
    // An ongoing alert is not cut by the cooldown; a firing 4 rows after the last one is allowed.
    expect(alertsOf([5, 5, 5, 0, 5, 5], rules({ cooldown: 3 }))).toEqual([1, 1, 1, 0, 1, 1]);
    // A suppressed run fires once the cooldown has passed, if still above.
    expect(alertsOf([5, 0, 5, 5, 5, 5], rules({ cooldown: 3 }))).toEqual([1, 0, 0, 0, 1, 1]);
  });

  it('groups alerts separated by at most groupGap quiet rows into one incident', () => {
    const scores = [5, 5, 0, 5, 0, 0, 0, 5]; // alerts at 0, 1, 3, 7
    expect(incidentsOf(scores, rules({ groupGap: 0 }))).toEqual([
      [0, 1],
      [3, 3],
      [7, 7],
    ]);
    expect(incidentsOf(scores, rules({ groupGap: 1 }))).toEqual([
      [0, 3],
      [7, 7],
    ]);
    expect(incidentsOf(scores, rules({ groupGap: 2 }))).toEqual([
      [0, 3],
      [7, 7],
    ]);
    expect(incidentsOf(scores, rules({ groupGap: 3 }))).toEqual([[0, 7]]);
    expect(alertsOf(scores, rules({ groupGap: 3 }))).toEqual([1, 1, 0, 1, 0, 0, 0, 1]);
  });

  it('uses per-entity thresholds, runs within each entity, and row indices in the incidents', () => {
    const scores = [1, 1, 2, 2, 3, 3];
    const segments = [
      { entity: 'a', rows: [0, 2, 4] },
      { entity: 'b', rows: Uint32Array.from([1, 3, 5]) },
    ];
    const r = rules({ threshold: 2, perEntity: { b: 3 } });
    const out = applyAlertRules(scores, segments, r);
    expect(Array.from(out.alerts)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(out.incidents).toEqual([
      { entity: 'a', firstRow: 2, lastRow: 4 },
      { entity: 'b', firstRow: 5, lastRow: 5 },
    ]);
    // Rows 2 and 4 are consecutive for entity a although row 3 (entity b) lies between them.
    expect(Array.from(applyAlertRules(scores, segments, { ...r, minDuration: 2 }).alerts)).toEqual([
      0, 0, 0, 0, 1, 0,
    ]);
  });

  it('never alerts rows outside the segments, and ignores inherited keys of perEntity', () => {
    const out = applyAlertRules([5, 5, 5], [{ entity: 'constructor', rows: [1] }], defaultAlertRules(1));
    expect(Array.from(out.alerts)).toEqual([0, 1, 0]);
  });

  it('refuses bad rows and scores, naming them', () => {
    const r = defaultAlertRules(1);
    expect(() => applyAlertRules([1, 2], [{ entity: 'a', rows: [0, 2] }], r)).toThrow(
      /segments\[0\].rows\[1\] is 2; it must be a row index in 0..1/,
    );
    expect(() =>
      applyAlertRules(
        [1, 2],
        [
          { entity: 'a', rows: [0] },
          { entity: 'b', rows: [0] },
        ],
        r,
      ),
    ).toThrow(/segments\[1\].rows\[0\] is row 0, which is already in a segment/);
    expect(() => applyAlertRules([1, NaN], one([1, 1]), r)).toThrow(/scores\[1\] is NaN/);
    expect(() => applyAlertRules([1], one([1]), { ...r, cooldown: -1 })).toThrow(/cooldown is -1/);
  });

  it('matches the definition of the rules (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 60 }),
        fc.record({
          threshold: fc.integer({ min: 0, max: 3 }),
          minDuration: fc.integer({ min: 1, max: 4 }),
          cooldown: fc.integer({ min: 0, max: 6 }),
          groupGap: fc.integer({ min: 0, max: 4 }),
          perEntity: fc.constant({}),
        }),
        (scores, r) => {
          const want = definition(scores, r.threshold, r);
          const got = applyAlertRules(scores, one(scores), r);
          expect(Array.from(got.alerts)).toEqual(want.map((w) => (w.alert ? 1 : 0)));
          expect(got.incidents.map((x) => x.firstRow)).toEqual(
            want.flatMap((w, j) => (w.incidentStart ? [j] : [])),
          );
        },
      ),
      { seed: 4 },
    );
  });
});

describe('AlertRuleState', () => {
  it('gives the same alerts row by row as the batch rules (property)', () => {
    const entity = fc.constantFrom('a', 'b', 'c');
    // Small integers, so that runs above the threshold, ties with it and cooldown conflicts are common.
    const level = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 3, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(entity, level), { minLength: 20, maxLength: 120 }),
        fc.record({
          threshold: level,
          minDuration: fc.integer({ min: 1, max: 4 }),
          cooldown: fc.integer({ min: 0, max: 6 }),
          groupGap: fc.integer({ min: 0, max: 4 }),
          perEntity: fc.dictionary(entity, level),
        }),
        (rows, r) => {
          const scores = rows.map(([, s]) => s);
          const segments = ['a', 'b', 'c'].map((e) => ({
            entity: e,
            rows: rows.flatMap(([x], i) => (x === e ? [i] : [])),
          }));
          const batch = applyAlertRules(scores, segments, r);
          const states = new Map(['a', 'b', 'c'].map((e) => [e, new AlertRuleState(r, e)]));
          const starts: { entity: string; row: number }[] = [];
          rows.forEach(([e, s], i) => {
            const step = states.get(e)!.push(s);
            expect(step.alert ? 1 : 0).toBe(batch.alerts[i]);
            if (step.incidentStart) starts.push({ entity: e, row: i });
          });
          const batchStarts = batch.incidents.map((x) => ({ entity: x.entity, row: x.firstRow }));
          const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row;
          expect(starts.sort(byRow)).toEqual(batchStarts.sort(byRow));
        },
      ),
      { seed: 6 },
    );
  });

  it('uses the entity threshold and refuses NaN', () => {
    const s = new AlertRuleState(rules({ threshold: 5, perEntity: { x: 2 } }), 'x');
    expect(s.threshold).toBe(2);
    expect(s.push(3)).toEqual({ alert: true, incidentStart: true });
    expect(s.push(3)).toEqual({ alert: true, incidentStart: false });
    expect(s.push(1)).toEqual({ alert: false, incidentStart: false });
    expect(() => s.push(NaN)).toThrow(/score is NaN/);
    expect(new AlertRuleState(rules({ threshold: 5, perEntity: { x: 2 } }), 'y').threshold).toBe(5);
  });
});

describe('parseAlertRules', () => {
  it('reads JSON text or a parsed value, with defaults', () => {
    const full = { threshold: 0.8, minDuration: 3, cooldown: 12, groupGap: 2, perEntity: { 'i-1': 0.9 } };
    expect(parseAlertRules(JSON.stringify(full))).toEqual(full);
    expect(parseAlertRules({ threshold: 0.8 })).toEqual(defaultAlertRules(0.8));
    expect(parseAlertRules(JSON.parse(JSON.stringify(defaultAlertRules(-2))))).toEqual(defaultAlertRules(-2));
  });

  it('keeps a __proto__ entity as data', () => {
    const r = parseAlertRules('{"threshold": 1, "perEntity": {"__proto__": 7}}');
    expect(Object.getPrototypeOf(r.perEntity)).toBe(Object.prototype);
    expect(new AlertRuleState(r, '__proto__').threshold).toBe(7);
  });

  it('names the bad field', () => {
    expect(() => parseAlertRules('{"threshold": ')).toThrow(/parseAlertRules: the text is not JSON/);
    expect(() => parseAlertRules([1])).toThrow(/must be a JSON object, got an array/);
    expect(() => parseAlertRules(null)).toThrow(/must be a JSON object, got null/);
    expect(() => parseAlertRules({})).toThrow(/threshold is missing/);
    expect(() => parseAlertRules({ threshold: '1' })).toThrow(/threshold is "1"; it must be a number/);
    expect(() => parseAlertRules({ threshold: 1, minDuration: 0 })).toThrow(
      /minDuration is 0; it must be an integer >= 1/,
    );
    expect(() => parseAlertRules({ threshold: 1, cooldown: 1.5 })).toThrow(/cooldown is 1.5/);
    expect(() => parseAlertRules({ threshold: 1, groupGap: null })).toThrow(/groupGap is null/);
    expect(() => parseAlertRules({ threshold: 1, perEntity: [] })).toThrow(/perEntity must be an object/);
    expect(() => parseAlertRules({ threshold: 1, perEntity: { a: 'x' } })).toThrow(
      /perEntity\['a'\] is "x"; it must be a number/,
    );
    expect(() => parseAlertRules({ threshold: 1, cooldow: 3 })).toThrow(/unknown field 'cooldow'/);
    expect(() => defaultAlertRules(NaN)).toThrow(/defaultAlertRules: threshold is NaN/);
  });
});
