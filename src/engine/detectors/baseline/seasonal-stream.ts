import { hourOfWeekIndex } from '../../eda/seasonal-profile';
import type { DetectorStream } from '../detector';
import type { SeasonalState } from '../seasonal';
import { finishCombine, foldDeviation, type CombineRule } from './combine';

/**
 * The seasonal baseline of one entity, one row at a time: the slot is the row's hour of the week
 * (from its time) or, in period mode, its position in the entity modulo the period, counted here.
 * Same arithmetic as `SeasonalBaseline.score`.
 */
export class SeasonalStream implements DetectorStream {
  private readonly acc = new Float64Array(1);
  private readonly one = new Float64Array(1);
  private position = 0;

  constructor(
    private readonly s: SeasonalState,
    private readonly combine: CombineRule,
  ) {}

  push(x: ArrayLike<number>, t: number): number {
    const s = this.s;
    let k: number;
    if (s.mode === 'hour-of-week') {
      this.one[0] = t;
      k = hourOfWeekIndex(this.one)[0];
    } else {
      k = this.position;
      this.position = this.position + 1 === s.slots ? 0 : this.position + 1;
    }
    const d = s.nFeatures;
    const known = k < s.slots;
    const o = k * d;
    const acc = this.acc;
    acc[0] = 0;
    for (let j = 0; j < d; j++) {
      const m = known ? s.slotMedian[o + j] : s.median[j];
      const sc = known ? s.slotScale[o + j] : s.scale[j];
      foldDeviation(this.combine, acc, 0, Math.abs(x[j] - m) / sc);
    }
    finishCombine(this.combine, acc, d);
    return acc[0];
  }
}
