import {
  CRITERION_METRICS,
  defaultBusiness,
  type BusinessSettings,
  type Criterion,
  type CriterionMetric,
} from './business';

/** Criteria as saved before they were a list: four fixed targets. */
interface OldCriteria {
  precision?: number;
  recall?: number;
  fpr?: number;
  latencyMin?: number;
}

const where = 'settings.business';

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`${where}.${field} is ${JSON.stringify(v)}; it must be a finite number`);
  }
  return v;
}

function text(v: unknown, field: string, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw new Error(`${where}.${field} is ${JSON.stringify(v)}; it must be text`);
  return v;
}

function criteria(saved: unknown, fallback: Criterion[]): Criterion[] {
  if (saved === undefined) return fallback;
  if (Array.isArray(saved)) {
    return saved.map((c: Partial<Criterion>, i) => {
      const f = `criteria[${i}]`;
      if (!c || typeof c.metric !== 'string' || !(c.metric in CRITERION_METRICS)) {
        throw new Error(
          `${where}.${f}.metric is ${JSON.stringify(c?.metric)}; use one of ${Object.keys(CRITERION_METRICS).join(', ')}`,
        );
      }
      if (c.op !== '>=' && c.op !== '<=') {
        throw new Error(`${where}.${f}.op is ${JSON.stringify(c.op)}; use '>=' or '<='`);
      }
      return { metric: c.metric, op: c.op, value: finite(c.value, `${f}.value`) };
    });
  }
  // The four fixed targets of earlier versions keep their values; the metrics added since get defaults.
  const old = saved as OldCriteria;
  const value: Partial<Record<CriterionMetric, number | undefined>> = {
    precision: old.precision,
    recall: old.recall,
    fpr: old.fpr,
    latency: old.latencyMin,
  };
  return fallback.map((c) => {
    const v = value[c.metric];
    return v === undefined
      ? c
      : { ...c, value: finite(v, `criteria.${c.metric === 'latency' ? 'latencyMin' : c.metric}`) };
  });
}

/**
 * Business settings from a saved project: fills what older files lack (texts, costs, stakeholders, the
 * criteria list) and refuses a malformed field with its path.
 */
export function upgradeBusiness(saved: unknown): BusinessSettings {
  const d = defaultBusiness();
  if (saved === undefined || saved === null) return d;
  const s = saved as Partial<Record<keyof BusinessSettings, unknown>>;
  const costs = (s.costs ?? {}) as Partial<Record<keyof BusinessSettings['costs'], unknown>>;
  const stakeholders = s.stakeholders ?? d.stakeholders;
  if (!Array.isArray(stakeholders)) {
    throw new Error(`${where}.stakeholders is ${JSON.stringify(stakeholders)}; it must be a list`);
  }
  return {
    objectives: text(s.objectives, 'objectives', d.objectives),
    scope: text(s.scope, 'scope', d.scope),
    assumptions: text(s.assumptions, 'assumptions', d.assumptions),
    risks: text(s.risks, 'risks', d.risks),
    criteria: criteria(s.criteria, d.criteria),
    costs: {
      missedIncident:
        costs.missedIncident === undefined
          ? d.costs.missedIncident
          : finite(costs.missedIncident, 'costs.missedIncident'),
      falseAlarm:
        costs.falseAlarm === undefined ? d.costs.falseAlarm : finite(costs.falseAlarm, 'costs.falseAlarm'),
      alertBudgetPerDay:
        costs.alertBudgetPerDay === undefined
          ? d.costs.alertBudgetPerDay
          : finite(costs.alertBudgetPerDay, 'costs.alertBudgetPerDay'),
      currency: text(costs.currency, 'costs.currency', d.costs.currency),
    },
    stakeholders: stakeholders.map((r: Partial<Record<'role' | 'needs', unknown>>, i) => ({
      role: text(r?.role, `stakeholders[${i}].role`, ''),
      needs: text(r?.needs, `stakeholders[${i}].needs`, ''),
    })),
  };
}
