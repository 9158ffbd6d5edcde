import { parseSizes } from './sizes';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { Ring } from './window/ring';

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
  /** Per metric: the values before the current row, newest first. */
  private readonly past: Ring[] = [];
  private readonly first: Float64Array;

  constructor(
    private readonly metrics: number,
    horizons: readonly number[],
  ) {
    this.horizons = Int32Array.from(horizons);
    const capacity = 2 * Math.max(...horizons);
    for (let j = 0; j < metrics; j++) this.past.push(new Ring(capacity));
    this.first = new Float64Array(metrics);
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    const horizons = this.horizons;
    const nH = horizons.length;
    let o = offset;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      const ring = this.past[j];
      const size = ring.size;
      if (size === 0) this.first[j] = x;
      const first = this.first[j];
      for (let i = 0; i < nH; i++) {
        const h = horizons[i];
        const p1 = h <= size ? ring.get(h - 1) : first;
        const p2 = 2 * h <= size ? ring.get(2 * h - 1) : first;
        const diff = x - p1;
        out[o++] = finite(diff);
        out[o++] = p1 === 0 ? 0 : finite(diff / Math.abs(p1));
        out[o++] = finite(diff - (p1 - p2));
      }
      ring.push(x);
    }
  }
}
