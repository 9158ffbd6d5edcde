import type { Detector, DetectorStream } from '../detectors/detector';

/**
 * How a detector scores one entity's rows one at a time:
 * - 'row-wise': each row alone (a row's score never depends on other rows);
 * - 'stream': the detector's own bounded stream (`Detector.stream`);
 * - 'history': the entity's last `historyRows` rows rescored as one group on every row; exact while an
 *   entity has at most that many rows, an approximation after (the oldest rows are forgotten).
 */
export type DetectorStreamKind = 'row-wise' | 'stream' | 'history';

/** A way to score rows one at a time, and a factory of per-entity scorers. */
export interface DetectorStreamPlan {
  kind: DetectorStreamKind;
  /** Rows kept per entity by the 'history' kind; null for the others. */
  historyRows: number | null;
  create(): DetectorStream;
}

/** Rows an entity's history keeps for a sequential detector without a stream of its own. */
export const DEFAULT_HISTORY_ROWS = 2048;

class RowWise implements DetectorStream {
  constructor(
    private readonly detector: Detector,
    private readonly cols: number,
  ) {}
  push(x: ArrayLike<number>): number {
    return this.detector.score({ data: Float64Array.from(x), rows: 1, cols: this.cols })[0];
  }
}

class History implements DetectorStream {
  private readonly data: Float64Array;
  private readonly times: Float64Array;
  private count = 0;

  constructor(
    private readonly detector: Detector,
    private readonly cols: number,
    private readonly cap: number,
  ) {
    this.data = new Float64Array(cap * cols);
    this.times = new Float64Array(cap);
  }

  push(x: ArrayLike<number>, t: number): number {
    const { cols, cap } = this;
    if (this.count === cap) {
      this.data.copyWithin(0, cols);
      this.times.copyWithin(0, 1);
      this.count--;
    }
    for (let j = 0; j < cols; j++) this.data[this.count * cols + j] = x[j];
    this.times[this.count] = t;
    const n = ++this.count;
    const scores = this.detector.score(
      { data: this.data.subarray(0, n * cols), rows: n, cols },
      { groups: [Int32Array.from({ length: n }, (_, i) => i)], time: this.times.subarray(0, n) },
    );
    return scores[n - 1];
  }
}

/** How a loaded detector (of `cols` features) scores a stream; see {@link DetectorStreamKind}. */
export function detectorStreamPlan(
  detector: Detector,
  cols: number,
  historyRows = DEFAULT_HISTORY_ROWS,
): DetectorStreamPlan {
  if (!detector.sequential) {
    const shared = new RowWise(detector, cols);
    return { kind: 'row-wise', historyRows: null, create: () => shared };
  }
  const own = detector.stream;
  if (own) return { kind: 'stream', historyRows: null, create: () => own.call(detector) };
  return { kind: 'history', historyRows, create: () => new History(detector, cols, historyRows) };
}
