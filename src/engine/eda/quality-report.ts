import type { Dataset } from '../table/dataset';
import { naturalCompare } from '../table/summary';
import { columnValues, entityCodes, quantiles } from './descriptive-stats';
import { fmtInt, fmtPct, plural } from '../util/format-text';

/**
 * How bad a finding is:
 * - `error`: the table or a column cannot be analysed as it is (no rows, a single row, a column with
 *   no value at all).
 * - `warning`: statistics, charts or models will be wrong or misleading unless Data Preparation deals
 *   with it (missing values in 1% of rows or more, duplicates, unsorted or irregular time, gaps,
 *   constant columns, impossible values, mixed types, values the loader could not read).
 * - `info`: worth knowing, usually harmless (under 1% missing, a few irregular steps, a metric constant
 *   on some entities only, a text column with a few numbers).
 */
export type Severity = 'info' | 'warning' | 'error';

/** The stable kinds of finding (the `id` of a {@link QualityFinding}). */
export type QualityFindingKind =
  | 'no-rows'
  | 'single-row'
  | 'loader-warning'
  | 'mixed-types'
  | 'all-missing'
  | 'missing-values'
  | 'duplicate-rows'
  | 'duplicate-keys'
  | 'unsorted-time'
  | 'constant-column'
  | 'constant-per-entity'
  | 'time-gaps'
  | 'irregular-steps'
  | 'negative-values'
  | 'percent-over-100';

/** A time range (epoch ms, both ends inclusive: the first and last affected row's time). */
export interface TimeRange {
  start: number;
  end: number;
  /** The entity the range belongs to, when the dataset has an entity column. */
  entity?: string;
}

/** One problem found in the data, with what Data Preparation can do about it. */
export interface QualityFinding {
  /** Stable kind, e.g. 'missing-values'. */
  id: QualityFindingKind;
  severity: Severity;
  column?: string;
  /** Set when the finding is about one entity only. */
  entity?: string;
  /** One plain sentence with the numbers. */
  title: string;
  /** More numbers: a breakdown by entity, the largest cases. */
  detail?: string;
  /** How many cells, rows, gaps or steps the finding is about. */
  count?: number;
  /** What Data Preparation can do about it. */
  remedy: string;
  /** Where in time (at most 20 ranges, the largest ones, in time order). */
  where?: TimeRange[];
}

/** A column that holds numbers and text, as found by a loader that keeps such columns. */
export interface MixedTypeColumn {
  column: string;
  /** Cells that read as numbers. */
  numeric: number;
  /** Non-empty cells that do not read as numbers. */
  text: number;
  /** A few of the text cells, as written. */
  examples?: string[];
}

/** What the loader knows that the table no longer shows. */
export interface QualityContext {
  /** The loader's warnings (`Dataset.warnings`), one sentence each; {@link qualityReport} also reads `ds.warnings`. */
  warnings?: string[];
  /** Columns with both numbers and text. Text columns of the table are also checked directly. */
  mixedTypeColumns?: MixedTypeColumn[];
}

/**
 * The role of a column: its schema role, else `text` (a column of text outside the schema) or `other`
 * (a column of numbers outside the schema, e.g. one left out of the metrics by an override).
 */
export type ColumnRole = 'time' | 'entity' | 'metric' | 'label' | 'text' | 'other';

/** What {@link qualityOverview} returns. */
export interface QualityOverview {
  rows: number;
  columns: number;
  types: { name: string; kind: ColumnRole }[];
  /** Every column in table order: NaN, null, undefined or blank text cells, and their share in % of rows. */
  missingByColumn: { column: string; count: number; pct: number }[];
}

/** Ranges listed in `where`. */
const MAX_RANGES = 20;
/** Entities with their own finding of one kind; the rest are summed up in one more finding. */
const MAX_ENTITY_FINDINGS = 10;
/** Entities named in a breakdown. */
const MAX_LISTED = 5;
/** A step longer than this many median steps is a gap. */
const GAP_FACTOR = 1.5;
/** A step within this share of the median step is regular (allows for jitter). */
const STEP_TOLERANCE = 0.01;
/** Missing share (in %) from which missing values are a warning. */
const MISSING_WARNING_PCT = 1;
/** Share of irregular steps from which they are a warning. */
const IRREGULAR_WARNING_SHARE = 0.1;

/** Names of quantities that cannot be negative. */
export const NON_NEGATIVE_NAME = /(pct|percent|util|count|bytes|iops|conn|latency|_ms|mbps|requests?)/i;
/** Names of percentages, which cannot exceed 100. */
export const PERCENT_NAME = /(pct|percent|util)/i;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Rows, columns, each column's role and each column's missing cells (count and % of rows).
 */
export function qualityOverview(ds: Dataset): QualityOverview {
  const { table, schema } = ds;
  const rows = table.numRows();
  const names = table.columnNames();
  const metrics = new Set(schema.metrics);
  const types = names.map((name) => {
    let kind: ColumnRole;
    if (name === schema.time) kind = 'time';
    else if (name === schema.entity) kind = 'entity';
    else if (name === schema.label) kind = 'label';
    else if (metrics.has(name)) kind = 'metric';
    else kind = isNumericColumn(columnValues(table, name)) ? 'other' : 'text';
    return { name, kind };
  });
  const missingByColumn = names.map((column) => {
    const count = countMissing(columnValues(table, column));
    return { column, count, pct: rows ? (count / rows) * 100 : 0 };
  });
  return { rows, columns: names.length, types, missingByColumn };
}

