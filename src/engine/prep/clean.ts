import { table } from 'arquero';
import { entityGroups } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import { DataError, type Dataset } from '../table/dataset';
import type { CleaningSpec, MissingSpec } from './cleaning-spec';
import {
  asNumbers,
  countMissing,
  fillForward,
  fillRollingMedian,
  interpolateLinear,
  longestGap,
  rowsWithMissing,
  type FillResult,
} from './missing-values';
import { resample, type ResampleReport } from './resample';
import { fmtInt, fmtPct, plural } from '../util/format-text';

/** One metric's missing values around one step. */
export interface MetricCleaning {
  metric: string;
  missingBefore: number;
  /** Missing values the step gave a value. */
  filled: number;
  missingAfter: number;
  /** The longest run of missing values within one entity before the step, in rows. */
  longestGap: number;
}

/** What one cleaning step did. */
export interface CleaningStepReport {
  step: 'resample' | 'missing';
  /** One plain sentence for the UI. */
  sentence: string;
  rowsBefore: number;
  rowsAfter: number;
  /** Rows removed ('drop'); 0 for every other method. */
  rowsDropped: number;
  metrics: MetricCleaning[];
}

export interface CleaningReport {
  rowsBefore: number;
  rowsAfter: number;
  /** Resampling's own counts, null when the spec does not resample. */
  resample: ResampleReport | null;
  /** The steps in the order they ran: resampling (when asked for), then missing values. */
  steps: CleaningStepReport[];
}

/**
 * Cleans a dataset: resamples it when the spec asks (see {@link resample}), then treats missing
 * values in every metric of `ds.schema.metrics` within each entity, in time order. Outliers are not
 * clipped here: clipping bounds are fitted on the training rows, later, by the pipeline.
 *
 * @throws Error when resampling refuses the dataset, DataError when a metric column is absent
 */
export function cleanDataset(ds: Dataset, spec: CleaningSpec): { dataset: Dataset; report: CleaningReport } {
  const steps: CleaningStepReport[] = [];
  let current = ds;
  let resampleReport: ResampleReport | null = null;
  if (spec.resample) {
    const before = ds.schema.metrics.map((m) => metricValues(ds, m));
    const beforeGroups = entityGroups(ds);
    const done = resample(ds, spec.resample);
    current = done.dataset;
    resampleReport = done.report;
    const metrics = ds.schema.metrics.map((metric, k) => ({
      metric,
      missingBefore: countMissing(before[k]),
      filled: 0,
      missingAfter: countMissing(metricValues(current, metric)),
      longestGap: longestGap(before[k], beforeGroups),
    }));
    steps.push({
      step: 'resample',
      sentence: resampleSentence(spec.resample.stepMs, spec.resample.aggregate, done.report),
      rowsBefore: done.report.rowsBefore,
      rowsAfter: done.report.rowsAfter,
      rowsDropped: 0,
      metrics,
    });
  }
  const missing = treatMissing(current, spec.missing);
  steps.push(missing.step);
  return {
    dataset: missing.dataset,
    report: {
      rowsBefore: ds.table.numRows(),
      rowsAfter: missing.dataset.table.numRows(),
      resample: resampleReport,
      steps,
    },
  };
}

function treatMissing(ds: Dataset, spec: MissingSpec): { dataset: Dataset; step: CleaningStepReport } {
  const rows = ds.table.numRows();
  const names = ds.schema.metrics;
  const columns = names.map((m) => metricValues(ds, m));
  const groups = entityGroups(ds);
  const step = (metrics: MetricCleaning[], rowsAfter: number, sentence: string): CleaningStepReport => ({
    step: 'missing',
    sentence,
    rowsBefore: rows,
    rowsAfter,
    rowsDropped: rows - rowsAfter,
    metrics,
  });
  const untouched = (): MetricCleaning[] =>
    names.map((metric, k) => {
      const missingBefore = countMissing(columns[k]);
      const gap = longestGap(columns[k], groups);
      return { metric, missingBefore, filled: 0, missingAfter: missingBefore, longestGap: gap };
    });

  if (spec.method === 'none') {
    const metrics = untouched();
    return { dataset: ds, step: step(metrics, rows, keptSentence(metrics)) };
  }

  if (spec.method === 'drop') {
    const metrics = untouched();
    const drop = rowsWithMissing(columns, rows);
    const keep: number[] = [];
    for (let i = 0; i < rows; i++) if (!drop[i]) keep.push(i);
    const dropped = rows - keep.length;
    for (const m of metrics) m.missingAfter = 0;
    const dataset = dropped ? { ...ds, table: takeRows(ds, keep) } : ds;
    const sentence = dropped
      ? `Dropping rows with a missing metric removed ${fmtInt(dropped)} of ${fmtInt(rows)} rows ` +
        `(${fmtPct((dropped / rows) * 100)}).`
      : 'No row has a missing metric, so none was dropped.';
    return { dataset, step: step(metrics, keep.length, sentence) };
  }

  const fill = (values: Float64Array): FillResult => {
    if (spec.method === 'ffill') return fillForward(values, groups, spec.limit);
    if (spec.method === 'interpolate') return interpolateLinear(values, groups, spec.limit);
    return fillRollingMedian(values, groups, spec.window);
  };
  const replaced = new Map<string, Float64Array>();
  const metrics = names.map((metric, k) => {
    const missingBefore = countMissing(columns[k]);
    const gap = longestGap(columns[k], groups);
    if (missingBefore === 0) return { metric, missingBefore, filled: 0, missingAfter: 0, longestGap: 0 };
    const { values, filled } = fill(columns[k]);
    replaced.set(metric, values);
    return { metric, missingBefore, filled, missingAfter: missingBefore - filled, longestGap: gap };
  });
  const dataset = replaced.size ? { ...ds, table: replaceColumns(ds, replaced) } : ds;
  return { dataset, step: step(metrics, rows, fillSentence(spec, metrics)) };
}

