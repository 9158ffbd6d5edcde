/** A time-based train/test split: rows before the cut train, rows at or after it test. */
export interface TimeSplit {
  /** The cut: an epoch-ms time when the data has a time column, else a row index. */
  cut: number;
  byTime: boolean;
  train: Int32Array;
  test: Int32Array;
}

/**
 * Splits at `trainFraction` of the time span (never shuffles: the model must not see the future).
 * Without times, splits by row order.
 */
export function timeSplit(times: ArrayLike<number> | null, rows: number, trainFraction: number): TimeSplit {
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new Error(`train fraction must be between 0 and 1 (exclusive), got ${trainFraction}`);
  }
  const train: number[] = [];
  const test: number[] = [];
  let cut: number;
  if (times) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      if (times[i] < lo) lo = times[i];
      if (times[i] > hi) hi = times[i];
    }
    cut = lo + (hi - lo) * trainFraction;
    for (let i = 0; i < rows; i++) (times[i] < cut ? train : test).push(i);
  } else {
    cut = Math.round(rows * trainFraction);
    for (let i = 0; i < rows; i++) (i < cut ? train : test).push(i);
  }
  return { cut, byTime: !!times, train: Int32Array.from(train), test: Int32Array.from(test) };
}
