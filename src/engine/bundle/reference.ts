import { columnValues } from '../table/column-values';
import { table } from 'arquero';
import type { FittedPipeline } from '../pipeline/fitted';
import { entityGroups } from '../pipeline/features';
import { scorePipeline } from '../pipeline/score';
import type { Dataset } from '../table/dataset';
import type { ReferenceRows } from './format';

/** The columns a pipeline reads: time, entity, then its metrics. */
function inputColumns(fitted: FittedPipeline): string[] {
  const s = fitted.spec.schema;
  return [...(s.time ? [s.time] : []), ...(s.entity ? [s.entity] : []), ...fitted.spec.metrics];
}

/** Rebuilds a dataset from reference rows (or any rows in that column layout). */
export function datasetFromRows(
  fitted: FittedPipeline,
  columns: string[],
  rows: (number | string | null)[][],
): Dataset {
  const s = fitted.spec.schema;
  const data: Record<string, unknown[] | Float64Array> = {};
  columns.forEach((c, j) => {
    data[c] =
      c === s.entity
        ? rows.map((r) => String(r[j]))
        : Float64Array.from(rows, (r) => (r[j] === null ? NaN : Number(r[j])));
  });
  return { name: 'reference', table: table(data), schema: { ...s, label: undefined } };
}

/**
 * Takes the last `count` rows of the first entity as the bundle's reference block and scores them
 * as one batch, so a scorer elsewhere can prove it reproduces the training engine.
 */
export function makeReference(fitted: FittedPipeline, ds: Dataset, count = 16): ReferenceRows {
  const columns = inputColumns(fitted);
  const idx = entityGroups(ds)[0].slice(-count);
  const arrays = columns.map((c) => columnValues(ds.table, c) as ArrayLike<unknown>);
  const rows = idx.map((i) =>
    arrays.map((a, j) => {
      const v = a[i];
      if (columns[j] === fitted.spec.schema.entity) return String(v);
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }),
  );
  const scores = [...scorePipeline(fitted, datasetFromRows(fitted, columns, rows)).scores];
  return { columns, rows, scores };
}

/** Rescores the reference rows; returns the largest absolute difference from the stored scores. */
export function checkReference(fitted: FittedPipeline, ref: ReferenceRows): number {
  const got = scorePipeline(fitted, datasetFromRows(fitted, ref.columns, ref.rows)).scores;
  let worst = 0;
  ref.scores.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - got[i]))));
  return worst;
}
