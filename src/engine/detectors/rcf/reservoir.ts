import type { Random } from '../../util/random';

// Used here through non-exported constants: V8 reads an exported binding through its module cell.
const NOT_ADMITTED = -2;
const ADMITTED_NO_EVICTION = -1;

/** offer() result: the point was not admitted. */
export const REJECTED = NOT_ADMITTED;
/** offer() result: the point was admitted into a reservoir that was not full. */
export const ADMITTED = ADMITTED_NO_EVICTION;

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
  /**
   * Per entry, a number the owner keeps with it (a forest: the tree's leaf holding the point, so that
   * the point is deleted without a walk down the tree); -1 until set.
   */
  tag: Int32Array;
  size = 0;
  /** After an offer that evicted a point: that entry's tag. */
  evictedTag = -1;
  /** Heap position of the entry last added (by an admitting offer or push). */
  private lastAt = -1;
  /**
   * While the reservoir is full and the top weight unchanged, an offer at a sequence index up to
   * `rejectUntil` whose uniform draw u is at most `rejectBelow` is rejected without its weight: see
   * `refreshRejection`.
   */
  private rejectBelow = 0;
  private rejectUntil = -Infinity;

  constructor(capacity: number, timeDecay: number) {
    this.capacity = capacity;
    this.timeDecay = timeDecay;
    this.point = new Int32Array(capacity);
    this.weight = new Float64Array(capacity);
    this.tag = new Int32Array(capacity);
  }

  /** An independent copy. */
  clone(): TimeDecayReservoir {
    const r = new TimeDecayReservoir(this.capacity, this.timeDecay);
    r.point.set(this.point);
    r.weight.set(this.weight);
    r.tag.set(this.tag);
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
    const full = this.size === this.capacity;
    if (full) {
      if (seq > this.rejectUntil) this.refreshRejection(seq);
      if (u <= this.rejectBelow) return NOT_ADMITTED;
    }
    const w = -this.timeDecay * seq + Math.log(-Math.log(u));
    if (!full) {
      this.push(pi, w);
      return ADMITTED_NO_EVICTION;
    }
    if (!(w < this.weight[0])) return NOT_ADMITTED;
    const evicted = this.point[0];
    this.evictedTag = this.tag[0];
    this.point[0] = pi;
    this.weight[0] = w;
    this.tag[0] = -1;
    this.rejectUntil = -Infinity;
    this.siftDown(0);
    return evicted;
  }

  /** Sets the tag of the entry last added. */
  tagLast(tag: number): void {
    this.tag[this.lastAt] = tag;
  }

  /**
   * A full reservoir rejects the offer at index s with draw u when its weight -timeDecay s + log(-log u)
   * is not below the top weight W, that is when u <= exp(-exp(W + timeDecay s)): a bound that falls as s
   * grows. Most offers of a long stream are rejected, and two logarithms per offer were a tenth of a
   * streamed row's time (100 trees): the bound is computed once for the next 64 indices and lowered by a
   * relative 1e-7, far more than the rounding of either side, so that a draw below it is one the weight
   * comparison rejects too (near the bound the weight decides). Used only when that margin is safely
   * above the rounding (else the bound is 0).
   */
  private refreshRejection(seq: number): void {
    const until = seq + 64;
    const c = this.weight[0] + this.timeDecay * until;
    const e = Math.exp(c);
    // In log(-log u), the lowered bound is at least log1p(1e-7 / e) above c; rounding is ~1e-16 x size.
    const margin = Math.log1p(1e-7 / e);
    const scale = 1 + Math.abs(this.weight[0]) + Math.abs(this.timeDecay * until) + Math.abs(c);
    this.rejectBelow = margin > 1e-12 * scale ? Math.exp(-e) * (1 - 1e-7) : 0;
    this.rejectUntil = until;
  }

  /** Adds an entry whatever its weight (restoring a saved reservoir); the reservoir must not be full. */
  push(pi: number, w: number, tag = -1): void {
    if (this.size >= this.capacity) throw new Error('rcf: reservoir is full');
    this.rejectUntil = -Infinity;
    let k = this.size++;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!(this.weight[p] < w)) break;
      this.point[k] = this.point[p];
      this.weight[k] = this.weight[p];
      this.tag[k] = this.tag[p];
      k = p;
    }
    this.point[k] = pi;
    this.weight[k] = w;
    this.tag[k] = tag;
    this.lastAt = k;
  }

  private siftDown(start: number): void {
    const { point, weight, tag, size } = this;
    const pi = point[start];
    const w = weight[start];
    const g = tag[start];
    let k = start;
    for (;;) {
      let c = 2 * k + 1;
      if (c >= size) break;
      if (c + 1 < size && weight[c + 1] > weight[c]) c++;
      if (!(weight[c] > w)) break;
      point[k] = point[c];
      weight[k] = weight[c];
      tag[k] = tag[c];
      k = c;
    }
    point[k] = pi;
    weight[k] = w;
    tag[k] = g;
    this.lastAt = k;
  }
}