/**
 * Finds what is wrong with a dataset, exactly, over all rows. Each finding is one plain sentence with
 * the numbers, a severity ({@link Severity}) and what Data Preparation can do about it. Findings come
 * errors first, then warnings, then infos; within a severity, table-wide findings, then per column in
 * schema order, then the time index per entity. No finding means nothing to fix.
 *
 * Kinds (`id`):
 * - `no-rows`, `single-row` (error).
 * - `loader-warning`: each of the loader's warnings (`ds.warnings` and `context.warnings`), as is.
 * - `mixed-types`: numbers and text in one column (`context.mixedTypeColumns`, and text columns outside
 *   the schema that hold numbers too); a warning when most cells are numbers, else info.
 * - `all-missing` (error) and `missing-values` per schema column (time, entity, metrics, label): count,
 *   share of rows, runs of consecutive missing rows per entity in time order, the longest run, and up
 *   to 20 of the longest runs as time ranges. Columns outside the schema are only counted in
 *   {@link qualityOverview}, since an empty cell in, e.g., an anomaly-type column is normal.
 * - `duplicate-rows`: rows identical in every column to an earlier row (as pandas `duplicated()`,
 *   NaN equal to NaN).
 * - `duplicate-keys`: rows whose (entity, time) repeats an earlier row's, how many of them are exact
 *   duplicates and how many disagree.
 * - `unsorted-time`: rows whose time is earlier than the previous row's of the same entity.
 * - `constant-column` (warning): a metric with one distinct value; `constant-per-entity` (info): a
 *   metric constant on some entities (per-entity scaling divides by zero there).
 * - `time-gaps` per entity: steps longer than 1.5 x the entity's median step, with the largest listed;
 *   `irregular-steps` per entity: steps that are neither within 1% of the median step nor gaps (info
 *   below 10% of the steps, else warning). Steps are taken in time order and 0 steps (duplicate keys)
 *   are left out. Beyond 10 entities, the worst 10 get a finding each and one more sums up the rest.
 * - `negative-values` in metrics named like a count, rate, size, percentage, latency
 *   ({@link NON_NEGATIVE_NAME}); `percent-over-100` in metrics named like a percentage
 *   ({@link PERCENT_NAME}).
 *
 * Mixed time zones cannot be seen once times are parsed to epoch ms, so they are not checked here.
 * Without a time column, runs are in row order and given as row numbers (from 0), with no `where`.
 * Times in sentences are UTC.
 */
export function qualityReport(ds: Dataset, context: QualityContext = {}): QualityFinding[] {
  const { table, schema } = ds;
  const rows = table.numRows();
  const findings: QualityFinding[] = [];

  if (rows === 0) {
    findings.push({
      id: 'no-rows',
      severity: 'error',
      title: 'The table has no rows.',
      remedy: 'Load a file with data rows; nothing can be prepared from an empty table.',
    });
  } else if (rows === 1) {
    findings.push({
      id: 'single-row',
      severity: 'error',
      count: 1,
      title: 'The table has a single row: spread, distributions, time steps and models need more rows.',
      remedy: 'Load more data (a longer time range or more entities); Data Preparation cannot add rows.',
    });
  }

  for (const warning of [...(ds.warnings ?? []), ...(context.warnings ?? [])]) {
    findings.push(loaderFinding(warning));
  }
  findings.push(...mixedTypeFindings(ds, context.mixedTypeColumns ?? []));
  if (rows === 0) return sortFindings(findings);

  const index = buildIndex(ds);
  findings.push(...duplicateFindings(ds, index));
  if (index.times) findings.push(...unsortedFindings(ds, index));

  const perColumn = [schema.time, schema.entity, ...schema.metrics, schema.label].filter(
    (c): c is string => c !== undefined,
  );
  for (const column of perColumn) {
    findings.push(...columnFindings(ds, index, column, column === schema.time || column === schema.entity));
  }
  if (index.times) findings.push(...timeIndexFindings(index));
  return sortFindings(findings);
}

// ---------------------------------------------------------------------------------------------------
// The row index: entity codes and, per entity, the rows in time order.

interface RowIndex {
  rows: number;
  /** Entity names by code (one '' entity without an entity column). */
  names: string[];
  hasEntity: boolean;
  codes: Int32Array;
  /** Row numbers grouped by entity (entities in natural order), in time order within each (row order without time). */
  order: Int32Array;
  /** Entity k's rows are order[start[k] .. start[k] + size[k]). */
  start: Int32Array;
  size: Int32Array;
  /** Entity codes in natural order of their names. */
  entityOrder: number[];
  times?: Float64Array;
  /** Per entity, rows whose time is earlier than that entity's previous row's. */
  backwards: Int32Array;
  /** Per entity, the first row (row number) that goes back in time, or -1. */
  firstBackward: Int32Array;
}

