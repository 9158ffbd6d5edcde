import {
  alertsAt,
  applyAlertRules,
  confusion,
  eventLatencies,
  rates,
  type AlertRules,
} from '../../engine/metrics/index';
import type { EvaluationResult } from '../../engine/index';

/** What the model in use achieves on the test rows at one threshold: every number a criterion or cost needs. */
export interface Measured {
  threshold: number;
  testRows: number;
  days: number;
  alerts: number;
  /** Null without labels of both classes. */
  confusion: { tp: number; fp: number; fn: number; tn: number } | null;
  precision: number | null;
  recall: number | null;
  fpr: number | null;
  f1: number | null;
  events: number;
  eventsDetected: number;
  /** Median minutes from an event's first row to its first alert; null when no event was detected. */
  latencyMin: number | null;
  /** Fleet-wide alerting rows per day; null when the test period has no length. */
  alertsPerDay: number | null;
  /** Mean milliseconds per row of scoring the whole dataset in the worker; null when not timed. */
  scoringMsPerRow: number | null;
}

type EvaluationInput = Pick<
  EvaluationResult,
  'testScores' | 'testLabels' | 'testTimes' | 'events' | 'stepMs' | 'days' | 'scoring'
>;

/** Measures the test rows at `threshold` (alert = score >= threshold). */
export function measureAt(ev: EvaluationInput, threshold: number): Measured {
  const alerts = alertsAt(ev.testScores, threshold);
  let n = 0;
  for (const a of alerts) n += a;
  const labels = ev.testLabels;
  let positives = 0;
  if (labels) for (const l of labels) positives += l;
  const both = labels !== null && positives > 0 && positives < labels.length;
  const c = both ? confusion(labels, alerts) : null;
  const r = c ? rates(c) : null;
  const lat = labels
    ? eventLatencies(ev.events, ev.testScores, threshold, ev.testTimes, ev.stepMs ?? 300000)
    : null;
  return {
    threshold,
    testRows: ev.testScores.length,
    days: ev.days,
    alerts: n,
    confusion: c,
    precision: r ? r.precision : null,
    recall: r ? r.recall : null,
    fpr: r ? r.fpr : null,
    f1: r ? r.f1 : null,
    events: lat?.events ?? 0,
    eventsDetected: lat?.detected ?? 0,
    latencyMin: lat?.medianMs == null ? null : lat.medianMs / 60000,
    alertsPerDay: ev.days > 0 ? n / ev.days : null,
    scoringMsPerRow: ev.scoring && ev.scoring.rows > 0 ? ev.scoring.ms / ev.scoring.rows : null,
  };
}

/**
 * Alert incidents per day on the test rows with the alert rules (minimum duration, cooldown, grouping,
 * per-instance thresholds): the pages an on-call engineer would get, where alerts per day counts rows.
 */
export function incidentsPerDay(
  ev: Pick<EvaluationResult, 'testScores' | 'segments' | 'days'>,
  rules: AlertRules,
): { incidents: number; perDay: number | null } {
  const segments = ev.segments.map((s) => ({
    entity: s.entity ?? '',
    rows: Int32Array.from({ length: s.end - s.start }, (_, i) => s.start + i),
  }));
  const { incidents } = applyAlertRules(ev.testScores, segments, rules);
  return { incidents: incidents.length, perDay: ev.days > 0 ? incidents.length / ev.days : null };
}
