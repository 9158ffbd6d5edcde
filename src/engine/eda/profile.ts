import { columnValues } from '../table/column-values';
import type { Dataset, Schema } from '../table/dataset';
import { dominantPeriods, type DominantPeriod } from './autocorrelation';
import { correlationMatrix, strongestPairs, type CorrelatedPair } from './correlation';
import { describeMetrics, type MetricStats } from './descriptive-stats';
import { numericColumn } from './numeric-column';
import { qualityOverview, qualityReport, type QualityFinding, type QualityOverview } from './quality-report';
import {
  correlationReading,
  periodReading,
  qualityReading,
  seasonalityReading,
  statsReading,
} from './readings';
import {
  hourOfWeekIndex,
  seasonalProfile,
  type DayRow,
  type HourRow,
  type WeekendContrast,
} from './seasonal-profile';

/** Periods whose share of the spectrum's power is below this are noise, not seasonality. */
export const MIN_PERIOD_SHARE = 0.01;

export interface CorrelationResult {
  method: 'pearson' | 'spearman';
  metrics: string[];
  /** Row-major k x k; NaN where a pair has no variance. */
  matrix: number[];
  strongest: CorrelatedPair[];
  reading: string;
}

export interface MetricSeasonality {
  metric: string;
  peakHour: number;
  peakOnWeekdays: boolean;
  weekend: WeekendContrast;
  hourly: HourRow[];
  weekday: DayRow[];
  reading: string;
}

export interface MetricPeriods {
  metric: string;
  /** The entity whose series was analysed (null without an entity column). */
  entity: string | null;
  periods: DominantPeriod[];
  reading: string;
}

/** The numbers of the Data Understanding page, as `cli profile --json` prints them. */
export interface DataProfile {
  name: string;
  schema: Schema;
  overview: QualityOverview;
  quality: { findings: QualityFinding[]; reading: string };
  stats: { metrics: MetricStats[]; reading: string };
  correlation: { pearson: CorrelationResult; spearman: CorrelationResult };
  /** Null when the data has no time column (the reason is in `timeAbsent`). */
  seasonality: MetricSeasonality[] | null;
  periods: MetricPeriods[];
  timeAbsent: string | null;
}

/** Correlations between the metrics, with their strongest pairs and a reading. */
export function correlations(ds: Dataset, method: 'pearson' | 'spearman'): CorrelationResult {
  const metrics = ds.schema.metrics;
  const matrix = correlationMatrix(
    metrics.map((m) => numericColumn(ds, m)),
    method,
  );
  const strongest = strongestPairs(metrics, matrix, 5);
  return { method, metrics, matrix: [...matrix], strongest, reading: correlationReading(strongest, method) };
}

/** Hour-of-day and day-of-week profiles of every metric (needs a time column). */
export function seasonality(ds: Dataset): MetricSeasonality[] | null {
  if (!ds.schema.time) return null;
  const times = numericColumn(ds, ds.schema.time);
  const index = hourOfWeekIndex(times);
  return ds.schema.metrics.map((metric) => {
    const p = seasonalProfile(times, numericColumn(ds, metric), index);
    return {
      metric,
      peakHour: p.peakHour,
      peakOnWeekdays: p.peakOnWeekdays,
      weekend: p.weekend,
      hourly: p.hourly.rows,
      weekday: p.weekday.rows,
      reading: seasonalityReading(metric, p),
    };
  });
}

/** The median step between consecutive rows of one entity, in ms (1 without a time column: steps are rows). */
export function medianStepMs(ds: Dataset, rows: readonly number[]): number {
  if (!ds.schema.time || rows.length < 2) return 1;
  const t = numericColumn(ds, ds.schema.time);
  const steps = new Float64Array(rows.length - 1);
  for (let k = 1; k < rows.length; k++) steps[k - 1] = t[rows[k]] - t[rows[k - 1]];
  steps.sort();
  return steps[Math.floor(steps.length / 2)] || 1;
}

/**
 * The rows of one entity (the one named, when some row has it, else the entity of the first row),
 * in time order: the group `entityGroups` would pick, without grouping every other entity's rows.
 */
function entityRows(ds: Dataset, entity: string | null): { rows: number[]; name: string | null } {
  const n = ds.table.numRows();
  let rows: number[] = [];
  let name: string | null = null;
  if (!ds.schema.entity) {
    rows = new Array<number>(n);
    for (let i = 0; i < n; i++) rows[i] = i;
  } else if (n > 0) {
    const values = columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>;
    name = String(values[0]);
    if (entity !== null && entity !== name && rowsOf(values, entity, true).length > 0) name = entity;
    rows = rowsOf(values, name, false);
  }
  if (!ds.schema.time) return { rows, name };
  const times = columnValues(ds.table, ds.schema.time) as ArrayLike<number>;
  for (let k = 1; k < rows.length; k++) {
    // Array.prototype.sort is stable, so rows with equal times keep their file order (as entityGroups).
    if (times[rows[k]] < times[rows[k - 1]]) return { rows: rows.sort((a, b) => times[a] - times[b]), name };
  }
  return { rows, name };
}

/** Rows whose value reads as `key` (`String(value)`); with `first`, only the first such row. */
function rowsOf(values: ArrayLike<unknown>, key: string, first: boolean): number[] {
  const rows: number[] = [];
  let last: unknown = undefined;
  let match = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // Rows of one entity usually come together: String() only when the value changes.
    if (i === 0 || v !== last) {
      last = v;
      match = String(v) === key;
    }
    if (match) {
      rows.push(i);
      if (first) break;
    }
  }
  return rows;
}

/** Dominant periods of each metric in one entity's series (the first entity by default). */
export function periodsOf(ds: Dataset, entity: string | null = null): MetricPeriods[] {
  const { rows, name } = entityRows(ds, entity);
  const stepMs = medianStepMs(ds, rows);
  const series = new Float64Array(rows.length);
  return ds.schema.metrics.map((metric) => {
    const col = numericColumn(ds, metric);
    for (let k = 0; k < rows.length; k++) series[k] = col[rows[k]];
    const periods = dominantPeriods(series, stepMs, 3).filter((p) => p.share >= MIN_PERIOD_SHARE);
    return { metric, entity: name, periods, reading: periodReading(metric, periods, !!ds.schema.time) };
  });
}

/** Every number of the Data Understanding page in one object. */
export function profileDataset(ds: Dataset): DataProfile {
  const findings = qualityReport(ds);
  const stats = describeMetrics(ds);
  return {
    name: ds.name,
    schema: ds.schema,
    overview: qualityOverview(ds),
    quality: { findings, reading: qualityReading(findings) },
    stats: { metrics: stats, reading: statsReading(stats) },
    correlation: { pearson: correlations(ds, 'pearson'), spearman: correlations(ds, 'spearman') },
    seasonality: seasonality(ds),
    periods: periodsOf(ds),
    timeAbsent: ds.schema.time
      ? null
      : 'The data has no time column: hour-of-day and weekday patterns need timestamps; periods are in rows.',
  };
}
