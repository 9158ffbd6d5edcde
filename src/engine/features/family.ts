/**
 * A feature family: a group of causal features (rolling statistics, lags, spectral bands, ...) computed
 * per entity, one row at a time, from a bounded state. The batch feature table and the streaming scorer
 * run the very same `push` code, so a row gets the same features whether it arrives in a file or alone.
 */

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
  /** A fresh state for one entity. */
  create(ctx: FeatureContext, params: P): FamilyState;
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
