import type { SharedStructures } from './family';
import { SlidingSpectrum } from './window/sliding-spectrum';
import { WindowMoments } from './window/window-moments';

/**
 * Count, mean and sample standard deviation (ddof 1) of a metric's `window` rows before the current
 * one, as `WindowMoments` gave them just before the current row went in: `mean` is NaN and `std` 0
 * while no row precedes it, and `std` is 0 with fewer than 2 rows.
 */
export class PreviousMoments {
  count = 0;
  mean = NaN;
  std = 0;
}

/**
 * One entity's shared structures (see {@link SharedStructures}): each (metric, size) structure exists
 * once however many families ask for it, and {@link advance} pushes the row into all of them. Every
 * request must come before the first `advance`, that is, while the families' states are created.
 */
export class SharedWindows implements SharedStructures {
  private readonly momentsByKey = new Map<string, WindowMoments>();
  private readonly spectraByKey = new Map<string, SlidingSpectrum>();
  private readonly previousByKey = new Map<string, PreviousMoments>();
  // Flat lists for `advance`, in request order: a structure and the metric it reads.
  private readonly momentsList: WindowMoments[] = [];
  private readonly momentsMetric: number[] = [];
  private readonly momentsPrevious: (PreviousMoments | null)[] = [];
  private readonly spectraList: SlidingSpectrum[] = [];
  private readonly spectraMetric: number[] = [];
  private started = false;

  /** @param metrics the number of metric columns of a row. */
  constructor(readonly metrics: number) {}

  moments(metric: number, window: number, order: 2 | 4 = 2): WindowMoments {
    this.check(metric, 'moments');
    const key = `${metric}:${window}`;
    let mo = this.momentsByKey.get(key);
    if (!mo) {
      mo = new WindowMoments(window, order);
      this.momentsByKey.set(key, mo);
      this.momentsList.push(mo);
      this.momentsMetric.push(metric);
      this.momentsPrevious.push(null);
    } else if (order > mo.order) {
      mo.widen(order);
    }
    return mo;
  }

  previousMoments(metric: number, window: number): PreviousMoments {
    const key = `${metric}:${window}`;
    let prev = this.previousByKey.get(key);
    if (!prev) {
      const mo = this.moments(metric, window);
      prev = new PreviousMoments();
      this.previousByKey.set(key, prev);
      this.momentsPrevious[this.momentsList.indexOf(mo)] = prev;
    }
    return prev;
  }

  spectrum(metric: number, n: number): SlidingSpectrum {
    this.check(metric, 'spectrum');
    const key = `${metric}:${n}`;
    let sp = this.spectraByKey.get(key);
    if (!sp) {
      sp = new SlidingSpectrum(n);
      this.spectraByKey.set(key, sp);
      this.spectraList.push(sp);
      this.spectraMetric.push(metric);
    }
    return sp;
  }

  /**
   * Pushes the entity's next row (one finite value per metric) into every structure, taking the
   * previous-moments snapshots first. Called once per row, before any family reads the structures.
   */
  advance(values: Float64Array): void {
    this.started = true;
    const moments = this.momentsList;
    const momentsMetric = this.momentsMetric;
    const previous = this.momentsPrevious;
    for (let i = 0; i < moments.length; i++) {
      const mo = moments[i];
      const prev = previous[i];
      if (prev !== null) {
        prev.count = mo.count;
        prev.mean = mo.mean();
        prev.std = mo.std();
      }
      mo.push(values[momentsMetric[i]]);
    }
    const spectra = this.spectraList;
    const spectraMetric = this.spectraMetric;
    for (let i = 0; i < spectra.length; i++) spectra[i].push(values[spectraMetric[i]]);
  }

  private check(metric: number, what: string): void {
    if (this.started) {
      throw new Error(`SharedWindows.${what}: requested after the first row (ask while creating the state)`);
    }
    if (!Number.isInteger(metric) || metric < 0 || metric >= this.metrics) {
      throw new RangeError(`SharedWindows.${what}: no metric ${metric} (${this.metrics} metrics)`);
    }
  }
}

/**
 * The shared structures a family state reads: the given ones, or, for a state created on its own
 * (`create(ctx, params)` without them), private ones that the state must advance itself (`own`).
 */
export function sharedOrOwn(
  metrics: number,
  shared: SharedStructures | undefined,
): { shared: SharedStructures; own: SharedWindows | null } {
  if (shared) return { shared, own: null };
  const own = new SharedWindows(metrics);
  return { shared: own, own };
}
