/**
 * Periodogram peaks strongest first, ties in bin order (the order of a stable sort by descending
 * power), one at a time: a binary heap, since only the first few of thousands of peaks are wanted
 * (sorting all of them took a third of `dominantPeriods` on a 125,000-step series).
 */
export class PeakQueue {
  private readonly heap: Int32Array;
  private size: number;

  constructor(
    private readonly p: Float64Array,
    peaks: readonly number[],
  ) {
    this.heap = Int32Array.from(peaks);
    this.size = peaks.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next strongest peak's bin, or -1 when none is left. */
  next(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    this.heap[0] = this.heap[--this.size];
    this.down(0);
    return top;
  }

  /** Whether bin a comes before bin b. */
  private before(a: number, b: number): boolean {
    const pa = this.p[a];
    const pb = this.p[b];
    return pa > pb || (pa === pb && a < b);
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const c = r < this.size && this.before(h[r], h[l]) ? r : l;
      if (!this.before(h[c], h[i])) return;
      const t = h[c];
      h[c] = h[i];
      h[i] = t;
      i = c;
    }
  }
}