/** A metric column as numbers ({@link asNumbers}: not copied), refusing a column the dataset does not have. */
function metricValues(ds: Dataset, name: string): Float64Array {
  if (!ds.table.columnNames().includes(name)) {
    throw new DataError(
      `missing metric column '${name}' (columns: ${ds.table.columnNames().join(', ')})`,
      ds.name,
      undefined,
      name,
    );
  }
  return asNumbers(columnValues(ds.table, name));
}

/** The table with some columns replaced, in the same column order. */
function replaceColumns(ds: Dataset, replaced: Map<string, Float64Array>): Dataset['table'] {
  const names = ds.table.columnNames();
  const data = new Map<string, ArrayLike<unknown>>();
  for (const name of names) data.set(name, replaced.get(name) ?? columnValues(ds.table, name));
  return table(data, names);
}

/** The table's rows at `keep`, every column keeping its kind (typed arrays stay typed). */
function takeRows(ds: Dataset, keep: readonly number[]): Dataset['table'] {
  const names = ds.table.columnNames();
  const data = new Map<string, ArrayLike<unknown>>();
  for (const name of names) {
    const src = columnValues(ds.table, name);
    if (ArrayBuffer.isView(src)) {
      const make = src.constructor as new (n: number) => { [i: number]: unknown; length: number };
      const out = new make(keep.length);
      for (let k = 0; k < keep.length; k++) out[k] = src[keep[k]];
      data.set(name, out);
    } else
      data.set(
        name,
        keep.map((i) => src[i]),
      );
  }
  return table(data, names);
}

function resampleSentence(stepMs: number, aggregate: 'mean' | 'last', r: ResampleReport): string {
  return (
    `Resampling to a regular ${fmtDuration(stepMs)} grid (${aggregate === 'mean' ? 'mean' : 'last value'} ` +
    `per step) turned ${fmtInt(r.rowsBefore)} rows into ${fmtInt(r.rowsAfter)}: ` +
    `${fmtInt(r.duplicatesMerged)} ${plural(r.duplicatesMerged, 'row', 'rows')} sharing a step merged, ` +
    `${fmtInt(r.gapsInserted)} empty ${plural(r.gapsInserted, 'step', 'steps')} added as missing.`
  );
}

function keptSentence(metrics: MetricCleaning[]): string {
  const withMissing = metrics.filter((m) => m.missingBefore > 0);
  if (!withMissing.length) return 'No metric has a missing value.';
  return `Missing values left as they are: ${list(withMissing.map((m) => `${fmtInt(m.missingBefore)} in ${m.metric}`))}.`;
}

function fillSentence(spec: MissingSpec, metrics: MetricCleaning[]): string {
  const { method, limit, window } = spec;
  const name =
    method === 'ffill'
      ? `Forward fill${limit === null ? '' : ` (at most ${fmtInt(limit)} ${plural(limit, 'row', 'rows')} per gap)`}`
      : method === 'interpolate'
        ? `Linear interpolation${limit === null ? '' : ` (gaps of up to ${fmtInt(limit)} ${plural(limit, 'row', 'rows')})`}`
        : `The median of the previous ${fmtInt(window)} ${plural(window, 'row', 'rows')}`;
  const withMissing = metrics.filter((m) => m.missingBefore > 0);
  if (!withMissing.length) return `${name}: no metric has a missing value to fill.`;
  const parts = withMissing.map(
    (m) =>
      `${fmtInt(m.filled)} missing ${plural(m.filled, 'value', 'values')} in ${m.metric} ` +
      `(longest gap ${fmtInt(m.longestGap)} ${plural(m.longestGap, 'row', 'rows')})`,
  );
  const left = withMissing.reduce((s, m) => s + m.missingAfter, 0);
  const why =
    method === 'ffill'
      ? limit === null
        ? "before an entity's first value"
        : "before an entity's first value or past the limit"
      : method === 'interpolate'
        ? limit === null
          ? "before an entity's first or after its last value"
          : `at an entity's ends or in gaps over ${fmtInt(limit)} ${plural(limit, 'row', 'rows')}`
        : 'with no value in the rows before';
  const still = left
    ? `; ${fmtInt(left)} ${plural(left, 'value is', 'values are')} still missing (${why})`
    : '';
  return `${name} filled ${list(parts)}${still}.`;
}

/** 'a', 'a and b', 'a, b and c'. */
function list(parts: string[]): string {
  return parts.length < 2
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** 300000 -> '5-minute', 3600000 -> '1-hour', 90000 -> '90-second', 1500 -> '1500 ms'. */
function fmtDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [unit, name] of units) {
    if (ms >= unit && ms % unit === 0) return `${fmtInt(ms / unit)}-${name}`;
  }
  return `${ms} ms`;
}
