import type { Detector, DetectorStream } from '../detector';
import { applyNormalizer, type Normalizer } from './normalize';

/**
 * One entity's rows one at a time through every member (its own stream when sequential, the row alone
 * when row-wise), combined exactly as `Ensemble.score` combines them.
 */
export class EnsembleStream implements DetectorStream {
  private readonly streams: (DetectorStream | null)[];
  private readonly one = new Float64Array(1);
  private readonly norm = new Float64Array(1);

  constructor(
    private readonly members: readonly Detector[],
    private readonly normalizers: readonly Normalizer[],
    private readonly weights: readonly number[],
    private readonly voteLevels: readonly number[] | null,
    private readonly cols: number,
  ) {
    this.streams = members.map((d) => (d.sequential ? d.stream!() : null));
  }

  push(x: ArrayLike<number>, t: number): number {
    let total = 0;
    for (let k = 0; k < this.members.length; k++) {
      const own = this.streams[k];
      this.one[0] = own
        ? own.push(x, t)
        : this.members[k].score({ data: Float64Array.from(x), rows: 1, cols: this.cols })[0];
      if (this.voteLevels) {
        if (this.one[0] >= this.voteLevels[k]) total += this.weights[k];
      } else {
        total += this.weights[k] * applyNormalizer(this.normalizers[k], this.one, this.norm)[0];
      }
    }
    return total;
  }
}
