import { binOf, type DriftReference } from '../bundle/training-summary';

/** Recent values per metric the population stability index is measured over. */
export const DEFAULT_DRIFT_WINDOW = 1000;
/** Fewer recent values than this: too few for a PSI, reported as null. */
export const MIN_DRIFT_ROWS = 100;
/** PSI above this is a warning (the usual rule of thumb: < 0.1 stable, 0.1-0.2 moderate, > 0.2 shifted). */
export const PSI_WARNING = 0.2;
/** Shares below this count as this in the PSI, so an empty bin gives a large but finite term. */
export const PSI_FLOOR = 1e-4;

/**
 * The population stability index of observed bin counts against expected shares:
 * sum over bins of (a - e) ln(a / e), with a the observed share and both shares floored at
 * {@link PSI_FLOOR}.
 */
export function psi(expected: readonly number[], counts: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k];
  let sum = 0;
  for (let k = 0; k < expected.length; k++) {
    const e = Math.max(expected[k], PSI_FLOOR);
    const a = Math.max(n > 0 ? counts[k] / n : 0, PSI_FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** One metric's drift now. */
export interface MetricDrift {
  metric: string;
  /** Finite recent values in the window. */
  rows: number;
  /** null below {@link MIN_DRIFT_ROWS} recent values, or without a training reference. */
  psi: number | null;
  warning: boolean;
}

/** A sliding window of one metric's recent bins, with their counts. */
class MetricWindow {
  private readonly ring: Int16Array;
  readonly counts: Int32Array;
  private head = 0;
  size = 0;

  constructor(
    readonly ref: DriftReference,
    window: number,
  ) {
    this.ring = new Int16Array(window);
    this.counts = new Int32Array(ref.proportions.length);
  }

  add(v: number): void {
    if (this.ref.proportions.length === 0) return;
    const bin = binOf(this.ref.edges, v);
    if (bin < 0) return;
    if (this.size === this.ring.length) this.counts[this.ring[this.head]]--;
    else this.size++;
    this.ring[this.head] = bin;
    this.counts[bin]++;
    this.head = (this.head + 1) % this.ring.length;
  }
}

/**
 * Per-metric population stability index of the most recent rows (a sliding window of `window` finite
 * values per metric, over all entities) against the training bins of a bundle.
 */
export class DriftMonitor {
  private readonly windows: MetricWindow[];

  constructor(
    refs: readonly DriftReference[],
    readonly window = DEFAULT_DRIFT_WINDOW,
    readonly minRows = MIN_DRIFT_ROWS,
  ) {
    if (!Number.isInteger(window) || window < 1)
      throw new Error(`drift window must be an integer >= 1, got ${window}`);
    this.windows = refs.map((r) => new MetricWindow(r, window));
  }

  /** Takes one row's raw metric values (in the references' order; NaN = missing, skipped). */
  observe(values: ArrayLike<number>): void {
    for (let j = 0; j < this.windows.length; j++) this.windows[j].add(values[j]);
  }

  /** Every metric's PSI over its window now. */
  status(): MetricDrift[] {
    return this.windows.map((w) => {
      const value =
        w.size >= this.minRows && w.ref.proportions.length ? psi(w.ref.proportions, w.counts) : null;
      return {
        metric: w.ref.metric,
        rows: w.size,
        psi: value,
        warning: value !== null && value > PSI_WARNING,
      };
    });
  }
}
