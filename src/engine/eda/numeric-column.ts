import type { Dataset } from '../table/dataset';
import { columnValues } from './descriptive-stats';

/** A numeric column without copying when the table stores a Float64Array (copying costs ~0.3 s per 1M rows). */
export function numericColumn(ds: Dataset, name: string): ArrayLike<number> {
  const v = columnValues(ds.table, name);
  return v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<unknown>, Number);
}