function buildIndex(ds: Dataset): RowIndex {
  const { table, schema } = ds;
  const rows = table.numRows();
  let codes: Int32Array;
  let names: string[];
  if (schema.entity) {
    ({ codes, names } = entityCodes(columnValues(table, schema.entity), rows));
  } else {
    codes = new Int32Array(rows);
    names = [''];
  }
  const groups = names.length;
  const entityOrder = names.map((_, k) => k).sort((a, b) => naturalCompare(names[a], names[b]));
  const size = new Int32Array(groups);
  for (let i = 0; i < rows; i++) size[codes[i]]++;
  const start = new Int32Array(groups);
  let acc = 0;
  for (const k of entityOrder) {
    start[k] = acc;
    acc += size[k];
  }
  const cursor = Int32Array.from(start);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[cursor[codes[i]]++] = i;

  const backwards = new Int32Array(groups);
  const firstBackward = new Int32Array(groups).fill(-1);
  const index: RowIndex = {
    rows,
    names,
    hasEntity: schema.entity !== undefined,
    codes,
    order,
    start,
    size,
    entityOrder,
    backwards,
    firstBackward,
  };
  if (!schema.time) return index;

  const times = numbers(columnValues(table, schema.time));
  index.times = times;
  const last = new Float64Array(groups).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    const t = times[i];
    if (t !== t) continue;
    const k = codes[i];
    if (t < last[k]) {
      if (backwards[k]++ === 0) firstBackward[k] = i;
    }
    last[k] = t;
  }
  for (let k = 0; k < groups; k++) {
    if (backwards[k] > 0) sortByTime(order, start[k], start[k] + size[k], times);
  }
  return index;
}

/** Entity slices in natural order: [code, from, to) in `order`. */
function slices(index: RowIndex): [number, number, number][] {
  return index.entityOrder.map((k) => [k, index.start[k], index.start[k] + index.size[k]]);
}

/**
 * Stable sort of order[from..to) by time, NaN last: a typed sort of the times (much faster than a
 * comparator sort of indices), then each row placed at its time's first position plus the number of
 * rows with that time already placed.
 */
function sortByTime(order: Int32Array, from: number, to: number, times: Float64Array): void {
  const rowsIn = order.slice(from, to);
  const n = rowsIn.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = times[rowsIn[i]];
  sorted.sort();
  const taken = new Int32Array(n);
  let nanAt = n;
  while (nanAt > 0 && sorted[nanAt - 1] !== sorted[nanAt - 1]) nanAt--;
  for (let i = 0; i < n; i++) {
    const r = rowsIn[i];
    const t = times[r];
    if (t !== t) {
      order[from + nanAt++] = r;
      continue;
    }
    let lo = 0;
    let hi = nanAt;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    order[from + lo + taken[lo]++] = r;
  }
}

// ---------------------------------------------------------------------------------------------------
// Table-wide findings.

function loaderFinding(warning: string): QualityFinding {
  const text = warning.trim();
  const finding: QualityFinding = {
    id: 'loader-warning',
    severity: 'warning',
    title: sentence(text),
    remedy:
      'These cells were read as missing: the missing-value remedies apply (forward fill with a limit, ' +
      'interpolate, or drop rows); check the source if they should have been numbers.',
  };
  const column = /column '([^']+)'/.exec(text);
  if (column) finding.column = column[1];
  const count = /:\s*(\d[\d,]*)\s/.exec(text);
  if (count) finding.count = Number(count[1].replace(/,/g, ''));
  return finding;
}

function mixedTypeFindings(ds: Dataset, given: MixedTypeColumn[]): QualityFinding[] {
  const { table, schema } = ds;
  const known = new Set(given.map((g) => g.column));
  const all = [...given];
  const inSchema = new Set([schema.time, schema.entity, schema.label, ...schema.metrics]);
  for (const name of table.columnNames()) {
    if (known.has(name) || inSchema.has(name)) continue;
    const values = columnValues(table, name);
    if (isNumericColumn(values)) continue;
    let numeric = 0;
    let text = 0;
    const examples: string[] = [];
    // A text cell equal to the previous one counts as that one did (and is among the examples if it
    // could be): runs of one category are the usual layout.
    let last: string | null = null;
    let lastKind = 0; // 0 blank, 1 number, 2 text
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        if (v === v) numeric++;
        continue;
      }
      if (v === null || v === undefined) continue;
      const s = String(v);
      if (s !== last) {
        last = s;
        lastKind = isBlank(s) ? 0 : looksNumeric(s) ? 1 : 2;
        if (lastKind === 2 && examples.length < 3 && !examples.includes(s)) examples.push(s);
      }
      if (lastKind === 1) numeric++;
      else if (lastKind === 2) text++;
    }
    if (numeric > 0 && text > 0) all.push({ column: name, numeric, text, examples });
  }
  return all.map(({ column, numeric, text, examples }) => {
    const cells = numeric + text;
    const mostlyNumbers = numeric >= text;
    const shown = examples?.length ? ` (e.g. ${examples.map((e) => `'${e}'`).join(', ')})` : '';
    return {
      id: 'mixed-types',
      severity: mostlyNumbers ? 'warning' : 'info',
      column,
      count: mostlyNumbers ? text : numeric,
      title:
        `${column}: mixed types, ${fmtInt(numeric)} numbers and ${fmtInt(text)} text cells` +
        ` (${fmtPct((text / cells) * 100)} text)${shown}.`,
      remedy: mostlyNumbers
        ? 'Read the text cells as missing to make it a metric (then fill or drop), or fix the source.'
        : 'Keep it as text (it is not used as a feature), or fix the source if it should be numbers.',
    };
  });
}

