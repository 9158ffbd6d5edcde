import { describe, expect, it } from 'vitest';
import { alertsCsv, csvField, metricsCsv, scoresCsv } from '../../src/client/report/csv';
import type { ModelComparison } from '../../src/engine/index';

const T0 = Date.UTC(2024, 0, 1);
const STEP = 300000;
// Two instances of four rows each; web-02's rows 5-6 are a labelled anomaly.
const ev = {
  testScores: Float64Array.from([0.1, 0.9, 0.8, 0.1, 0.2, 0.7, 0.95, 0.1]),
  testLabels: Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0]),
  testTimes: Float64Array.from([0, 1, 2, 3, 0, 1, 2, 3], (k) => T0 + k * STEP),
  segments: [
    { entity: 'web-01', start: 0, end: 4 },
    { entity: 'web-02', start: 4, end: 8 },
  ],
};
const rules = { threshold: 0.5, minDuration: 1, cooldown: 0, groupGap: 0, perEntity: {} };

describe('CSV exports', () => {
  it('quotes fields as RFC 4180 and leaves missing numbers blank', () => {
    expect([csvField('a,b'), csvField('say "hi"'), csvField(null), csvField(NaN), csvField(1.5)]).toEqual([
      '"a,b"',
      '"say ""hi"""',
      '',
      '',
      '1.5',
    ]);
  });

  it('scores: one line per test row with time, instance, score, label and alert', () => {
    const lines = scoresCsv(ev, rules).trim().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('time,instance,score,label,alert');
    expect(lines[2]).toBe('2024-01-01T00:05:00.000Z,web-01,0.9,0,1');
    expect(lines[7]).toBe('2024-01-01T00:10:00.000Z,web-02,0.95,1,1');
  });

  it('alerts: incidents as the alert rules group them, with the peak and whether they were labelled', () => {
    expect(alertsCsv(ev, rules)).toBe(
      'instance,start,end,alert_rows,peak_score,labelled\n' +
        'web-01,2024-01-01T00:05:00.000Z,2024-01-01T00:10:00.000Z,2,0.9,0\n' +
        'web-02,2024-01-01T00:05:00.000Z,2024-01-01T00:10:00.000Z,2,0.95,1\n',
    );
    // Two rows in a row needed: web-01's and web-02's pairs still alert on their second row only.
    const strict = alertsCsv(ev, { ...rules, minDuration: 2 })
      .trim()
      .split('\n');
    expect(strict.slice(1)).toEqual([
      'web-01,2024-01-01T00:10:00.000Z,2024-01-01T00:10:00.000Z,1,0.8,0',
      'web-02,2024-01-01T00:10:00.000Z,2024-01-01T00:10:00.000Z,1,0.95,1',
    ]);
    // A per-instance threshold silences web-01.
    expect(
      alertsCsv(ev, { ...rules, perEntity: { 'web-01': 2 } })
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('metrics: one row per compared model, latency in minutes', () => {
    const m = {
      label: 'iforest',
      type: 'iforest',
      threshold: 0.61,
      prAuc: 0.5,
      rocAuc: 0.9,
      precision: 0.4,
      recall: 0.8,
      f1: 0.53,
      fpr: 0.02,
      alertsPerDay: 12,
      events: 9,
      eventsDetected: 8,
      latencyMedianMs: 600000,
      vusPr: 0.45,
      nab: { standard: 60, reward_low_fp: 50, reward_low_fn: 70 },
    } as unknown as ModelComparison;
    const lines = metricsCsv([m, { ...m, label: 'kmeans, k=3', latencyMedianMs: null, nab: null }])
      .trim()
      .split('\n');
    expect(lines[0].split(',')).toHaveLength(15);
    expect(lines[1]).toBe('iforest,iforest,0.61,0.5,0.9,0.4,0.8,0.53,0.02,12,9,8,10,0.45,60');
    expect(lines[2]).toBe('"kmeans, k=3",iforest,0.61,0.5,0.9,0.4,0.8,0.53,0.02,12,9,8,,0.45,');
  });
});
