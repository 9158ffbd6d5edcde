/**
 * A fixed-capacity ring buffer of numbers: the last `capacity` values pushed, newest first by index.
 * No allocation after construction.
 */
export class Ring {
  /** How many values the ring holds at most. */
  readonly capacity: number;
  private readonly buf: Float64Array;
  /** Index of the newest value (meaningful once size > 0). */
  private head = -1;
  private n = 0;

  /** @param capacity the number of values kept, an integer >= 1. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Ring: capacity must be an integer >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.buf = new Float64Array(capacity);
  }

  /** How many values the ring holds now (at most `capacity`). */
  get size(): number {
    return this.n;
  }

  /**
   * Appends `x` as the newest value.
   *
   * @returns the oldest value, which fell out because the ring was full; NaN when nothing fell out.
   */
  push(x: number): number {
    let h = this.head + 1;
    if (h === this.capacity) h = 0;
    this.head = h;
    if (this.n < this.capacity) {
      this.n++;
      this.buf[h] = x;
      return NaN;
    }
    const old = this.buf[h];
    this.buf[h] = x;
    return old;
  }

  /**
   * The `k`-th most recent value: 0 is the newest, `size - 1` the oldest. Out of range (k < 0 or
   * k >= size) gives NaN.
   */
  get(k: number): number {
    if (k < 0 || k >= this.n) return NaN;
    let i = this.head - k;
    if (i < 0) i += this.capacity;
    return this.buf[i];
  }

  /** Empties the ring (the capacity stays). */
  clear(): void {
    this.head = -1;
    this.n = 0;
  }
}
