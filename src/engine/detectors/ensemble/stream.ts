import type { Detector, DetectorStream } from '../detector';
import { combineStart, foldMember } from './combine';
import { applyNormalizer, type Normalizer } from './normalize';
import type { CombineKind } from './params';
import { windowMean } from './smooth';

/**
 * One entity's rows one at a time through every member (its own stream when sequential, the row alone
 * when row-wise), combined exactly as `Ensemble.score` combines them; with smoothing, the last `smooth`
 * combined scores are all the extra state.
 */
export class EnsembleStream implements DetectorStream {
  private readonly streams: (DetectorStream | null)[];
  private readonly one = new Float64Array(1);
  private readonly norm = new Float64Array(1);
  private readonly total = new Float64Array(1);
  private readonly recent: number[] = [];

  constructor(
    private readonly members: readonly Detector[],
    private readonly normalizers: readonly Normalizer[],
    private readonly weights: readonly number[],
    private readonly voteLevels: readonly number[],
    private readonly combine: CombineKind,
    private readonly smooth: number,
    private readonly cols: number,
  ) {
    this.streams = members.map((d) => (d.sequential ? d.stream!() : null));
  }

  push(x: ArrayLike<number>, t: number): number {
    const vote = this.combine === 'vote';
    this.total[0] = combineStart(this.combine);
    for (let k = 0; k < this.members.length; k++) {
      const own = this.streams[k];
      this.one[0] = own
        ? own.push(x, t)
        : this.members[k].score({ data: Float64Array.from(x), rows: 1, cols: this.cols })[0];
      if (!vote) applyNormalizer(this.normalizers[k], this.one, this.norm);
      foldMember(
        this.total,
        this.weights[k],
        this.norm,
        this.one,
        vote ? this.voteLevels[k] : null,
        this.combine,
      );
    }
    if (this.smooth <= 1) return this.total[0];
    this.recent.push(this.total[0]);
    if (this.recent.length > this.smooth) this.recent.shift();
    return windowMean(this.recent, 0, this.recent.length);
  }
}