function duplicateFindings(ds: Dataset, index: RowIndex): QualityFinding[] {
  const { table, schema } = ds;
  const columns = table.columnNames().map((n) => columnValues(table, n));
  const sameRow = (a: number, b: number): boolean => {
    for (const c of columns) {
      const x = c[a];
      const y = c[b];
      if (x !== y && !(x !== x && y !== y)) return false;
    }
    return true;
  };
  const findings: QualityFinding[] = [];
  let duplicateRows = 0;
  const duplicateRowTimes: TimeRange[] = [];

  if (index.times) {
    const times = index.times;
    const order = index.order;
    let keyRepeats = 0;
    let conflicting = 0;
    const perEntity = new Map<string, number>();
    const keyTimes: TimeRange[] = [];
    for (const [k, from, to] of slices(index)) {
      let g = from;
      while (g < to) {
        let e = g + 1;
        const t = times[order[g]];
        while (e < to && times[order[e]] === t) e++;
        if (e - g > 1 && t === t) {
          keyRepeats += e - g - 1;
          perEntity.set(index.names[k], (perEntity.get(index.names[k]) ?? 0) + e - g - 1);
          if (keyTimes.length < MAX_RANGES) keyTimes.push(range(index, k, t, t));
          // Within the group, a row is an exact duplicate when it equals an earlier row of the group.
          const group = Array.from(order.subarray(g, e)).sort((a, b) => a - b);
          for (let j = 1; j < group.length; j++) {
            let exact = false;
            for (let i = 0; i < j && !exact; i++) exact = sameRow(group[i], group[j]);
            if (exact) {
              duplicateRows++;
              if (duplicateRowTimes.length < MAX_RANGES) duplicateRowTimes.push(range(index, k, t, t));
            } else conflicting++;
          }
        }
        g = e;
      }
    }
    if (keyRepeats > 0) {
      const key = schema.entity ? `(${schema.entity}, ${schema.time})` : `${schema.time}`;
      const entities = [...perEntity.entries()].sort((a, b) => b[1] - a[1]);
      findings.push({
        id: 'duplicate-keys',
        severity: 'warning',
        column: schema.time,
        ...(index.hasEntity && entities.length === 1 ? { entity: entities[0][0] } : {}),
        count: keyRepeats,
        title:
          `${fmtInt(keyRepeats)} ${plural(keyRepeats, 'row repeats', 'rows repeat')} the ${key} of an earlier row: ` +
          `${fmtInt(keyRepeats - conflicting)} exact ${plural(keyRepeats - conflicting, 'duplicate', 'duplicates')}, ` +
          `${fmtInt(conflicting)} with different values.`,
        detail: index.hasEntity ? `By entity: ${listCounts(entities)}.` : undefined,
        remedy:
          'Drop exact duplicates; for rows that share a key but differ, aggregate them (mean per key) or keep the last.',
        where: keyTimes,
      });
    }
  } else if (index.rows > 1) {
    duplicateRows = countDuplicateRowsByHash(columns, index.rows, sameRow);
  }

  if (duplicateRows > 0) {
    findings.unshift({
      id: 'duplicate-rows',
      severity: 'warning',
      count: duplicateRows,
      title: `${fmtInt(duplicateRows)} ${plural(duplicateRows, 'row is an exact duplicate', 'rows are exact duplicates')} of an earlier row (${fmtPct((duplicateRows / index.rows) * 100)} of rows).`,
      remedy: 'Drop duplicate rows (keep the first).',
      ...(duplicateRowTimes.length ? { where: duplicateRowTimes } : {}),
    });
  }
  return findings;
}

/**
 * Duplicate rows without a time column: a 32-bit hash per row over every column, a typed sort of the
 * hashes to find the few that repeat, and an exact comparison of the rows that share a hash.
 */
function countDuplicateRowsByHash(
  columns: ArrayLike<unknown>[],
  rows: number,
  sameRow: (a: number, b: number) => boolean,
): number {
  const hash = new Uint32Array(rows).fill(0x811c9dc5);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  for (const c of columns) {
    if (isNumericColumn(c)) {
      for (let i = 0; i < rows; i++) {
        const v = c[i] as number;
        f[0] = v !== v ? NaN : v === 0 ? 0 : v;
        let h = Math.imul(hash[i] ^ u[0], 0x9e3779b1);
        h = Math.imul(h ^ u[1], 0x85ebca77);
        hash[i] = h ^ (h >>> 15);
      }
    } else {
      const { codes } = entityCodes(c, rows);
      for (let i = 0; i < rows; i++) {
        const h = Math.imul(hash[i] ^ codes[i], 0xc2b2ae35);
        hash[i] = h ^ (h >>> 13);
      }
    }
  }
  const sorted = hash.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < rows; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
  if (repeated.size === 0) return 0;
  const groups = new Map<number, number[]>();
  let duplicates = 0;
  for (let i = 0; i < rows; i++) {
    if (!repeated.has(hash[i])) continue;
    let g = groups.get(hash[i]);
    if (!g) groups.set(hash[i], (g = []));
    if (g.some((j) => sameRow(j, i))) duplicates++;
    else g.push(i);
  }
  return duplicates;
}

