import type { MetricSummary } from './summary';

/** A metric missing in more than this share of rows is not chosen by default. */
const MAX_MISSING_PCT = 50;

/** True when a metric carries information: it takes more than one value and is mostly present. */
export function isInformative(m: MetricSummary): boolean {
  return m.max > m.min && m.missingPct <= MAX_MISSING_PCT;
}

/**
 * The metrics a view or preparation starts with: the first `count` in column order that carry
 * information, so a constant or mostly empty column (common in server exports) does not take a
 * place; the first `count` as they come when none does.
 */
export function defaultMetrics(metrics: readonly MetricSummary[], count: number): string[] {
  const chosen = metrics.filter(isInformative).slice(0, count);
  return (chosen.length ? chosen : metrics.slice(0, count)).map((m) => m.name);
}
