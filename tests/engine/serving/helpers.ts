import { columnValues } from '../../../src/engine/table/column-values';
import type { Dataset } from '../../../src/engine/table/dataset';
import type { ScoringRow } from '../../../src/engine/serving/index';
import { asNumbers } from '../../../src/engine/prep/missing-values';

/** A dataset's rows as a live stream would send them: every row, ordered by time (stable), entities interleaved. */
export function streamRows(ds: Dataset, metrics: readonly string[]): { index: number; row: ScoringRow }[] {
  const n = ds.table.numRows();
  const s = ds.schema;
  const times = s.time ? Float64Array.from(columnValues(ds.table, s.time) as ArrayLike<number>) : null;
  const ents = s.entity ? (columnValues(ds.table, s.entity) as ArrayLike<unknown>) : null;
  const cols = metrics.map((m) => asNumbers(columnValues(ds.table, m)));
  const order = Array.from({ length: n }, (_, i) => i);
  if (times) order.sort((a, b) => times[a] - times[b] || a - b);
  return order.map((i) => ({
    index: i,
    row: {
      time: times ? times[i] : NaN,
      entity: ents ? String(ents[i]) : '',
      values: Float64Array.from(cols, (c) => c[i]),
    },
  }));
}

/** The largest absolute difference between two score lists (Infinity when lengths differ). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
