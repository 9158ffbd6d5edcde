import { rangesFromLabels } from '../eda/label-ranges';
import { countsByFamily, planFeatures } from '../features/plan';
import { featureTableBytes } from '../features/plan';
import { buildFeatures, entityGroups, metricColumn } from '../pipeline/features';
import { fitClips, labelsOf } from '../pipeline/fit';
import type { PipelineSpec } from '../pipeline/spec';
import type { CleaningReport } from '../prep/clean';
import { selectFeatures } from '../prep/feature-selection';
import { applyClip } from '../prep/outliers';
import type { SplitResult } from '../prep/split';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import type { CleaningPreview, PrepResult } from './types';

/** Above this, a feature table is called large for a browser tab (training copies it about 3 times). */
export const TAB_TABLE_BYTES = 400 * 1024 * 1024;
const PREVIEW_ROWS = 8;
const PREVIEW_POINTS = 300;

/** The data after cleaning and its split, kept by the session until cleaning or split change. */
export interface Prepared {
  key: string;
  dataset: Dataset;
  report: CleaningReport | null;
  split: SplitResult;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-US')} MB`;
}

function timesOf(ds: Dataset): ArrayLike<number> | null {
  return ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
}

/**
 * A stretch of the first metric of the first entity before and after cleaning: around its first
 * missing value when it has one, else its first rows.
 */
function cleaningPreview(raw: Dataset, cleaned: Dataset, metric: string): CleaningPreview | null {
  if (raw === cleaned) return null;
  const rawGroups = entityGroups(raw);
  const cleanGroups = entityGroups(cleaned);
  if (!rawGroups.length || !cleanGroups.length) return null;
  const entityCol = raw.schema.entity;
  const entity = entityCol
    ? String((columnValues(raw.table, entityCol) as ArrayLike<unknown>)[rawGroups[0][0]])
    : null;
  let cleanGroup = cleanGroups[0];
  if (entityCol && entity !== null) {
    const ents = columnValues(cleaned.table, entityCol) as ArrayLike<unknown>;
    cleanGroup = cleanGroups.find((g) => String(ents[g[0]]) === entity) ?? cleanGroup;
  }
  const rawValues = metricColumn(raw, metric);
  const cleanValues = metricColumn(cleaned, metric);
  const rawTimes = timesOf(raw);
  const cleanTimes = timesOf(cleaned);
  const g = rawGroups[0];
  const firstGap = g.findIndex((i) => !Number.isFinite(rawValues[i]));
  const from = Math.max(0, (firstGap < 0 ? 0 : firstGap) - PREVIEW_POINTS / 3);
  const rawPart = g.slice(from, from + PREVIEW_POINTS);
  const t0 = rawTimes ? rawTimes[rawPart[0]] : from;
  const t1 = rawTimes ? rawTimes[rawPart[rawPart.length - 1]] : from + rawPart.length - 1;
  const cleanPart = cleanGroup.filter((i, k) => {
    const t = cleanTimes ? cleanTimes[i] : k;
    return t >= t0 && t <= t1;
  });
  return {
    metric,
    entity,
    byTime: !!rawTimes,
    before: {
      t: Float64Array.from(rawPart, (i, k) => (rawTimes ? rawTimes[i] : from + k)),
      v: Float64Array.from(rawPart, (i) => rawValues[i]),
    },
    after: {
      t: Float64Array.from(cleanPart, (i, k) => (cleanTimes ? cleanTimes[i] : from + k)),
      v: Float64Array.from(cleanPart, (i) => cleanValues[i]),
    },
  };
}

function splitParts(ds: Dataset, split: SplitResult): PrepResult['split'] {
  const times = timesOf(ds);
  const n = ds.table.numRows();
  let start = 0;
  let end = Math.max(0, n - 1);
  if (times) {
    start = Infinity;
    end = -Infinity;
    for (let i = 0; i < n; i++) {
      if (times[i] < start) start = times[i];
      if (times[i] > end) end = times[i];
    }
  }
  const parts: PrepResult['split']['parts'] = [];
  const groups = entityGroups(ds);
  const at = (i: number, k: number) => (times ? times[i] : k);
  split.cuts.forEach((cut, c) => {
    // Per-entity cuts: the entity's own span; a global cut: the whole data's span.
    const g = split.cuts.length === groups.length && cut.entity !== null ? groups[c] : null;
    const lo = g ? at(g[0], 0) : start;
    const hi = g ? at(g[g.length - 1], g.length - 1) : end;
    parts.push({ entity: cut.entity, part: 'train', start: lo, end: cut.trainEnd });
    if (cut.validationEnd > cut.validationStart) {
      parts.push({
        entity: cut.entity,
        part: 'validation',
        start: cut.validationStart,
        end: cut.validationEnd,
      });
    }
    parts.push({ entity: cut.entity, part: 'test', start: cut.testStart, end: hi });
  });
  return {
    start,
    end,
    byTime: split.byTime,
    trainRows: split.train.length,
    validationRows: split.validation.length,
    testRows: split.test.length,
    gapRows: split.gapRows,
    parts,
    warnings: split.warnings,
  };
}

