/** How rows falling in one grid step are combined: the mean or the last value of each metric. */
export type ResampleAggregate = 'mean' | 'last';

/** A regular time grid to resample each entity onto. */
export interface ResampleSpec {
  /** The grid step in milliseconds (300000 for 5 minutes). */
  stepMs: number;
  aggregate: ResampleAggregate;
}

export type MissingMethod = 'none' | 'ffill' | 'interpolate' | 'rolling-median' | 'drop';

export interface MissingSpec {
  method: MissingMethod;
  /**
   * The longest run of missing rows filled, null for no limit. 'ffill' holds the last value for at
   * most `limit` rows of any gap (pandas `ffill(limit=)`, so a row never depends on later rows);
   * 'interpolate' fills whole gaps of at most `limit` rows and leaves longer gaps wholly missing.
   */
  limit: number | null;
  /** 'rolling-median': how many previous rows the median is taken over. */
  window: number;
}

export type OutlierMethod = 'keep' | 'clip-quantile' | 'clip-iqr';

export interface OutlierSpec {
  method: OutlierMethod;
  /** 'clip-quantile': the lower quantile of the training values to clip at (e.g. 0.001). */
  lower: number;
  /** 'clip-quantile': the upper quantile (e.g. 0.999). */
  upper: number;
  /** 'clip-iqr': the fences are q1 - k IQR and q3 + k IQR. */
  k: number;
}

/** The Data Preparation cleaning steps, plain JSON so it travels in the pipeline spec and bundle. */
export interface CleaningSpec {
  resample: ResampleSpec | null;
  missing: MissingSpec;
  outliers: OutlierSpec;
}

/** No resampling, forward fill without a limit, outliers kept. */
export function defaultCleaning(): CleaningSpec {
  return {
    resample: null,
    missing: { method: 'ffill', limit: null, window: 12 },
    outliers: { method: 'keep', lower: 0.001, upper: 0.999, k: 1.5 },
  };
}

const MISSING_METHODS: readonly MissingMethod[] = ['none', 'ffill', 'interpolate', 'rolling-median', 'drop'];
const OUTLIER_METHODS: readonly OutlierMethod[] = ['keep', 'clip-quantile', 'clip-iqr'];
const AGGREGATES: readonly ResampleAggregate[] = ['mean', 'last'];

/**
 * Reads a cleaning spec from JSON, checking every field and rejecting unknown ones.
 *
 * @returns a fresh spec (nothing shared with `raw`)
 * @throws Error whose message starts with the field's path, e.g.
 *   `cleaning.missing.limit: must be a positive integer or null`
 */
export function parseCleaning(raw: unknown): CleaningSpec {
  const root = record(raw, 'cleaning', ['resample', 'missing', 'outliers']);
  let resample: ResampleSpec | null = null;
  if (root.resample !== null) {
    const r = record(root.resample, 'cleaning.resample', ['stepMs', 'aggregate'], 'an object or null');
    const stepMs = r.stepMs;
    if (typeof stepMs !== 'number' || !Number.isFinite(stepMs) || stepMs <= 0) {
      fail('cleaning.resample.stepMs', 'must be a positive number of milliseconds');
    }
    resample = { stepMs, aggregate: oneOf(r.aggregate, AGGREGATES, 'cleaning.resample.aggregate') };
  }

  const m = record(root.missing, 'cleaning.missing', ['method', 'limit', 'window']);
  const method = oneOf(m.method, MISSING_METHODS, 'cleaning.missing.method');
  if (m.limit !== null && !isPositiveInteger(m.limit)) {
    fail('cleaning.missing.limit', 'must be a positive integer or null');
  }
  if (!isPositiveInteger(m.window)) fail('cleaning.missing.window', 'must be a positive integer');

  const o = record(root.outliers, 'cleaning.outliers', ['method', 'lower', 'upper', 'k']);
  const outlierMethod = oneOf(o.method, OUTLIER_METHODS, 'cleaning.outliers.method');
  const { lower, upper, k } = o;
  if (typeof lower !== 'number' || !(lower >= 0 && lower < 1)) {
    fail('cleaning.outliers.lower', 'must be a quantile from 0 to below 1');
  }
  if (typeof upper !== 'number' || !(upper > 0 && upper <= 1)) {
    fail('cleaning.outliers.upper', 'must be a quantile above 0 up to 1');
  }
  if (lower >= upper) fail('cleaning.outliers.upper', `must be above lower (${lower}), got ${upper}`);
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) {
    fail('cleaning.outliers.k', 'must be a non-negative number');
  }

  return {
    resample,
    missing: { method, limit: m.limit as number | null, window: m.window as number },
    outliers: { method: outlierMethod, lower, upper, k },
  };
}

function fail(path: string, problem: string): never {
  throw new Error(`${path}: ${problem}`);
}

function record(
  raw: unknown,
  path: string,
  keys: readonly string[],
  expected = 'an object',
): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(path, `must be ${expected}`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key)) fail(`${path}.${key}`, `unknown field (expected ${keys.join(', ')})`);
  }
  for (const key of keys) if (!(key in obj)) fail(`${path}.${key}`, 'is required');
  return obj;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(path, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
