import type { Random } from '../../util/random';

/** offer() result: the point was not admitted. */
export const REJECTED = -2;
/** offer() result: the point was admitted into a reservoir that was not full. */
export const ADMITTED = -1;

/**
 * Weighted reservoir sampling with time decay, as AWS's CompactSampler: the point offered at sequence
 * index t gets the weight -timeDecay * t + log(-log u), u uniform in (0, 1), and the reservoir keeps the
 * `capacity` points of smallest weight (a max-heap, largest weight on top). A point of index t is thus
 * kept with a priority proportional to exp(timeDecay * t): timeDecay = 0 gives a uniform sample of the
 * stream, larger values favour recent points.
 */
export class TimeDecayReservoir {
  readonly capacity: number;
  readonly timeDecay: number;
  /** Heap of point indices and their weights; entries [0, size) are live. */
  point: Int32Array;
  weight: Float64Array;
  size = 0;

  constructor(capacity: number, timeDecay: number) {
    this.capacity = capacity;
    this.timeDecay = timeDecay;
    this.point = new Int32Array(capacity);
    this.weight = new Float64Array(capacity);
  }

  /** An independent copy. */
  clone(): TimeDecayReservoir {
    const r = new TimeDecayReservoir(this.capacity, this.timeDecay);
    r.point.set(this.point);
    r.weight.set(this.weight);
    r.size = this.size;
    return r;
  }

  /**
   * Offers point `pi` at sequence index `seq`. Returns REJECTED, ADMITTED (no eviction), or the index
   * of the point evicted to make room (the caller removes it from the tree and inserts `pi`).
   */
  offer(pi: number, seq: number, rng: Random): number {
    let u = 0;
    while (u === 0) u = rng.next();
    const w = -this.timeDecay * seq + Math.log(-Math.log(u));
    if (this.size < this.capacity) {
      this.push(pi, w);
      return ADMITTED;
    }
    if (!(w < this.weight[0])) return REJECTED;
    const evicted = this.point[0];
    this.point[0] = pi;
    this.weight[0] = w;
    this.siftDown(0);
    return evicted;
  }

  /** Adds an entry whatever its weight (restoring a saved reservoir); the reservoir must not be full. */
  push(pi: number, w: number): void {
    if (this.size >= this.capacity) throw new Error('rcf: reservoir is full');
    let k = this.size++;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!(this.weight[p] < w)) break;
      this.point[k] = this.point[p];
      this.weight[k] = this.weight[p];
      k = p;
    }
    this.point[k] = pi;
    this.weight[k] = w;
  }

  private siftDown(start: number): void {
    const { point, weight, size } = this;
    const pi = point[start];
    const w = weight[start];
    let k = start;
    for (;;) {
      let c = 2 * k + 1;
      if (c >= size) break;
      if (c + 1 < size && weight[c + 1] > weight[c]) c++;
      if (!(weight[c] > w)) break;
      point[k] = point[c];
      weight[k] = weight[c];
      k = c;
    }
    point[k] = pi;
    weight[k] = w;
  }
}
