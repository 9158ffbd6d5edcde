import { CRITERION_METRICS, type Criterion, type CriterionMetric } from './business';
import type { Measured } from './measure';

export type CriterionResult = 'met' | 'not met' | 'not measurable';

/** One success criterion checked against what was measured. */
export interface CriterionCheck {
  metric: CriterionMetric;
  name: string;
  /** The target as text, e.g. "≥ 0.85" or "≤ 5 min". */
  target: string;
  /** The measured value (null when not measurable) and its text, e.g. "3.0 min (7/9 events)". */
  value: number | null;
  shown: string;
  result: CriterionResult;
  /** Why a criterion is not measurable. */
  reason: string | null;
}

function measuredValue(
  m: Measured,
  metric: CriterionMetric,
): { value: number | null; reason: string | null } {
  const noLabels = 'the test rows have no labels of both classes';
  switch (metric) {
    case 'precision':
      return { value: m.precision, reason: m.precision === null ? noLabels : null };
    case 'recall':
      return { value: m.recall, reason: m.recall === null ? noLabels : null };
    case 'fpr':
      return { value: m.fpr, reason: m.fpr === null ? noLabels : null };
    case 'latency':
      return {
        value: m.latencyMin,
        reason: m.latencyMin !== null ? null : m.events === 0 ? 'no labelled event in the test rows' : null,
      };
    case 'alertsPerDay':
      return { value: m.alertsPerDay, reason: m.alertsPerDay === null ? 'the test rows span no time' : null };
    case 'scoringLatency':
      return {
        value: m.scoringMsPerRow,
        reason: m.scoringMsPerRow === null ? 'scoring was not timed (evaluate the model again)' : null,
      };
  }
}

function format(metric: CriterionMetric, v: number): string {
  switch (metric) {
    case 'precision':
    case 'recall':
      return v.toFixed(3);
    case 'fpr':
      return v.toFixed(4);
    case 'latency':
      return `${v.toFixed(1)} min`;
    case 'alertsPerDay':
      return v.toFixed(1);
    case 'scoringLatency':
      return `${v < 0.01 ? v.toPrecision(2) : v.toFixed(3)} ms/row`;
  }
}

/**
 * Checks each criterion: met or not met against its measured value, or not measurable with the reason.
 * Detection latency with labelled events but none detected is "not met": the model never raised one in time.
 */
export function checkCriteria(criteria: readonly Criterion[], m: Measured): CriterionCheck[] {
  return criteria.map((c) => {
    const meta = CRITERION_METRICS[c.metric];
    const unit = meta.unit === 'min' ? ' min' : meta.unit === 'ms/row' ? ' ms/row' : '';
    const target = `${c.op === '>=' ? '≥' : '≤'} ${c.value}${unit}`;
    const { value, reason } = measuredValue(m, c.metric);
    if (c.metric === 'latency' && value === null && reason === null) {
      return {
        metric: c.metric,
        name: meta.label,
        target,
        value: null,
        shown: `no event detected (0/${m.events})`,
        result: 'not met',
        reason: null,
      };
    }
    if (value === null) {
      return {
        metric: c.metric,
        name: meta.label,
        target,
        value,
        shown: '–',
        result: 'not measurable',
        reason,
      };
    }
    const ok = c.op === '>=' ? value >= c.value : value <= c.value;
    let shown = format(c.metric, value);
    if (c.metric === 'latency') shown += ` (${m.eventsDetected}/${m.events} events)`;
    return {
      metric: c.metric,
      name: meta.label,
      target,
      value,
      shown,
      result: ok ? 'met' : 'not met',
      reason,
    };
  });
}
