import type { DetectorStream } from '../detector';
import { scoreBatch, type RcForest } from './forest';

/**
 * A shingling Random Cut Forest without streamed updates, one entity's rows at a time: keeps the
 * entity's last `size` rows and scores the shingle they make, padded with the entity's first row while
 * it has fewer (as `writeShingles` pads).
 */
export class ShingleStream implements DetectorStream {
  private readonly rows: Float64Array[] = [];
  private readonly point: Float64Array;
  private readonly out = new Float64Array(1);

  constructor(
    private readonly forest: RcForest,
    private readonly cols: number,
    private readonly size: number,
  ) {
    this.point = new Float64Array(cols * size);
  }

  push(x: ArrayLike<number>): number {
    const { rows, size, cols, point } = this;
    rows.push(Float64Array.from({ length: cols }, (_, j) => x[j]));
    if (rows.length > size) rows.shift();
    const k = rows.length - 1;
    for (let m = 0; m < size; m++) point.set(rows[Math.max(0, k - size + 1 + m)], m * cols);
    scoreBatch(this.forest, point, 1, this.out);
    return this.out[0];
  }
}
