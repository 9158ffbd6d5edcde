import { parseSizes } from './sizes';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { lookback } from '../util/lookback';

/** Largest horizon, in rows (bounds the per-entity state; the same bound as the configuration's windows). */

/** Parameters of the rate family. */
export interface RateParams {
  /** Horizons in rows: distinct integers in 1..10,000, kept in ascending order. */
  horizons: number[];
}

/**
 * How fast every metric changes, over each horizon `h` (in rows), ordered by metric, then horizon:
 *
 * - `metric__rate__diff_<h>`: x(t) - x(t-h).
 * - `metric__rate__pct_<h>`: (x(t) - x(t-h)) / |x(t-h)|; 0 when x(t-h) is 0.
 * - `metric__rate__accel_<h>`: diff_h(t) - diff_h(t-h), the change of the change.
 *
 * Before the entity has enough history, the entity's first value stands in for every missing past
 * value, so diff starts as x - first and diff_h(t-h) is 0 while t-h is before the first row. A result
 * that overflows the double range (or a pct over a subnormal past value) is written as 0.
 * State: the last `2 max(horizons)` values per metric.
 */
export const rateFamily: FeatureFamily<RateParams> = {
  name: 'rate',
  title: 'Rate of change',
  description: 'Differences, relative changes and accelerations of each metric over a few horizons.',
  defaults: { horizons: [1, 12, 288] },
  parse(raw: Record<string, unknown>): RateParams {
    for (const key of Object.keys(raw)) {
      if (key !== 'horizons') {
        throw new FeatureConfigError(`families.rate.${key}`, 'unknown parameter (known: horizons)');
      }
    }
    if (raw.horizons === undefined) return { horizons: [...rateFamily.defaults.horizons] };
    return { horizons: parseSizes(raw.horizons, 'families.rate.horizons') };
  },
  names(ctx: FeatureContext, params: RateParams): string[] {
    const names: string[] = [];
    for (const m of ctx.metrics) {
      for (const h of params.horizons)
        names.push(`${m}__rate__diff_${h}`, `${m}__rate__pct_${h}`, `${m}__rate__accel_${h}`);
    }
    return names;
  },
  // diff_h of the row h rows back reads the value 2h rows back.
  lookback: (_ctx, params) => lookback(2 * Math.max(...params.horizons)),
  create(ctx: FeatureContext, params: RateParams): FamilyState {
    return new RateState(ctx.metrics.length, params.horizons);
  },
};

/** `v` when finite, else 0 (only reached on overflow). */
function finite(v: number): number {
  return v - v === 0 ? v : 0;
}

class RateState implements FamilyState {
  private readonly horizons: Int32Array;
  /**
   * Per metric j, the values before the current row in `past[j * cap ... (j + 1) * cap)`, a ring whose
   * newest value sits at `head`.
   */
  private readonly past: Float64Array;
  private readonly cap: number;
  private head = -1;
  private size = 0;
  private readonly first: Float64Array;

  constructor(
    private readonly metrics: number,
    horizons: readonly number[],
  ) {
    this.horizons = Int32Array.from(horizons);
    this.cap = 2 * Math.max(...horizons);
    this.past = new Float64Array(metrics * this.cap);
    this.first = new Float64Array(metrics);
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    const horizons = this.horizons;
    const nH = horizons.length;
    const past = this.past;
    const cap = this.cap;
    const size = this.size;
    const head = this.head;
    let o = offset;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      if (size === 0) this.first[j] = x;
      const first = this.first[j];
      const base = j * cap;
      for (let i = 0; i < nH; i++) {
        const h = horizons[i];
        // The values h and 2h rows back: the (h - 1)-th and (2h - 1)-th newest in the ring.
        let at = head - h + 1;
        const p1 = h <= size ? past[base + (at < 0 ? at + cap : at)] : first;
        at = head - 2 * h + 1;
        const p2 = 2 * h <= size ? past[base + (at < 0 ? at + cap : at)] : first;
        const diff = x - p1;
        out[o++] = finite(diff);
        out[o++] = p1 === 0 ? 0 : finite(diff / Math.abs(p1));
        out[o++] = finite(diff - (p1 - p2));
      }
    }
    const next = head + 1 === cap ? 0 : head + 1;
    for (let j = 0; j < this.metrics; j++) past[j * cap + next] = values[j];
    this.head = next;
    if (size < cap) this.size = size + 1;
  }
}