function unsortedFindings(ds: Dataset, index: RowIndex): QualityFinding[] {
  const affected = index.entityOrder.filter((k) => index.backwards[k] > 0);
  if (affected.length === 0) return [];
  const total = affected.reduce((s, k) => s + index.backwards[k], 0);
  const first = affected.reduce((a, k) => (index.firstBackward[k] < index.firstBackward[a] ? k : a));
  const time = ds.schema.time as string;
  const where = index.hasEntity ? ` on ${index.names[first]}` : '';
  const scope = index.hasEntity
    ? ` within ${fmtInt(affected.length)} of ${fmtInt(index.names.length)} ${plural(index.names.length, 'entity', 'entities')}`
    : '';
  return [
    {
      id: 'unsorted-time',
      severity: 'warning',
      column: time,
      ...(index.hasEntity && affected.length === 1 ? { entity: index.names[first] } : {}),
      count: total,
      title:
        `${time} is not sorted${scope}: ${fmtInt(total)} ${plural(total, 'row goes', 'rows go')} back in time ` +
        `(first at row ${fmtInt(index.firstBackward[first])}${where}).`,
      detail: index.hasEntity
        ? `By entity: ${listCounts(affected.map((k) => [index.names[k], index.backwards[k]]))}.`
        : undefined,
      remedy: `Sort by ${index.hasEntity ? `${ds.schema.entity}, then ` : ''}${time}; rolling features and gap checks assume time order.`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Per-column findings.

function columnFindings(ds: Dataset, index: RowIndex, column: string, countOnly: boolean): QualityFinding[] {
  const { table, schema } = ds;
  const raw = columnValues(table, column);
  const rows = index.rows;
  const findings: QualityFinding[] = [];
  const isMetric = schema.metrics.includes(column);

  if (!isNumericColumn(raw)) {
    const missing = countMissing(raw);
    if (missing === rows) findings.push(allMissing(column, rows));
    else if (missing > 0) {
      findings.push({
        id: 'missing-values',
        severity: (missing / rows) * 100 >= MISSING_WARNING_PCT ? 'warning' : 'info',
        column,
        count: missing,
        title: `${column}: ${fmtInt(missing)} empty ${plural(missing, 'cell', 'cells')} (${fmtPct((missing / rows) * 100)}).`,
        remedy: 'Drop the rows without a value, or fill them with a placeholder such as "unknown".',
      });
    }
    return findings;
  }

  const values = numbers(raw);
  if (!isMetric) {
    // Time and label: only missing values are looked for.
    const missing = countNaN(values);
    if (missing === rows) return [allMissing(column, rows)];
    if (missing > 0) findings.push(missingFinding(index, values, column, missing, countOnly));
    return findings;
  }
  let missing = 0;
  let negatives = 0;
  let over100 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    if (v !== v) {
      missing++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (v < 0) negatives++;
    if (v > 100) over100++;
  }

  if (missing === rows) return [allMissing(column, rows)];
  if (missing > 0) findings.push(missingFinding(index, values, column, missing, countOnly));

  if (rows - missing >= 2 && min === max) {
    findings.push({
      id: 'constant-column',
      severity: 'warning',
      column,
      count: rows - missing,
      title: `${column} is constant: all ${fmtInt(rows - missing)} of its values are ${fmtNum(min)}.`,
      remedy: 'Drop the column: it carries no information, and scaling it divides by zero.',
    });
  } else if (index.hasEntity && rows - missing >= 2) {
    findings.push(...constantPerEntity(index, values, column));
  }

  if (negatives > 0 && NON_NEGATIVE_NAME.test(column)) {
    const finding: QualityFinding = {
      id: 'negative-values',
      severity: 'warning',
      column,
      count: negatives,
      title:
        `${column}: ${fmtInt(negatives)} negative ${plural(negatives, 'value', 'values')} (min ${fmtNum(min)})` +
        ` in a column whose name says it cannot be negative`,
      remedy: 'Set them to missing and then fill or drop, or clip at 0 if they are small sensor noise.',
    };
    describeRuns(
      finding,
      runsOf(index, values, (v) => v < 0),
      index,
      'negative',
    );
    findings.push(finding);
  }
  if (over100 > 0 && PERCENT_NAME.test(column)) {
    const finding: QualityFinding = {
      id: 'percent-over-100',
      severity: 'warning',
      column,
      count: over100,
      title:
        `${column}: ${fmtInt(over100)} ${plural(over100, 'value', 'values')} above 100 (max ${fmtNum(max)})` +
        ` in a column named like a percentage`,
      remedy: 'Set them to missing and then fill or drop, or clip at 100; check whether the unit is right.',
    };
    describeRuns(
      finding,
      runsOf(index, values, (v) => v > 100),
      index,
      'above 100',
    );
    findings.push(finding);
  }
  return findings;
}

/** Missing values of a numeric column: count and share, and (unless `countOnly`) their runs in time. */
function missingFinding(
  index: RowIndex,
  values: Float64Array,
  column: string,
  missing: number,
  countOnly: boolean,
): QualityFinding {
  const pct = (missing / index.rows) * 100;
  const finding: QualityFinding = {
    id: 'missing-values',
    severity: pct >= MISSING_WARNING_PCT ? 'warning' : 'info',
    column,
    count: missing,
    title: `${column}: ${fmtInt(missing)} missing ${plural(missing, 'value', 'values')} (${fmtPct(pct)})`,
    remedy: 'Forward fill with a limit, interpolate, or drop rows.',
  };
  if (countOnly) finding.title += '.';
  else
    describeRuns(
      finding,
      runsOf(index, values, (v) => v !== v),
      index,
      'missing',
    );
  return finding;
}

function allMissing(column: string, rows: number): QualityFinding {
  return {
    id: 'all-missing',
    severity: 'error',
    column,
    count: rows,
    title: `${column} has no value at all: all ${fmtInt(rows)} ${plural(rows, 'row is', 'rows are')} missing.`,
    remedy: 'Drop the column.',
  };
}

function constantPerEntity(index: RowIndex, values: Float64Array, column: string): QualityFinding[] {
  const constant: [string, number][] = [];
  for (const [k, from, to] of slices(index)) {
    let n = 0;
    let first = NaN;
    let same = true;
    for (let p = from; p < to && same; p++) {
      const v = values[index.order[p]];
      if (v !== v) continue;
      if (n++ === 0) first = v;
      else if (v !== first) same = false;
    }
    if (same && n >= 2) constant.push([index.names[k], first]);
  }
  if (constant.length === 0) return [];
  const shown = constant
    .slice(0, MAX_LISTED)
    .map(([e, v]) => `${e} (${fmtNum(v)})`)
    .join(', ');
  return [
    {
      id: 'constant-per-entity',
      severity: 'info',
      column,
      ...(constant.length === 1 ? { entity: constant[0][0] } : {}),
      count: constant.length,
      title:
        `${column} is constant on ${fmtInt(constant.length)} of ${fmtInt(index.names.length)} entities: ` +
        `${shown}${constant.length > MAX_LISTED ? `, and ${fmtInt(constant.length - MAX_LISTED)} more` : ''}.`,
      remedy: 'Use global rather than per-entity scaling for this metric, or drop it for these entities.',
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Runs of flagged rows (missing, negative, above 100), per entity in time order.

interface Run {
  entity: number;
  /** Positions in `order` (inclusive). */
  from: number;
  to: number;
}

interface Runs {
  count: number;
  /** Flagged rows per entity code. */
  perEntity: Int32Array;
  runsPerEntity: Int32Array;
  /** The longest runs (at most MAX_RANGES), longest first. */
  longest: Run[];
}

function runsOf(index: RowIndex, values: Float64Array, flagged: (v: number) => boolean): Runs {
  const perEntity = new Int32Array(index.names.length);
  const runsPerEntity = new Int32Array(index.names.length);
  const longest: Run[] = [];
  let count = 0;
  const order = index.order;
  const keep = (run: Run): void => {
    const len = run.to - run.from;
    if (longest.length < MAX_RANGES) longest.push(run);
    else if (len > longest[longest.length - 1].to - longest[longest.length - 1].from) {
      longest[longest.length - 1] = run;
    } else return;
    // Insertion into a list of at most 20, longest first (earlier runs first among equals).
    for (let i = longest.length - 1; i > 0; i--) {
      const a = longest[i - 1];
      const b = longest[i];
      if (b.to - b.from > a.to - a.from) {
        longest[i - 1] = b;
        longest[i] = a;
      } else break;
    }
  };
  for (const [k, from, to] of slices(index)) {
    let start = -1;
    for (let p = from; p <= to; p++) {
      const hit = p < to && flagged(values[order[p]]);
      if (hit) {
        perEntity[k]++;
        if (start < 0) start = p;
      } else if (start >= 0) {
        count++;
        runsPerEntity[k]++;
        keep({ entity: k, from: start, to: p - 1 });
        start = -1;
      }
    }
  }
  return { count, perEntity, runsPerEntity, longest };
}

/** Completes a finding's title (which lacks its final period), detail and `where` from its runs. */
function describeRuns(finding: QualityFinding, runs: Runs, index: RowIndex, what: string): void {
  const top = runs.longest[0];
  const len = top.to - top.from + 1;
  const on = index.hasEntity ? ` on ${index.names[top.entity]}` : '';
  let span: string;
  if (index.times) {
    const t0 = index.times[index.order[top.from]];
    const t1 = index.times[index.order[top.to]];
    span = len === 1 ? `at ${fmtTime(t0)}` : `${fmtRange(t0, t1)}`;
  } else {
    const r0 = index.order[top.from];
    span = len === 1 ? `at row ${fmtInt(r0)}` : `rows ${fmtInt(r0)} to ${fmtInt(index.order[top.to])}`;
  }
  finding.title +=
    runs.count === 1
      ? `, in one run of ${fmtInt(len)} ${plural(len, 'row', 'rows')}, ${span}${on}.`
      : `, in ${fmtInt(runs.count)} runs, longest ${fmtInt(len)} ${plural(len, 'row', 'rows')} ${span}${on}.`;
  if (index.hasEntity) {
    const affected = index.entityOrder.filter((k) => runs.perEntity[k] > 0);
    if (affected.length === 1) finding.entity = index.names[affected[0]];
    const list = affected
      .sort((a, b) => runs.perEntity[b] - runs.perEntity[a])
      .slice(0, MAX_LISTED)
      .map(
        (k) =>
          `${index.names[k]} ${fmtInt(runs.perEntity[k])} in ${fmtInt(runs.runsPerEntity[k])} ${plural(runs.runsPerEntity[k], 'run', 'runs')}`,
      );
    finding.detail =
      `Rows ${what} by entity (${fmtInt(affected.length)} of ${fmtInt(index.names.length)} affected): ` +
      `${list.join(', ')}${affected.length > MAX_LISTED ? `, and ${fmtInt(affected.length - MAX_LISTED)} more` : ''}.`;
  }
  if (index.times) {
    const times = index.times;
    finding.where = runs.longest
      .map((r) => range(index, r.entity, times[index.order[r.from]], times[index.order[r.to]]))
      .filter((r) => r.start === r.start && r.end === r.end)
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

// ---------------------------------------------------------------------------------------------------
// The time index: gaps and irregular steps, per entity.

function timeIndexFindings(index: RowIndex): QualityFinding[] {
  const times = index.times as Float64Array;
  const gapFindings: QualityFinding[] = [];
  const irregularFindings: QualityFinding[] = [];
  const steps = new Float64Array(index.rows);
  let totalGaps = 0;
  let totalIrregular = 0;

  for (const [k, from, to] of slices(index)) {
    let n = 0;
    for (let p = from + 1; p < to; p++) {
      const d = times[index.order[p]] - times[index.order[p - 1]];
      if (d > 0) steps[n++] = d;
    }
    if (n < 2) continue;
    const [median] = quantiles(steps.slice(0, n), 0, n, [0.5]);
    const entity = index.hasEntity ? index.names[k] : undefined;
    const prefix = entity !== undefined ? `${entity}: ` : '';
    let gaps = 0;
    let irregular = 0;
    let missingSteps = 0;
    const largest: { size: number; start: number; end: number }[] = [];
    for (let p = from + 1; p < to; p++) {
      const a = times[index.order[p - 1]];
      const b = times[index.order[p]];
      const d = b - a;
      if (!(d > 0)) continue;
      if (d > GAP_FACTOR * median) {
        gaps++;
        missingSteps += Math.max(0, Math.round(d / median) - 1);
        if (largest.length < MAX_RANGES || d > largest[largest.length - 1].size) {
          if (largest.length === MAX_RANGES) largest.pop();
          let i = largest.length;
          while (i > 0 && largest[i - 1].size < d) i--;
          largest.splice(i, 0, { size: d, start: a, end: b });
        }
      } else if (Math.abs(d - median) > STEP_TOLERANCE * median) irregular++;
    }
    totalGaps += gaps;
    totalIrregular += irregular;
    if (gaps > 0) {
      const g = largest[0];
      gapFindings.push({
        id: 'time-gaps',
        severity: 'warning',
        ...(entity !== undefined ? { entity } : {}),
        count: gaps,
        title:
          `${prefix}${fmtInt(gaps)} ${plural(gaps, 'gap', 'gaps')} in the time index (steps over ${GAP_FACTOR} x the median step ` +
          `of ${fmtDuration(median)}), longest ${fmtDuration(g.size)} from ${fmtRange(g.start, g.end)}.`,
        detail:
          `About ${fmtInt(missingSteps)} ${plural(missingSteps, 'sample is', 'samples are')} missing at the median step; ` +
          `largest gaps: ${largest
            .slice(0, MAX_LISTED)
            .map((x) => `${fmtDuration(x.size)} after ${fmtTime(x.start)}`)
            .join(', ')}.`,
        remedy:
          'Resample to the regular step, then fill short gaps (forward fill with a limit, or interpolate) and leave long ones missing.',
        where: largest
          .map((x) => ({ start: x.start, end: x.end, ...(entity !== undefined ? { entity } : {}) }))
          .sort((a, b) => a.start - b.start),
      });
    }
    if (irregular > 0) {
      const share = irregular / n;
      irregularFindings.push({
        id: 'irregular-steps',
        severity: share >= IRREGULAR_WARNING_SHARE ? 'warning' : 'info',
        ...(entity !== undefined ? { entity } : {}),
        count: irregular,
        title:
          `${prefix}${fmtPct(share * 100)} of time steps (${fmtInt(irregular)} of ${fmtInt(n)}) differ from the ` +
          `median step of ${fmtDuration(median)} by more than ${STEP_TOLERANCE * 100}% (gaps not counted).`,
        remedy: `Resample to a regular step (e.g. the mean per ${fmtDuration(median)} bucket).`,
      });
    }
  }
  return [
    ...capPerEntity(gapFindings, index, totalGaps, 'gap', 'gaps'),
    ...capPerEntity(irregularFindings, index, totalIrregular, 'irregular step', 'irregular steps'),
  ];
}

/** Beyond MAX_ENTITY_FINDINGS entities: the worst ones, then one finding that sums up all. */
function capPerEntity(
  findings: QualityFinding[],
  index: RowIndex,
  total: number,
  one: string,
  many: string,
): QualityFinding[] {
  if (findings.length <= MAX_ENTITY_FINDINGS) return findings;
  const worst = [...findings].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, MAX_ENTITY_FINDINGS);
  const kept = findings.filter((f) => worst.includes(f));
  const first = worst[0];
  return [
    {
      id: first.id,
      severity: kept.some((f) => f.severity === 'warning') ? 'warning' : 'info',
      count: total,
      title:
        `${fmtInt(total)} ${plural(total, one, many)} in the time index across ${fmtInt(findings.length)} of ` +
        `${fmtInt(index.names.length)} entities; the ${MAX_ENTITY_FINDINGS} most affected are listed separately.`,
      remedy: first.remedy,
    },
    ...kept,
  ];
}

// ---------------------------------------------------------------------------------------------------
// Helpers.

function range(index: RowIndex, k: number, start: number, end: number): TimeRange {
  return index.hasEntity ? { start, end, entity: index.names[k] } : { start, end };
}

function sortFindings(findings: QualityFinding[]): QualityFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => {
      if (f.detail === undefined) delete f.detail;
      return f;
    });
}

/** True for a typed numeric array or an array whose non-null values are all numbers. */
function isNumericColumn(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return true;
  let numbersSeen = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    numbersSeen++;
  }
  return numbersSeen > 0 || values.length === 0;
}

/** A column as numbers (anything but a number is NaN); a Float64Array as is. */
function numbers(values: ArrayLike<unknown>): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

/** NaN, null, undefined or blank text cells. */
function countMissing(values: ArrayLike<unknown>): number {
  return values instanceof Float64Array ? countNaN(values) : countMissingCells(values);
}

// Two loops rather than one over ArrayLike<unknown>: a loop fed both typed arrays and arrays of text
// reads its elements through a generic (megamorphic) access, several times slower on a million rows.
function countNaN(values: Float64Array): number {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
  return missing;
}

function countMissingCells(values: ArrayLike<unknown>): number {
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && v !== v)) missing++;
    else if (typeof v === 'string' && isBlank(v)) missing++;
  }
  return missing;
}

/** `s.trim() === ''`, without trimming text that starts with a printable ASCII character. */
function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  return c > 32 && c < 127 ? false : s.trim() === '';
}

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

