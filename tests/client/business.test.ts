import { describe, expect, it } from 'vitest';
import { DEFAULT_COSTS, DEFAULT_CRITERIA, defaultBusiness } from '../../src/client/business/business';
import { checkCriteria } from '../../src/client/business/criteria';
import { incidentsPerDay, measureAt } from '../../src/client/business/measure';
import { falseAlarmsPerIncident, formatMoney, moneyAt, moneyFormula } from '../../src/client/business/money';
import { upgradeBusiness } from '../../src/client/business/upgrade-business';
import { parseProjectFile, projectToJson } from '../../src/client/persist';
import { defaultSettings, upgradeSettings } from '../../src/client/project';

const HOUR = 3600000;

/**
 * Ten rows of one instance, one per hour (so the test period is 10 h = 5/12 day): two labelled events,
 * rows 2-3 and 7-8. At threshold 0.5 rows 3, 5 and 8 alert: both events caught one row late (60 min),
 * one false alarm (row 5).
 */
const ev = {
  testScores: Float64Array.from([0.1, 0.2, 0.3, 0.9, 0.2, 0.6, 0.1, 0.4, 0.8, 0.1]),
  testLabels: Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 1, 1, 0]),
  testTimes: Float64Array.from({ length: 10 }, (_, i) => i * HOUR),
  events: [
    { start: 2 * HOUR, end: 3 * HOUR, firstRow: 2, lastRow: 3 },
    { start: 7 * HOUR, end: 8 * HOUR, firstRow: 7, lastRow: 8 },
  ],
  stepMs: HOUR,
  days: 10 / 24,
  scoring: { rows: 10, ms: 0.5 },
};

describe('measured values at a threshold', () => {
  it('counts the confusion, event latency, alerts per day and scoring time', () => {
    const m = measureAt(ev, 0.5);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, fn: 2, tn: 5 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBe(0.5);
    expect(m.fpr).toBeCloseTo(1 / 6, 12);
    expect(m.events).toBe(2);
    expect(m.eventsDetected).toBe(2);
    expect(m.latencyMin).toBe(60);
    expect(m.alertsPerDay).toBeCloseTo(3 / (10 / 24), 12);
    expect(m.scoringMsPerRow).toBe(0.05);
  });

  it('counts alert incidents per day with the alert rules', () => {
    const one = { ...ev, segments: [{ entity: 'web-01', start: 0, end: 10 }] };
    const rules = { threshold: 0.5, minDuration: 1, cooldown: 0, groupGap: 0, perEntity: {} };
    // Rows 3, 5 and 8 alert: three incidents; grouping over one quiet row joins 3 and 5.
    expect(incidentsPerDay(one, rules)).toEqual({ incidents: 3, perDay: 3 / (10 / 24) });
    expect(incidentsPerDay(one, { ...rules, groupGap: 1 }).incidents).toBe(2);
    expect(incidentsPerDay(one, { ...rules, minDuration: 2 }).incidents).toBe(0);
  });

  it('without labels, only alerts per day and scoring are measurable', () => {
    const m = measureAt({ ...ev, testLabels: null, events: [] }, 0.5);
    expect([m.precision, m.recall, m.fpr, m.latencyMin, m.confusion]).toEqual([null, null, null, null, null]);
    expect(m.alertsPerDay).toBeCloseTo(7.2, 12);
  });
});

describe('success criteria', () => {
  it('marks each default criterion met, not met, with the measured value', () => {
    const checks = checkCriteria(DEFAULT_CRITERIA, measureAt(ev, 0.5));
    expect(checks.map((c) => [c.name, c.target, c.shown, c.result])).toEqual([
      ['Precision', '≥ 0.85', '0.667', 'not met'],
      ['Recall', '≥ 0.8', '0.500', 'not met'],
      ['False-positive rate', '≤ 0.05', '0.1667', 'not met'],
      ['Median detection latency', '≤ 5 min', '60.0 min (2/2 events)', 'not met'],
      ['Alerts per day (fleet)', '≤ 20', '7.2', 'met'],
      ['Scoring latency', '≤ 1 ms/row', '0.050 ms/row', 'met'],
    ]);
  });

  it('honours the comparison and the target of each criterion', () => {
    const m = measureAt(ev, 0.5);
    const [lo, hi, edge] = checkCriteria(
      [
        { metric: 'precision', op: '<=', value: 0.7 },
        { metric: 'latency', op: '<=', value: 59 },
        { metric: 'recall', op: '>=', value: 0.5 },
      ],
      m,
    );
    expect([lo.result, hi.result, edge.result]).toEqual(['met', 'not met', 'met']);
  });

  it('says not measurable, and why, when the data cannot tell', () => {
    const checks = checkCriteria(
      DEFAULT_CRITERIA,
      measureAt({ ...ev, testLabels: null, events: [], scoring: null }, 0.5),
    );
    expect(checks.map((c) => c.result)).toEqual([
      'not measurable',
      'not measurable',
      'not measurable',
      'not measurable',
      'met',
      'not measurable',
    ]);
    expect(checks[0].reason).toMatch(/no labels/);
    expect(checks[3].reason).toMatch(/no labelled event/);
    expect(checks[5].reason).toMatch(/not timed/);
  });

  it('a latency target with events but none detected is not met', () => {
    const [c] = checkCriteria([{ metric: 'latency', op: '<=', value: 5 }], measureAt(ev, 0.95));
    expect(c.result).toBe('not met');
    expect(c.shown).toBe('no event detected (0/2)');
  });
});

