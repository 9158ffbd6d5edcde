import { rbfColumn, rbfColumnPair } from './kernel';

const SLAB_BYTES = 4 * 1024 * 1024;

/**
 * Least-recently-used cache of RBF kernel columns of the training rows, as libsvm's: the solver asks for
 * two columns per iteration and mostly for the same few hundred, and a column costs rows x features
 * multiply-adds plus rows exponentials. Columns are stored in float32, as libsvm stores them (Qfloat), which
 * halves the memory and keeps the solver's path the same as libsvm's.
 */
export class RbfColumnCache {
  /** Columns computed so far (cache misses). */
  computed = 0;
  private readonly rows: number;
  private readonly capacity: number;
  private readonly slotOf: Int32Array;
  private readonly owner: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly columns: Float32Array[] = [];
  private readonly args: Float64Array;
  private slab = new Float32Array(0);
  private slabColumns = 0;
  private slabUsed = 0;
  /** Most and least recently used slots (-1 when empty). */
  private head = -1;
  private tail = -1;

  /**
   * @param data the training rows, row-major (rows x cols)
   * @param norms their squared norms
   * @param maxBytes memory for cached columns; at least two columns are always kept
   */
  constructor(
    private readonly data: Float64Array,
    private readonly cols: number,
    private readonly norms: Float64Array,
    private readonly gamma: number,
    maxBytes: number,
  ) {
    this.rows = norms.length;
    this.capacity = Math.max(2, Math.min(this.rows, Math.floor(maxBytes / (4 * Math.max(1, this.rows)))));
    this.args = new Float64Array(2 * this.rows);
    this.slotOf = new Int32Array(this.rows).fill(-1);
    this.owner = new Int32Array(this.capacity).fill(-1);
    this.prev = new Int32Array(this.capacity).fill(-1);
    this.next = new Int32Array(this.capacity).fill(-1);
  }

  /** Whether column i is cached. */
  has(i: number): boolean {
    return this.slotOf[i] >= 0;
  }

  /** Column i (valid until two more columns are requested). */
  column(i: number): Float32Array {
    const s = this.slotOf[i];
    if (s >= 0) {
      this.touch(s);
      return this.columns[s];
    }
    const col = this.claim(i);
    rbfColumn(this.data, this.cols, this.norms, this.gamma, i, col, this.args);
    this.computed++;
    return col;
  }

  /** Columns i and j (i !== j), in one pass over the rows when neither is cached. */
  pair(i: number, j: number): [Float32Array, Float32Array] {
    if (this.has(j) && !this.has(i)) {
      // Touch j first so that computing i cannot evict it.
      const b = this.column(j);
      return [this.column(i), b];
    }
    if (this.has(i)) {
      const a = this.column(i);
      return [a, this.column(j)];
    }
    const a = this.claim(i);
    const b = this.claim(j);
    rbfColumnPair(this.data, this.cols, this.norms, this.gamma, i, j, a, b, this.args);
    this.computed += 2;
    return [a, b];
  }

  /** A slot for column i, at the head of the list: a new one while under capacity, else the oldest. */
  private claim(i: number): Float32Array {
    let s: number;
    if (this.columns.length < this.capacity) {
      s = this.columns.length;
      this.columns.push(this.newColumn());
    } else {
      s = this.tail;
      this.unlink(s);
      this.slotOf[this.owner[s]] = -1;
    }
    this.owner[s] = i;
    this.slotOf[i] = s;
    this.pushHead(s);
    return this.columns[s];
  }

  /** A fresh column, carved from a slab of several (fewer, larger allocations: less work for the GC). */
  private newColumn(): Float32Array {
    const rows = this.rows;
    if (this.slabUsed === this.slabColumns) {
      this.slabColumns = Math.max(
        1,
        Math.min(this.capacity - this.columns.length, Math.floor(SLAB_BYTES / (4 * rows))),
      );
      this.slab = new Float32Array(this.slabColumns * rows);
      this.slabUsed = 0;
    }
    return this.slab.subarray(rows * this.slabUsed, rows * ++this.slabUsed);
  }

  private touch(s: number): void {
    if (s === this.head) return;
    this.unlink(s);
    this.pushHead(s);
  }

  private unlink(s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.prev[s] = -1;
    this.next[s] = -1;
  }

  private pushHead(s: number): void {
    this.prev[s] = -1;
    this.next[s] = this.head;
    if (this.head >= 0) this.prev[this.head] = s;
    this.head = s;
    if (this.tail < 0) this.tail = s;
  }
}
