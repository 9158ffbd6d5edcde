import type { RowContext } from '../detectors/detector';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import { entityGroups } from './features';

/**
 * The time and entity context of the rows a detector sees: every row of the dataset, or only `rows`
 * (then group members are positions in `rows`, kept in time order).
 */
export function rowContext(ds: Dataset, rows?: ArrayLike<number>): RowContext {
  const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  const groups = entityGroups(ds);
  if (!rows) {
    return {
      groups: groups.map((g) => Int32Array.from(g)),
      ...(times ? { time: Float64Array.from(times, Number) } : {}),
    };
  }
  const position = new Int32Array(ds.table.numRows()).fill(-1);
  for (let k = 0; k < rows.length; k++) position[rows[k]] = k;
  const picked: Int32Array[] = [];
  for (const g of groups) {
    const kept: number[] = [];
    for (const i of g) if (position[i] >= 0) kept.push(position[i]);
    if (kept.length) picked.push(Int32Array.from(kept));
  }
  const context: RowContext = { groups: picked };
  if (times) context.time = Float64Array.from(rows, (i) => Number(times[i]));
  return context;
}
