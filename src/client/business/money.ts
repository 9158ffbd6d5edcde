import type { Costs } from './business';
import type { Measured } from './measure';

/** Days in the "per month" figure. */
export const DAYS_PER_MONTH = 30;

/** What the alerts at a threshold are worth against having no detector, on the test period. */
export interface MoneyOutcome {
  days: number;
  events: number;
  caught: number;
  missed: number;
  falseAlarms: number;
  /** Cost with no detector: every incident is missed. */
  baseline: number;
  /** Cost with the detector: the incidents it misses plus its false alarms. */
  withDetector: number;
  /** baseline - withDetector = caught x missed-incident cost - false alarms x false-alarm cost. */
  saved: number;
  savedPerDay: number | null;
  savedPerMonth: number | null;
  alertsPerDay: number | null;
  /** Whether the alerts per day stay within the budget (null when the period has no length). */
  withinBudget: boolean | null;
}

/**
 * Prices the outcome at a threshold with the Business Understanding costs. An incident is a labelled event
 * (caught when one of its rows alerts, as for detection latency); a false alarm is an alerting row outside
 * every labelled event — the same counting as the cost rule that chooses the threshold. Null without labels.
 */
export function moneyAt(m: Measured, costs: Costs): MoneyOutcome | null {
  if (!m.confusion) return null;
  const { missedIncident, falseAlarm } = costs;
  const caught = m.eventsDetected;
  const missed = m.events - caught;
  const falseAlarms = m.confusion.fp;
  const baseline = m.events * missedIncident;
  const withDetector = missed * missedIncident + falseAlarms * falseAlarm;
  const saved = baseline - withDetector;
  const perDay = m.days > 0 ? saved / m.days : null;
  return {
    days: m.days,
    events: m.events,
    caught,
    missed,
    falseAlarms,
    baseline,
    withDetector,
    saved,
    savedPerDay: perDay,
    savedPerMonth: perDay === null ? null : perDay * DAYS_PER_MONTH,
    alertsPerDay: m.alertsPerDay,
    withinBudget: m.alertsPerDay === null ? null : m.alertsPerDay <= costs.alertBudgetPerDay,
  };
}

/** An amount with its currency, thousands separated, no cents: "$12,500" or "-$300". */
export function formatMoney(v: number, currency: string): string {
  const abs = Math.round(Math.abs(v)).toLocaleString('en-US');
  const sign = v < 0 ? '-' : '';
  return /^[A-Za-z]{2,}$/.test(currency) ? `${sign}${abs} ${currency}` : `${sign}${currency}${abs}`;
}

/** The formula with the numbers filled in, for the page and the report. */
export function moneyFormula(o: MoneyOutcome, costs: Costs): string {
  const f = (v: number) => formatMoney(v, costs.currency);
  return (
    `saved = incidents caught × missed-incident cost − false alarms × false-alarm cost = ` +
    `${o.caught} × ${f(costs.missedIncident)} − ${o.falseAlarms} × ${f(costs.falseAlarm)} = ${f(o.saved)} ` +
    `over ${o.days.toFixed(1)} test days (no-detector baseline: ${o.events} missed incidents = ${f(o.baseline)})`
  );
}

/** How many false alarms one more caught incident is worth (null when a false alarm costs nothing). */
export function falseAlarmsPerIncident(costs: Pick<Costs, 'missedIncident' | 'falseAlarm'>): number | null {
  return costs.falseAlarm > 0 ? Math.floor(costs.missedIncident / costs.falseAlarm) : null;
}
