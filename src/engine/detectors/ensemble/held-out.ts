import type { TimeSplit } from './split';

/** The training rows held out by a set of folds, and their labels, when they can judge members. */
export interface HeldOut {
  /** Held-out row indices of X, entity by entity, each in time order. */
  rows: Int32Array;
  /** Each entity's positions in `rows` (consecutive), for smoothing along an entity's time. */
  groups: Int32Array[];
  /** Position in `rows` of every row of X (-1 when never held out). */
  position: Int32Array;
  labels: Float64Array;
  positiveRate: number;
  /** Folds that held rows out. */
  folds: number;
}

/**
 * Gathers the rows the folds hold out, in each entity's time order, with their labels; null when there
 * are no folds, or the held-out labels are not of both kinds (nothing to rank by).
 */
export function heldOutOf(
  splits: readonly TimeSplit[],
  groups: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  rows: number,
): HeldOut | null {
  if (splits.length === 0) return null;
  const held = new Uint8Array(rows);
  for (const s of splits) for (const i of s.validation) held[i] = 1;
  const order: number[] = [];
  const heldGroups: Int32Array[] = [];
  for (const g of groups) {
    const start = order.length;
    for (let k = 0; k < g.length; k++) if (held[g[k]]) order.push(g[k]);
    if (order.length > start) {
      heldGroups.push(Int32Array.from({ length: order.length - start }, (_, k) => start + k));
    }
  }
  const position = new Int32Array(rows).fill(-1);
  order.forEach((i, p) => (position[i] = p));
  const heldLabels = Float64Array.from(order, (i) => (labels[i] === 1 ? 1 : 0));
  const positives = heldLabels.reduce((a, b) => a + b, 0);
  if (order.length < 2 || positives === 0 || positives === order.length) return null;
  return {
    rows: Int32Array.from(order),
    groups: heldGroups,
    position,
    labels: heldLabels,
    positiveRate: positives / order.length,
    folds: splits.length,
  };
}
