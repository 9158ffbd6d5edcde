/**
 * A feature family: a group of causal features (rolling statistics, lags, spectral bands, ...) computed
 * per entity, one row at a time, from a bounded state. The batch feature table and the streaming scorer
 * run the very same `push` code, so a row gets the same features whether it arrives in a file or alone.
 */
import type { Lookback } from '../util/lookback';
import type { PreviousMoments } from './shared';
import type { SlidingSpectrum } from './window/sliding-spectrum';
import type { WindowMoments } from './window/window-moments';

/** What every family knows about the data besides its own parameters. */
export interface FeatureContext {
  /** The metric columns, in order; `push` receives their values in this order. */
  metrics: readonly string[];
  /** The shared rolling window sizes, in rows (the configuration's `windows`). */
  windows: readonly number[];
  /** The typical time step in ms (median step of the training data), or null without a time column. */
  stepMs: number | null;
}

/** The per-entity state of one family. One state per entity; rows arrive in time order. */
export interface FamilyState {
  /**
   * Takes the next row of the entity and writes this row's features into `out[offset ...]`, as many as
   * the family's `names` (in that order). `values` holds one finite number per metric (missing values
   * are filled before they reach a family); `t` is the row's time in epoch ms, NaN without a time
   * column. Every written feature is a finite number. Must not keep a reference to `values` or `out`.
   */
  push(values: Float64Array, t: number, out: Float64Array, offset: number): void;
}

/**
 * Per-entity structures several families can share instead of each keeping its own: one structure per
 * (metric index, size), whichever families ask for it. Ask while creating a state (in `create`), not
 * later. The owner pushes the entity's row into every structure once per row, before any family's
 * `push` for that row, so inside `push` they already include the current row; a family reads them
 * and never pushes into them.
 */
export interface SharedStructures {
  /**
   * Moments of the last `window` values of metric `metric`, the current row included. `order` 4 when
   * the family needs skewness or kurtosis (the structure then keeps them for everyone); mean and std
   * are the same, bit for bit, at either order.
   */
  moments(metric: number, window: number, order?: 2 | 4): WindowMoments;
  /**
   * Count, mean and std of the `window` rows before the current one (the same moments as
   * `moments(metric, window)` had just before the current row went in), refreshed once per row.
   */
  previousMoments(metric: number, window: number): PreviousMoments;
  /** The power spectrum of the last `n` values of metric `metric` (a power of two, 8..4096). */
  spectrum(metric: number, n: number): SlidingSpectrum;
}

/** One family: parameters with defaults, output names, and a per-entity state factory. */
export interface FeatureFamily<P = Record<string, unknown>> {
  /** Short id used in feature names (`metric__<name>__detail`) and in the configuration. */
  name: string;
  /** A short human title and one sentence for the page. */
  title: string;
  description: string;
  /** The default parameters (plain JSON). */
  defaults: P;
  /**
   * Validates user parameters merged over the defaults; throws a `FeatureConfigError` naming the field
   * (as `families.<name>.<field>`) and the problem.
   */
  parse(raw: Record<string, unknown>): P;
  /**
   * Output feature names for a context, each `source__family__detail` where source is a metric, a pair
   * `a~b`, or `time`. Empty when the family does not apply (for example temporal features without a
   * time column, or pair features with one metric).
   */
  names(ctx: FeatureContext, params: P): string[];
  /**
   * A fresh state for one entity. `shared` holds the entity's structures shared with the other
   * families (given by `EntityFeatures`); without it the state keeps and advances private ones, with
   * the same results.
   */
  create(ctx: FeatureContext, params: P, shared?: SharedStructures): FamilyState;
  /**
   * How many of an entity's earlier rows a state's output depends on (see `Lookback`): a fresh state
   * fed them gives the next row the features an uninterrupted state gives. null when the state keeps
   * an unbounded memory (a cumulative sum, an exponential average). A stream consumer that loses an
   * entity's state rebuilds it from this many rows.
   */
  lookback(ctx: FeatureContext, params: P): Lookback;
}

/** A configuration problem, naming the field (`windows`, `families.rolling.stats`, ...). */
export class FeatureConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`feature configuration: ${field}: ${problem}`);
    this.name = 'FeatureConfigError';
  }
}
