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

/**
 * `folds` splits of the same rows: fold j holds out the j-th of `folds` consecutive blocks of every
 * entity's rows and fits on the rest of that entity (before and after the block, kept as one history),
 * so every row of an entity with at least `folds` rows is held out exactly once. With one fold, the
 * last `share` of every entity (see `timeSplit`). Folds whose fit or held-out rows are empty are dropped.
 */
export function blockedFolds(
  X: Matrix,
  groups: readonly ArrayLike<number>[],
  folds: number,
  share: number,
  time?: ArrayLike<number>,
): TimeSplit[] {
  if (folds <= 1) return [timeSplit(X, groups, share, time)];
  const out: TimeSplit[] = [];
  for (let j = 0; j < folds; j++) {
    const fit: number[] = [];
    const validation: number[] = [];
    const fitGroups: Int32Array[] = [];
    for (const g of groups) {
      const from = Math.floor((j * g.length) / folds);
      const to = Math.floor(((j + 1) * g.length) / folds);
      const start = fit.length;
      for (let k = 0; k < g.length; k++) (k >= from && k < to ? validation : fit).push(g[k]);
      if (fit.length > start) {
        fitGroups.push(Int32Array.from({ length: fit.length - start }, (_, k) => start + k));
      }
    }
    if (fit.length < 2 || validation.length < 1) continue;
    const fitRows = Int32Array.from(fit);
    const context: RowContext = { groups: fitGroups };
    if (time) context.time = Float64Array.from(fitRows, (i) => time[i]);
    out.push({
      fit: fitRows,
      validation: Int32Array.from(validation),
      X: selectRows(X, fitRows),
      context,
    });
  }
  return out;
}