function anomalyRanges(ds: Dataset): PrepResult['anomalyRanges'] {
  if (!ds.schema.label) return [];
  const times = timesOf(ds);
  const lab = columnValues(ds.table, ds.schema.label) as ArrayLike<number>;
  const ents = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const out: PrepResult['anomalyRanges'] = [];
  for (const g of entityGroups(ds)) {
    const entity = ents ? String(ents[g[0]]) : undefined;
    for (const r of rangesFromLabels(
      Float64Array.from(g, (i) => (times ? times[i] : i)),
      Float64Array.from(g, (i) => Number(lab[i])),
    )) {
      out.push(entity === undefined ? r : { ...r, entity });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * What the Data Preparation page shows: cleaning counts and a before/after stretch, clipping, feature
 * counts per family with the table's size, the first rows, what selection would drop on the training
 * part and why, and the split.
 */
/**
 * Refuses a feature table far too large for a browser tab (more than 4 x TAB_TABLE_BYTES), before any
 * work is done on it.
 */
export function checkTableSize(rows: number, spec: PipelineSpec): void {
  if (typeof spec.features !== 'object') return;
  const size = featureTableBytes(rows, planFeatures(spec.features, spec.metrics, null).names.length);
  if (size > 4 * TAB_TABLE_BYTES) {
    throw new Error(
      `the feature table would take ${mb(size)} (${rows.toLocaleString('en-US')} rows), too much for a browser tab: turn off families or windows, or use fewer metrics`,
    );
  }
}

export function prepareView(raw: Dataset, prepared: Prepared, spec: PipelineSpec): PrepResult {
  const ds = prepared.dataset;
  const split = prepared.split;
  const rows = ds.table.numRows();
  const clip = fitClips(ds, spec, split.train);
  const features = buildFeatures(ds, spec, { clip });
  const names = features.names;
  const tableBytes = featureTableBytes(rows, names.length);
  const times = timesOf(ds);
  const ents = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const previewColumns = [
    ...(times ? [ds.schema.time as string] : ['row']),
    ...(ents ? [ds.schema.entity as string] : []),
    ...names,
  ];
  const previewRows: (string | number)[][] = [];
  for (let i = 0; i < Math.min(PREVIEW_ROWS, rows); i++) {
    previewRows.push([
      times ? new Date(times[i]).toISOString().replace('.000Z', 'Z') : i,
      ...(ents ? [String(ents[i])] : []),
      ...features.columns.map((c) => Number(c[i].toPrecision(6))),
    ]);
  }
  const selection = spec.selection
    ? selectFeatures(features.columns, names, split.train, labelsOf(ds), spec.selection)
    : null;
  return {
    cleaning: prepared.report?.steps.map((s) => s.sentence) ?? [],
    rowsBefore: raw.table.numRows(),
    rowsAfter: rows,
    cleaningPreview: spec.metrics.length ? cleaningPreview(raw, ds, spec.metrics[0]) : null,
    clipped: clip
      ? spec.metrics.map((metric, j) => {
          const b = clip[j];
          return {
            metric,
            lower: b?.lower ?? -Infinity,
            upper: b?.upper ?? Infinity,
            count: b ? applyClip(metricColumn(ds, metric), b).clipped : 0,
          };
        })
      : null,
    featureNames: names,
    families:
      typeof spec.features === 'object'
        ? countsByFamily(planFeatures(spec.features, spec.metrics, features.stepMs))
        : [],
    tableBytes,
    memoryWarning:
      tableBytes > TAB_TABLE_BYTES
        ? `The feature table takes ${mb(tableBytes)} (${rows.toLocaleString('en-US')} rows x ${names.length} features); training copies it about three times, which may exhaust the tab's memory. Turn off families or windows, or use fewer metrics.`
        : null,
    previewColumns,
    previewRows,
    selection,
    split: splitParts(ds, split),
    anomalyRanges: anomalyRanges(ds),
  };
}