function looksNumeric(s: string): boolean {
  return NUMERIC_TEXT.test(s);
}

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : t + '.';
}

/** '[web-02, 800], [web-05, 404]' -> 'web-02 800, web-05 404' (the first few, largest first as given). */
function listCounts(entries: [string, number][]): string {
  const shown = entries.slice(0, MAX_LISTED).map(([name, n]) => `${name} ${fmtInt(n)}`);
  const more = entries.length - MAX_LISTED;
  return shown.join(', ') + (more > 0 ? `, and ${fmtInt(more)} more` : '');
}

/** A value with up to 4 significant digits, integers in full with separators. */
function fmtNum(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return fmtInt(v);
  return String(Number(v.toPrecision(4)));
}

/** Epoch ms as 'YYYY-MM-DD HH:MM' UTC (seconds and milliseconds only when not zero), without the zone. */
function fmtClock(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  let time = iso.slice(11, 16);
  if (iso.slice(17, 23) !== '00.000') time = iso.slice(11, iso.slice(20, 23) === '000' ? 19 : 23);
  return { date: iso.slice(0, 10), time };
}

function fmtTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return String(ms);
  const { date, time } = fmtClock(ms);
  return `${date} ${time} UTC`;
}

/** '2024-03-05 10:00 to 12:30 UTC', or with both dates when they differ. */
function fmtRange(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 8.64e15 || Math.abs(b) > 8.64e15) {
    return `${a} to ${b}`;
  }
  if (a === b) return fmtTime(a);
  const x = fmtClock(a);
  const y = fmtClock(b);
  return x.date === y.date
    ? `${x.date} ${x.time} to ${y.time} UTC`
    : `${x.date} ${x.time} to ${y.date} ${y.time} UTC`;
}

/** 300000 -> '5 min', 9000000 -> '2 h 30 min', 86700000 -> '1 d 5 min' (the two largest non-zero units), 1500 -> '1.5 s'. */
function fmtDuration(ms: number): string {
  if (ms < 1000) return `${fmtNum(ms)} ms`;
  if (ms < 60_000) return `${fmtNum(ms / 1000)} s`;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, name] of units) {
    const n = Math.floor(rest / unit);
    rest -= n * unit;
    if (n > 0) parts.push(`${fmtInt(n)} ${name}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}
