import type { RowContext } from '../detector';
import { selectRows, type Matrix } from '../../util/matrix';

/** The rows a member is fitted on (each entity's earlier rows) and the rows it is judged on (the later). */
export interface TimeSplit {
  /** Row indices of X, entity by entity, each in time order. */
  fit: Int32Array;
  /** Row indices of X held out: the last `share` of every entity's rows. */
  validation: Int32Array;
  /** The fit rows as a matrix, and their context (groups are positions in `fit`). */
  X: Matrix;
  context: RowContext;
}

/**
 * Holds out the last `share` of every entity's rows (rounded up, at least one row when the entity has two
 * or more): a member is judged on rows later than those it learned from, as it will be in use.
 */
export function timeSplit(
  X: Matrix,
  groups: readonly ArrayLike<number>[],
  share: number,
  time?: ArrayLike<number>,
): TimeSplit {
  const fit: number[] = [];
  const validation: number[] = [];
  const fitGroups: Int32Array[] = [];
  for (const g of groups) {
    const held = g.length < 2 ? 0 : Math.min(g.length - 1, Math.max(1, Math.ceil(share * g.length)));
    const keep = g.length - held;
    const start = fit.length;
    for (let k = 0; k < keep; k++) fit.push(g[k]);
    for (let k = keep; k < g.length; k++) validation.push(g[k]);
    if (keep) fitGroups.push(Int32Array.from({ length: keep }, (_, k) => start + k));
  }
  const fitRows = Int32Array.from(fit);
  const context: RowContext = { groups: fitGroups };
  if (time) context.time = Float64Array.from(fitRows, (i) => time[i]);
  return { fit: fitRows, validation: Int32Array.from(validation), X: selectRows(X, fitRows), context };
}
