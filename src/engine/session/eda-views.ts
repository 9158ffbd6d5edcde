import { acf, acfBand, type DominantPeriod } from '../eda/autocorrelation';
import { boxStats, type BoxStats } from '../eda/box-stats';
import { describeMetrics, type MetricStats } from '../eda/descriptive-stats';
import { histogramKde, isHeavyTailed, type HistogramKde } from '../eda/distribution';
import { numericColumn } from '../eda/numeric-column';
import { correlations, medianStepMs, MIN_PERIOD_SHARE, type CorrelationResult } from '../eda/profile';
import {
  qualityOverview,
  qualityReport,
  type QualityFinding,
  type QualityOverview,
} from '../eda/quality-report';
import {
  boxReading,
  distributionReading,
  periodReading,
  qualityReading,
  seasonalityReading,
  statsReading,
} from '../eda/readings';
import { scatterSample } from '../eda/scatter-sample';
import { seasonalProfile, type SeasonalProfile } from '../eda/seasonal-profile';
import { dominantPeriods } from '../eda/autocorrelation';
import { entityGroups } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';

/** The plain, cloneable results the Data Understanding cells draw, each with its reading. */

export interface QualityView {
  overview: QualityOverview;
  findings: QualityFinding[];
  reading: string;
}

export function qualityView(ds: Dataset): QualityView {
  const findings = qualityReport(ds);
  return { overview: qualityOverview(ds), findings, reading: qualityReading(findings) };
}

export interface StatsView {
  metrics: MetricStats[];
  byEntity: boolean;
  reading: string;
}

export function statsView(ds: Dataset, byEntity: boolean): StatsView {
  const metrics = describeMetrics(ds, { byEntity });
  return { metrics, byEntity, reading: statsReading(metrics) };
}

export interface DistributionRequest {
  /** Multiplies Silverman's bandwidth (1 = the rule itself). */
  bandwidthScale: number;
  /** 'auto' draws heavy-tailed metrics on a log scale. */
  log: 'auto' | 'on' | 'off';
}

export interface DistributionView {
  items: { metric: string; hist: HistogramKde; heavyTailed: boolean }[];
  reading: string;
}

export function distributionView(ds: Dataset, req: DistributionRequest): DistributionView {
  const items = ds.schema.metrics.map((metric) => {
    const values = numericColumn(ds, metric);
    const heavyTailed = isHeavyTailed(values);
    const log = req.log === 'on' || (req.log === 'auto' && heavyTailed);
    let hist = histogramKde(values, { log });
    if (req.bandwidthScale !== 1 && Number.isFinite(hist.bandwidth) && hist.bandwidth > 0) {
      hist = histogramKde(values, { log, bandwidth: hist.bandwidth * req.bandwidthScale });
    }
    return { metric, hist, heavyTailed };
  });
  return { items, reading: distributionReading(items) };
}

export interface BoxView {
  metric: string;
  boxes: BoxStats[];
  reading: string;
}

function entityName(ds: Dataset): (g: number[]) => string {
  const ents = ds.schema.entity ? columnValues(ds.table, ds.schema.entity) : null;
  return (g) => (ents ? String(ents[g[0]]) : 'all rows');
}

export function boxView(ds: Dataset, metric: string): BoxView {
  const name = entityName(ds);
  const groups = ds.schema.entity ? entityGroups(ds).map((g) => ({ key: name(g), rows: g })) : undefined;
  const boxes = boxStats(numericColumn(ds, metric), groups);
  return { metric, boxes, reading: boxReading(metric, boxes) };
}

export type PatternView =
  | { metric: string; profile: SeasonalProfile; reading: string; absent: null }
  | { metric: string; profile: null; reading: string; absent: string };

export function patternView(ds: Dataset, metric: string): PatternView {
  if (!ds.schema.time) {
    const absent =
      'The data has no time column, so there is no hour-of-day or weekday pattern to show. Set a time column in the Schema cell if the file has one.';
    return { metric, profile: null, reading: absent, absent };
  }
  const profile = seasonalProfile(numericColumn(ds, ds.schema.time), numericColumn(ds, metric));
  return { metric, profile, reading: seasonalityReading(metric, profile), absent: null };
}

export function correlationView(ds: Dataset, method: 'pearson' | 'spearman'): CorrelationResult {
  return correlations(ds, method);
}

export interface ScatterView {
  metrics: string[];
  columns: Float64Array[];
  labels: Uint8Array | null;
  drawn: number;
  total: number;
  anomaliesDrawn: number;
}

/** Marks a scatter matrix may draw in all (so the view stays responsive however many metrics are chosen). */
export const SCATTER_MARK_BUDGET = 3000;

export function scatterView(ds: Dataset, metrics: string[]): ScatterView {
  const panels = Math.max(1, metrics.length * (metrics.length - 1));
  const maxPoints = Math.max(200, Math.min(1500, Math.floor(SCATTER_MARK_BUDGET / panels)));
  const cols = metrics.map((m) => numericColumn(ds, m));
  const lab = ds.schema.label ? numericColumn(ds, ds.schema.label) : null;
  const rows = scatterSample(cols, lab, maxPoints, 0);
  const labels = lab ? Uint8Array.from(rows, (i) => (lab[i] > 0 ? 1 : 0)) : null;
  return {
    metrics,
    columns: cols.map((c) => Float64Array.from(rows, (i) => c[i])),
    labels,
    drawn: rows.length,
    total: ds.table.numRows(),
    anomaliesDrawn: labels ? labels.reduce((a, b) => a + b, 0) : 0,
  };
}

export interface AutocorrelationView {
  metric: string;
  entity: string | null;
  acf: Float64Array;
  band: number;
  periods: DominantPeriod[];
  stepMs: number;
  hasTime: boolean;
  reading: string;
}

/** ACF up to about two days of lags (at least 50), and the dominant periods, of one entity's series. */
export function autocorrelationView(ds: Dataset, metric: string, entity: string | null): AutocorrelationView {
  const name = entityName(ds);
  const groups = entityGroups(ds);
  const rows = groups.find((g) => entity !== null && name(g) === entity) ?? groups[0];
  const col = numericColumn(ds, metric);
  const series = Float64Array.from(rows, (i) => col[i]);
  const stepMs = medianStepMs(ds, rows);
  const hasTime = !!ds.schema.time;
  const twoDays = hasTime ? Math.round((2 * 86_400_000) / stepMs) : 600;
  const maxLag = Math.max(50, Math.min(series.length - 1, twoDays));
  const periods = dominantPeriods(series, stepMs, 3).filter((p) => p.share >= MIN_PERIOD_SHARE);
  return {
    metric,
    entity: ds.schema.entity ? name(rows) : null,
    acf: acf(series, maxLag),
    band: acfBand(series.length),
    periods,
    stepMs,
    hasTime,
    reading: periodReading(metric, periods, hasTime),
  };
}
