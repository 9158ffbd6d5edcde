import { describe, expect, it } from 'vitest';
import { evaluateSeries } from '../../../src/engine/metrics/series-evaluation';

/** Two entities of 100 rows, each with one labelled event at rows 50-59 of its own series. */
function twoSeries(alertAt: (i: number) => boolean) {
  const n = 200;
  const labels = Float64Array.from({ length: n }, (_, i) => (i % 100 >= 50 && i % 100 < 60 ? 1 : 0));
  const alerts = Float64Array.from({ length: n }, (_, i) => (alertAt(i) ? 1 : 0));
  const scores = Float64Array.from(labels, (l, i) => l + (alerts[i] ? 0.5 : 0) + i * 1e-6);
  const segments: [number, number][] = [
    [0, 100],
    [100, 200],
  ];
  return { labels, alerts, scores, segments };
}

describe('evaluateSeries', () => {
  it('a detector alerting on the first row of every event: perfect events, NAB 100, no latency', () => {
    const { labels, alerts, scores, segments } = twoSeries((i) => i % 100 === 50);
    const r = evaluateSeries(labels, scores, alerts, segments, { stepMs: 60_000 });
    expect(r.event).toMatchObject({ events: 2, detected: 2, recall: 1, alert_events: 2, precision: 1 });
    expect(r.event.latency).toEqual({ median: 0, max: 0 });
    expect(r.nab.standard).toBeCloseTo(100, 9);
    expect(r.nab.reward_low_fn).toBeCloseTo(100, 9);
    expect(r.at_k.k).toBe(20);
    expect(r.at_k.precision).toBe(1);
    expect(r.range.recall).toBeCloseTo(0.1, 12); // each alert covers 1 of 10 rows of its range
    expect(r.vus_pr).toBeGreaterThan(0.9);
  });

  it('a detector that never alerts scores NAB 0 and detects nothing; late alerts carry latency', () => {
    const none = twoSeries(() => false);
    const r = evaluateSeries(none.labels, none.scores, none.alerts, none.segments);
    expect(r.nab.standard).toBe(0);
    expect(r.event.detected).toBe(0);
    const late = twoSeries((i) => i % 100 === 55);
    const l = evaluateSeries(late.labels, late.scores, late.alerts, late.segments, { stepMs: 60_000 });
    expect(l.event.latency).toEqual({ median: 300, max: 300 });
    expect(l.nab.standard as number).toBeLessThan(100);
    expect(l.nab.standard as number).toBeGreaterThan(0);
  });
});
