import { SortedWindow } from '../../features/window/sorted-window';
import type { DetectorStream } from '../detector';
import { finishCombine, foldDeviation, type CombineRule } from './combine';
import { LOCAL_SCALE_FLOOR, MAD_TO_SIGMA, sortedMedian } from './robust-stats';
import { sortedMad } from './window-mad';

/**
 * The rolling robust z-score of one entity, one row at a time: one sorted window of the previous
 * `window` values per column, so a row costs O(log window) per column instead of rescoring the
 * entity's history. The arithmetic is `RobustZ.score`'s, step for step, so the scores are the same.
 */
export class RobustZStream implements DetectorStream {
  private readonly windows: SortedWindow[];
  private readonly acc = new Float64Array(1);
  /** Rows seen, counted up to `window` (only min(rows, window) matters). */
  private seen = 0;

  constructor(
    private readonly trainMedian: readonly number[],
    private readonly trainScale: readonly number[],
    private readonly window: number,
    private readonly minPeriods: number,
    private readonly combine: CombineRule,
  ) {
    this.windows = trainMedian.map(() => new SortedWindow(window));
  }

  push(x: ArrayLike<number>): number {
    const { window, combine, acc } = this;
    const minPeriods = Math.min(this.minPeriods, window);
    const d = this.windows.length;
    const c = this.seen;
    acc[0] = 0;
    for (let j = 0; j < d; j++) {
      const win = this.windows[j];
      const v = x[j];
      let m = this.trainMedian[j];
      let sc = this.trainScale[j];
      if (c >= minPeriods) {
        const sorted = win.sortedBuffer();
        const med = sortedMedian(sorted, win.count);
        const mad = sortedMad(sorted, win.count, med);
        const floor = LOCAL_SCALE_FLOOR * sc;
        const w = c / window;
        m = w * med + (1 - w) * m;
        sc = w * MAD_TO_SIGMA * mad + (1 - w) * sc;
        if (sc < floor) sc = floor;
      }
      foldDeviation(combine, acc, 0, Math.abs(v - m) / sc);
      win.push(v);
    }
    finishCombine(combine, acc, d);
    if (this.seen < window) this.seen++;
    return acc[0];
  }
}
