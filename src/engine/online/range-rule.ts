/**
 * Numenta's "spatial anomaly" rule (numenta/NAB `nab/detectors/numenta/numenta_detector.py`): a value
 * outside the range its entity has shown so far, by more than `tolerance` times the range's width, is
 * anomalous whatever the detector says. NAB's detector then reports 1.0; here the value becomes
 * 0.9 + 0.1 e / (1 + e), e the excess in widths beyond the tolerance, so it lies in (0.9, 1) and bigger
 * excursions stay ordered. Per metric, the largest; 0 inside the range, and until the range has a width.
 * The row joins the range after it is judged.
 */
export class RangeRule {
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  constructor(
    private readonly tolerance: number,
    cols: number,
  ) {
    this.lo = new Float64Array(cols).fill(Infinity);
    this.hi = new Float64Array(cols).fill(-Infinity);
  }

  /** The rule's likelihood for the entity's next row (0 when inside the range). */
  push(x: ArrayLike<number>): number {
    const { lo, hi } = this;
    let excess = 0;
    for (let j = 0; j < lo.length; j++) {
      const v = x[j];
      const width = hi[j] - lo[j];
      if (width > 0) {
        const e = Math.max(v - hi[j], lo[j] - v) / width - this.tolerance;
        if (e > excess) excess = e;
      }
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
    return excess > 0 ? 0.9 + (0.1 * excess) / (1 + excess) : 0;
  }
}