describe('money at the threshold', () => {
  it('saved = caught x miss cost - false alarms x false-alarm cost, per day and month', () => {
    const o = moneyAt(measureAt(ev, 0.5), { ...DEFAULT_COSTS, missedIncident: 1000, falseAlarm: 100 });
    expect(o).toMatchObject({
      events: 2,
      caught: 2,
      missed: 0,
      falseAlarms: 1,
      baseline: 2000,
      withDetector: 100,
    });
    expect(o?.saved).toBe(1900);
    expect(o?.savedPerDay).toBeCloseTo(1900 / (10 / 24), 9);
    expect(o?.savedPerMonth).toBeCloseTo((1900 / (10 / 24)) * 30, 9);
    expect(o?.withinBudget).toBe(true);
  });

  it('a low threshold loses money when false alarms outweigh the incidents caught', () => {
    const o = moneyAt(measureAt(ev, 0), {
      ...DEFAULT_COSTS,
      missedIncident: 100,
      falseAlarm: 50,
      alertBudgetPerDay: 5,
    });
    // Every row alerts: 6 false alarms, both incidents caught.
    expect(o?.saved).toBe(2 * 100 - 6 * 50);
    expect(o?.withinBudget).toBe(false);
    expect(formatMoney(o!.saved, '$')).toBe('-$100');
    expect(formatMoney(12500, 'EUR')).toBe('12,500 EUR');
    expect(falseAlarmsPerIncident({ missedIncident: 5000, falseAlarm: 30 })).toBe(166);
    expect(falseAlarmsPerIncident({ missedIncident: 5000, falseAlarm: 0 })).toBeNull();
  });

  it('states the formula with its numbers, and has nothing to price without labels', () => {
    const costs = { ...DEFAULT_COSTS, missedIncident: 1000, falseAlarm: 100 };
    const o = moneyAt(measureAt(ev, 0.5), costs)!;
    expect(moneyFormula(o, costs)).toBe(
      'saved = incidents caught × missed-incident cost − false alarms × false-alarm cost = 2 × $1,000 − 1 × $100 = $1,900 over 0.4 test days (no-detector baseline: 2 missed incidents = $2,000)',
    );
    expect(moneyAt(measureAt({ ...ev, testLabels: null, events: [] }, 0.5), costs)).toBeNull();
  });
});

describe('business settings in project files', () => {
  it('round-trip through Export / Import with texts, criteria, costs, stakeholders and notes', () => {
    const s = defaultSettings();
    s.business.risks = '- **new** risk';
    s.business.criteria = [{ metric: 'alertsPerDay', op: '<=', value: 12 }];
    s.business.costs = { missedIncident: 900, falseAlarm: 12.5, alertBudgetPerDay: 8, currency: 'EUR' };
    s.business.stakeholders = [{ role: 'NOC', needs: 'a, "quoted" need' }];
    s.notes = { 'evaluation/evaluate': { title: 'ROC', text: 'The curve *bends* early.' } };
    const file = projectToJson({
      format: 'anomaly-workbench-project',
      version: 1,
      savedAt: 'x',
      settings: s,
      train: null,
    });
    const back = upgradeSettings(parseProjectFile(file, 'p.json').settings);
    expect(back.business).toEqual(s.business);
    expect(back.notes).toEqual(s.notes);
  });

  it('a project saved before this version opens with its four targets kept and defaults for the rest', () => {
    const old = {
      ...defaultSettings(),
      business: {
        objectives: 'Old goal',
        criteria: { precision: 0.9, recall: 0.7, fpr: 0.01, latencyMin: 10 },
      },
    } as unknown as Parameters<typeof upgradeSettings>[0];
    delete (old as { notes?: unknown }).notes;
    const s = upgradeSettings(old);
    const d = defaultBusiness();
    expect(s.business.objectives).toBe('Old goal');
    expect(s.business.scope).toBe(d.scope);
    expect(s.business.costs).toEqual(d.costs);
    expect(s.business.stakeholders).toEqual(d.stakeholders);
    expect(s.business.criteria).toEqual([
      { metric: 'precision', op: '>=', value: 0.9 },
      { metric: 'recall', op: '>=', value: 0.7 },
      { metric: 'fpr', op: '<=', value: 0.01 },
      { metric: 'latency', op: '<=', value: 10 },
      { metric: 'alertsPerDay', op: '<=', value: 20 },
      { metric: 'scoringLatency', op: '<=', value: 1 },
    ]);
    expect(s.notes).toEqual({});
  });

  it('refuses a malformed field, naming it', () => {
    expect(() => upgradeBusiness({ criteria: [{ metric: 'accuracy', op: '>=', value: 1 }] })).toThrow(
      /settings\.business\.criteria\[0\]\.metric is "accuracy"; use one of precision/,
    );
    expect(() => upgradeBusiness({ criteria: [{ metric: 'recall', op: '>', value: 1 }] })).toThrow(
      /criteria\[0\]\.op is ">"/,
    );
    expect(() => upgradeBusiness({ costs: { falseAlarm: 'ten' } })).toThrow(
      /settings\.business\.costs\.falseAlarm is "ten"; it must be a finite number/,
    );
    expect(() => upgradeBusiness({ stakeholders: [{ role: 3 }] })).toThrow(/stakeholders\[0\]\.role is 3/);
    expect(() => upgradeSettings({ ...defaultSettings(), notes: { 'data/x': {} } } as never)).toThrow(
      /settings\.notes\["data\/x"\]\.text is missing/,
    );
  });
});
