import { table } from 'arquero';
import { entityGroups } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import type { ResampleSpec } from './cleaning-spec';
import { asNumbers } from './missing-values';

/** Resampling refuses to build more rows than this (about 160 MB per metric column). */
export const MAX_RESAMPLED_ROWS = 20_000_000;

export interface ResampleReport {
  rowsBefore: number;
  rowsAfter: number;
  /** Rows that fell into a grid step already holding an earlier row, and were merged into it. */
  duplicatesMerged: number;
  /** Grid steps with no row, added with missing metrics and label 0. */
  gapsInserted: number;
}

/**
 * Puts each entity on a regular time grid: from its first time floored to the step (steps counted
 * from the epoch, so 5-minute steps fall on :00, :05, ...) to its last time. Rows in one grid step are
 * merged: each metric takes the mean of its non-missing values (`aggregate: 'mean'`) or the last
 * non-missing value in time order ('last'); the label takes the maximum (a step is anomalous if any
 * of its rows was); other columns take their last non-empty value. Steps with no row get missing
 * metrics, label 0 and empty other columns. The result is sorted by entity (numbers numerically, text
 * by code unit), then time, with the same column names, column order and schema.
 *
 * @throws Error without a time column, with a missing time, for a step that is not a positive
 *   number, or when the grid would exceed {@link MAX_RESAMPLED_ROWS} rows
 */
export function resample(ds: Dataset, step: ResampleSpec): { dataset: Dataset; report: ResampleReport } {
  const { schema } = ds;
  const stepMs = step.stepMs;
  if (!schema.time) throw new Error(`resampling needs a time column, and '${ds.name}' has none`);
  if (!(Number.isFinite(stepMs) && stepMs > 0)) {
    throw new Error(`resampling step must be a positive number of milliseconds, got ${stepMs}`);
  }
  const n = ds.table.numRows();
  const times = columnValues(ds.table, schema.time) as ArrayLike<number>;
  let badTimes = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(times[i])) badTimes++;
  if (badTimes > 0) {
    throw new Error(`resampling needs a time on every row; '${schema.time}' is missing on ${badTimes} rows`);
  }

  const entityValues = schema.entity ? columnValues(ds.table, schema.entity) : null;
  const groups = entityGroups(ds).filter((g) => g.length > 0);
  if (entityValues) {
    groups.sort((a, b) => compareEntities(entityValues[a[0]], entityValues[b[0]]));
  }

  const firstCell = groups.map((g) => Math.floor(times[g[0]] / stepMs));
  let total = 0;
  groups.forEach((g, k) => (total += Math.floor(times[g[g.length - 1]] / stepMs) - firstCell[k] + 1));
  if (total > MAX_RESAMPLED_ROWS) {
    throw new Error(
      `resampling '${ds.name}' to a ${stepMs} ms step would make ${total} rows, over the limit of ` +
        `${MAX_RESAMPLED_ROWS}; choose a longer step`,
    );
  }

  const names = ds.table.columnNames();
  const metrics = schema.metrics.filter(
    (m) => m !== schema.time && m !== schema.entity && m !== schema.label && names.includes(m),
  );
  const label = schema.label && names.includes(schema.label) ? schema.label : null;
  const others = names.filter(
    (c) => c !== schema.time && c !== schema.entity && c !== label && !metrics.includes(c),
  );

  const outTime = new Float64Array(total);
  const metricIn = metrics.map((m) => asNumbers(columnValues(ds.table, m)));
  const metricOut = metrics.map(() => new Float64Array(total).fill(NaN));
  const labelIn = label ? asNumbers(columnValues(ds.table, label)) : null;
  const labelOut = new Float64Array(total);
  const otherIn = others.map((c) => columnValues(ds.table, c));
  const otherOut = otherIn.map((col) => emptyLike(col, total));
  const entityOut = entityValues ? emptyLike(entityValues, total) : null;

  const sums = new Float64Array(metrics.length);
  const counts = new Int32Array(metrics.length);
  const mean = step.aggregate === 'mean';
  let offset = 0;
  let occupied = 0;
  groups.forEach((g, k) => {
    const first = firstCell[k];
    const cells = Math.floor(times[g[g.length - 1]] / stepMs) - first + 1;
    for (let c = 0; c < cells; c++) outTime[offset + c] = (first + c) * stepMs;
    if (entityOut && entityValues) entityOut.fill(entityValues[g[0]], offset, offset + cells);

    let cell = -1;
    const flush = (): void => {
      if (cell < 0 || !mean) return;
      for (let m = 0; m < metrics.length; m++) {
        if (counts[m] > 0) metricOut[m][cell] = sums[m] / counts[m];
        sums[m] = 0;
        counts[m] = 0;
      }
    };
    for (const i of g) {
      const at = offset + Math.floor(times[i] / stepMs) - first;
      if (at !== cell) {
        flush();
        cell = at;
        occupied++;
      }
      for (let m = 0; m < metrics.length; m++) {
        const v = metricIn[m][i];
        if (v !== v) continue;
        if (mean) {
          sums[m] += v;
          counts[m]++;
        } else metricOut[m][at] = v;
      }
      if (labelIn) {
        const y = labelIn[i];
        if (y > labelOut[at]) labelOut[at] = y;
      }
      for (let o = 0; o < others.length; o++) {
        const v = otherIn[o][i];
        if (v !== null && v !== undefined && v !== '' && v === v) otherOut[o][at] = v;
      }
    }
    flush();
    offset += cells;
  });

  const data = new Map<string, ArrayLike<unknown>>();
  for (const name of names) {
    if (name === schema.time) data.set(name, outTime);
    else if (name === schema.entity && entityOut) data.set(name, entityOut);
    else if (name === label) data.set(name, labelOut);
    else if (metrics.includes(name)) data.set(name, metricOut[metrics.indexOf(name)]);
    else data.set(name, otherOut[others.indexOf(name)]);
  }
  return {
    dataset: { ...ds, table: table(data, names) },
    report: {
      rowsBefore: n,
      rowsAfter: total,
      duplicatesMerged: n - occupied,
      gapsInserted: total - occupied,
    },
  };
}

/** Numbers numerically, anything else by its text in code-unit order (the same on every machine). */
function compareEntities(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * An empty column of `n` rows shaped like `col`: a Float64Array of NaN for a typed array (only numbers
 * are ever written to it), else an array of nulls. Typed as an array for writing either kind.
 */
function emptyLike(col: ArrayLike<unknown>, n: number): unknown[] {
  if (ArrayBuffer.isView(col)) return new Float64Array(n).fill(NaN) as unknown as unknown[];
  return new Array<unknown>(n).fill(null);
}
