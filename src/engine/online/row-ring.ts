/** The latest `capacity` rows of an entity (values and times), oldest first when read. */
export class RowRing {
  private readonly data: Float64Array;
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(
    readonly cols: number,
    readonly capacity: number,
  ) {
    this.data = new Float64Array(capacity * cols);
    this.times = new Float64Array(capacity);
  }

  /** Rows held (at most `capacity`). */
  get count(): number {
    return this.size;
  }

  push(x: ArrayLike<number>, t: number): void {
    const { cols } = this;
    const o = this.head * cols;
    for (let j = 0; j < cols; j++) this.data[o + j] = x[j];
    this.times[this.head] = t;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.size < this.capacity) this.size++;
  }

  /** Index in the ring of the k-th held row, 0 = the oldest. */
  private slot(k: number): number {
    const s = this.head - this.size + k;
    return s < 0 ? s + this.capacity : s;
  }

  /** Value of column j of the k-th held row (0 = oldest). */
  value(k: number, j: number): number {
    return this.data[this.slot(k) * this.cols + j];
  }

  time(k: number): number {
    return this.times[this.slot(k)];
  }
}
