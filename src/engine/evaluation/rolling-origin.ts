import type { Dataset } from '../table/dataset';
import { entityGroups } from '../pipeline/features';

/** One fold of a rolling-origin backtest: rows to train on and the rows right after them to test on. */
export interface OriginFold {
  train: Int32Array;
  test: Int32Array;
  /** The fold's cut as a share of each instance's rows: training ends there. */
  cut: number;
}

/**
 * Successive train/test cut points (Tashman 2000's rolling origin, expanding window): with `folds` folds
 * each instance's rows (in time order) are cut in folds + 1 equal blocks; fold k trains on blocks 0..k
 * and tests on block k + 1. Every test block lies after all of its training rows.
 */
export function rollingOriginFolds(ds: Dataset, folds: number): OriginFold[] {
  if (!Number.isInteger(folds) || folds < 1)
    throw new Error(`rolling origin: folds must be an integer >= 1, got ${folds}`);
  const groups = entityGroups(ds);
  const out: OriginFold[] = [];
  for (let k = 0; k < folds; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (const g of groups) {
      const n = g.length;
      const end = Math.floor(((k + 1) * n) / (folds + 1));
      const next = Math.floor(((k + 2) * n) / (folds + 1));
      for (let i = 0; i < end; i++) train.push(g[i]);
      for (let i = end; i < next; i++) test.push(g[i]);
    }
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test), cut: (k + 1) / (folds + 1) });
  }
  return out;
}
