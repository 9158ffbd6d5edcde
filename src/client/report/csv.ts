import { applyAlertRules, type AlertRules } from '../../engine/metrics/index';
import type { EvaluationResult, ModelComparison } from '../../engine/index';

type TestRows = Pick<EvaluationResult, 'testScores' | 'testLabels' | 'testTimes' | 'segments'>;

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const iso = (t: number) => new Date(t).toISOString();

function alertsWithRules(ev: TestRows, rules: AlertRules) {
  const segments = ev.segments.map((s) => ({
    entity: s.entity ?? '',
    rows: Int32Array.from({ length: s.end - s.start }, (_, i) => s.start + i),
  }));
  return applyAlertRules(ev.testScores, segments, rules);
}

/**
 * The test rows with their scores: `time,instance,score,label,alert`, each instance in time order; `alert`
 * applies the threshold and the alert rules as the exported bundle does.
 */
export function scoresCsv(ev: TestRows, rules: AlertRules): string {
  const { alerts } = alertsWithRules(ev, rules);
  const rows: (string | number | null)[][] = [];
  for (const s of ev.segments) {
    for (let k = s.start; k < s.end; k++) {
      rows.push([
        ev.testTimes ? iso(ev.testTimes[k]) : k,
        s.entity,
        ev.testScores[k],
        ev.testLabels ? ev.testLabels[k] : null,
        alerts[k],
      ]);
    }
  }
  return csv([ev.testTimes ? 'time' : 'row', 'instance', 'score', 'label', 'alert'], rows);
}

/**
 * The alerts as incidents (alerting rows grouped by the alert rules): instance, first and last alerting
 * row's time, alerting rows, peak score, and whether the incident overlaps a labelled anomaly.
 */
export function alertsCsv(ev: TestRows, rules: AlertRules): string {
  const { alerts, incidents } = alertsWithRules(ev, rules);
  const rows = incidents.map((inc) => {
    let n = 0;
    let peak = -Infinity;
    let labelled = 0;
    for (let k = inc.firstRow; k <= inc.lastRow; k++) {
      n += alerts[k];
      peak = Math.max(peak, ev.testScores[k]);
      if (ev.testLabels?.[k]) labelled = 1;
    }
    const at = (k: number) => (ev.testTimes ? iso(ev.testTimes[k]) : k);
    return [inc.entity, at(inc.firstRow), at(inc.lastRow), n, peak, ev.testLabels ? labelled : null];
  });
  return csv(['instance', 'start', 'end', 'alert_rows', 'peak_score', 'labelled'], rows);
}

/** The model-comparison table, one row per model on the same test rows (blank where not measurable). */
export function metricsCsv(models: readonly ModelComparison[]): string {
  const rows = models.map((m) => [
    m.label,
    m.type,
    m.threshold,
    m.prAuc,
    m.rocAuc,
    m.precision,
    m.recall,
    m.f1,
    m.fpr,
    m.alertsPerDay,
    m.events,
    m.eventsDetected,
    m.latencyMedianMs === null ? null : m.latencyMedianMs / 60000,
    m.vusPr,
    m.nab?.standard ?? null,
  ]);
  return csv(
    [
      'model',
      'detector',
      'threshold',
      'pr_auc',
      'roc_auc',
      'precision',
      'recall',
      'f1',
      'fpr',
      'alerts_per_day',
      'events',
      'events_detected',
      'latency_median_min',
      'vus_pr',
      'nab_standard',
    ],
    rows,
  );
}
