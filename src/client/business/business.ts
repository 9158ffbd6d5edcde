/**
 * Business Understanding as data: the texts (markdown), the success criteria as structured targets, the
 * costs that steer the threshold and price its outcome, and the stakeholders. Saved with the project.
 */

/** What a success criterion measures; each has a unit and a natural direction (see CRITERION_METRICS). */
export type CriterionMetric = 'precision' | 'recall' | 'fpr' | 'latency' | 'alertsPerDay' | 'scoringLatency';

export interface Criterion {
  metric: CriterionMetric;
  op: '>=' | '<=';
  value: number;
}

export interface Costs {
  /** Cost of an incident the detector misses (found late, by users or by hand). */
  missedIncident: number;
  /** Cost of a false alarm: an alerting row outside every labelled incident (an engineer's time). */
  falseAlarm: number;
  /** Alerts per day the on-call rotation can act on, over the whole fleet. */
  alertBudgetPerDay: number;
  /** A currency symbol or code, only for display. */
  currency: string;
}

export interface Stakeholder {
  role: string;
  needs: string;
}

export interface BusinessSettings {
  objectives: string;
  scope: string;
  assumptions: string;
  risks: string;
  criteria: Criterion[];
  costs: Costs;
  stakeholders: Stakeholder[];
}

/** Every metric a criterion can use: its name, unit, natural comparison and input step. */
export const CRITERION_METRICS: Record<
  CriterionMetric,
  { label: string; unit: string; op: Criterion['op']; step: number; max?: number }
> = {
  precision: { label: 'Precision', unit: '', op: '>=', step: 0.01, max: 1 },
  recall: { label: 'Recall', unit: '', op: '>=', step: 0.01, max: 1 },
  fpr: { label: 'False-positive rate', unit: '', op: '<=', step: 0.005, max: 1 },
  latency: { label: 'Median detection latency', unit: 'min', op: '<=', step: 1 },
  alertsPerDay: { label: 'Alerts per day (fleet)', unit: 'alerts/day', op: '<=', step: 1 },
  scoringLatency: { label: 'Scoring latency', unit: 'ms/row', op: '<=', step: 0.01 },
};

export const DEFAULT_CRITERIA: Criterion[] = [
  { metric: 'precision', op: '>=', value: 0.85 },
  { metric: 'recall', op: '>=', value: 0.8 },
  { metric: 'fpr', op: '<=', value: 0.05 },
  { metric: 'latency', op: '<=', value: 5 },
  { metric: 'alertsPerDay', op: '<=', value: 20 },
  { metric: 'scoringLatency', op: '<=', value: 1 },
];

export const DEFAULT_COSTS: Costs = {
  missedIncident: 5000,
  falseAlarm: 50,
  alertBudgetPerDay: 20,
  currency: '$',
};

export const DEFAULT_STAKEHOLDERS: Stakeholder[] = [
  {
    role: 'On-call SRE',
    needs: 'Few alerts, each actionable: which instance, which metric stands out, since when.',
  },
  {
    role: 'SRE lead',
    needs: 'Incidents caught versus pages sent, detection latency, and whether the alert budget holds.',
  },
  {
    role: 'Engineering manager',
    needs: 'What the detector saves or costs per month against today, and the risks of relying on it.',
  },
];

export const DEFAULT_TEXTS: Pick<BusinessSettings, 'objectives' | 'scope' | 'assumptions' | 'risks'> = {
  objectives:
    'Detect incidents on our cloud instances (CPU, memory, network, disk, latency, connections) early ' +
    'enough for the on-call engineer to act, without flooding them with false alarms.\n\n' +
    '- Catch saturation, leaks and traffic anomalies **before** users notice.\n' +
    '- Keep pages within the on-call budget.',
  scope:
    '- **In scope**: per-instance metrics at a 5-minute step from CloudWatch or Prometheus; one alert ' +
    'threshold for the fleet.\n' +
    '- **Out of scope**: log and trace analysis, root-cause diagnosis, automatic remediation.',
  assumptions:
    '- Past incidents are labelled well enough to measure recall and detection latency.\n' +
    '- The metrics keep their meaning and units after deployment (same agent, same aggregation).\n' +
    '- Normal load follows daily and weekly cycles.',
  risks:
    '- **Alert fatigue**: too many false alarms and the pages get ignored.\n' +
    '- **Drift**: a new release or traffic pattern shifts normal behaviour; retrain when input drift rises.\n' +
    '- **Unlabelled incident types**: a kind of failure never seen in the labels may go unnoticed.',
};

export function defaultBusiness(): BusinessSettings {
  return {
    ...DEFAULT_TEXTS,
    criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })),
    costs: { ...DEFAULT_COSTS },
    stakeholders: DEFAULT_STAKEHOLDERS.map((s) => ({ ...s })),
  };
}
