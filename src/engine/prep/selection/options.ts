/** The feature-selection options (plain JSON, stored in the pipeline spec) and their parser. */

/** Which selection steps run, in this order: near-constant, correlation, ranking. */
export interface SelectionOptions {
  nearConstant: {
    enabled: boolean;
    /**
     * Drop when std / |mean| over the training rows is below this (a column that barely moves around a
     * large level, such as total memory in bytes). Absent or 0: no such test.
     */
    minStdRatio?: number;
    /** Drop when one value covers more than this share of the training rows, e.g. 0.99. */
    maxTopShare: number;
  };
  correlation: {
    enabled: boolean;
    /** |r| above which the later of two features is dropped, e.g. 0.95. */
    threshold: number;
    /** Training rows used, evenly spaced, e.g. 5000. */
    sampleRows: number;
  };
  ranking: {
    enabled: boolean;
    /** Univariate ROC-AUC (score |AUC - 0.5| * 2) or mutual information with the label (nats). */
    method: 'auc' | 'mutual-info';
    /** Number of best-ranked features kept. */
    topK: number;
  };
}

/** A selection-options problem, naming the field (`selection.correlation.threshold`, ...). */
export class SelectionConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'SelectionConfigError';
  }
}

/** The defaults: near-constant and correlation pruning on, ranking off (it needs labels). */
export function defaultSelection(): SelectionOptions {
  return {
    nearConstant: { enabled: true, minStdRatio: 1e-6, maxTopShare: 0.99 },
    correlation: { enabled: true, threshold: 0.95, sampleRows: 5000 },
    ranking: { enabled: false, method: 'auc', topK: 30 },
  };
}

type Raw = Record<string, unknown>;

function section(raw: Raw, key: string, fields: readonly string[]): Raw {
  const field = `selection.${key}`;
  const value = raw[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SelectionConfigError(field, `must be an object, got ${JSON.stringify(value)}`);
  }
  for (const k of Object.keys(value)) {
    if (!fields.includes(k)) {
      throw new SelectionConfigError(`${field}.${k}`, `unknown field (expected one of ${fields.join(', ')})`);
    }
  }
  return value as Raw;
}

function bool(raw: Raw, field: string, key: string, fallback: boolean): boolean {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean')
    throw new SelectionConfigError(`${field}.${key}`, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** A number in (lo, hi] or [lo, hi] (`loOpen`), optionally an integer. */
function num(
  raw: Raw,
  field: string,
  key: string,
  fallback: number,
  range: { lo: number; hi: number; loOpen?: boolean; integer?: boolean },
): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  const name = `${field}.${key}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new SelectionConfigError(name, `must be a number, got ${JSON.stringify(v)}`);
  }
  if (range.integer && !Number.isInteger(v))
    throw new SelectionConfigError(name, `must be a whole number, got ${v}`);
  const below = range.loOpen ? v <= range.lo : v < range.lo;
  if (below || v > range.hi) {
    const open = range.loOpen ? '(' : '[';
    const want = range.hi === Infinity ? `at least ${range.lo}` : `in ${open}${range.lo}, ${range.hi}]`;
    throw new SelectionConfigError(name, `must be ${want}, got ${v}`);
  }
  return v;
}

/**
 * Validates selection options from JSON. Absent sections and fields take the defaults of
 * {@link defaultSelection}; `undefined` or `null` gives the defaults.
 *
 * @throws SelectionConfigError naming the field (`selection.correlation.threshold`, ...) and the problem:
 * a wrong type, a value out of range, or an unknown field (likely a typo).
 */
export function parseSelection(raw: unknown): SelectionOptions {
  const d = defaultSelection();
  if (raw === undefined || raw === null) return d;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SelectionConfigError('selection', `must be an object, got ${JSON.stringify(raw)}`);
  }
  const top = raw as Raw;
  for (const k of Object.keys(top)) {
    if (!['nearConstant', 'correlation', 'ranking'].includes(k)) {
      throw new SelectionConfigError(
        `selection.${k}`,
        'unknown field (expected nearConstant, correlation, ranking)',
      );
    }
  }

  const nc = section(top, 'nearConstant', ['enabled', 'minStdRatio', 'maxTopShare']);
  const ncField = 'selection.nearConstant';
  const nearConstant: SelectionOptions['nearConstant'] = {
    enabled: bool(nc, ncField, 'enabled', d.nearConstant.enabled),
    minStdRatio: num(nc, ncField, 'minStdRatio', d.nearConstant.minStdRatio ?? 0, { lo: 0, hi: Infinity }),
    maxTopShare: num(nc, ncField, 'maxTopShare', d.nearConstant.maxTopShare, { lo: 0, hi: 1, loOpen: true }),
  };

  const co = section(top, 'correlation', ['enabled', 'threshold', 'sampleRows']);
  const coField = 'selection.correlation';
  const correlation: SelectionOptions['correlation'] = {
    enabled: bool(co, coField, 'enabled', d.correlation.enabled),
    threshold: num(co, coField, 'threshold', d.correlation.threshold, { lo: 0, hi: 1, loOpen: true }),
    sampleRows: num(co, coField, 'sampleRows', d.correlation.sampleRows, { lo: 2, hi: 1e7, integer: true }),
  };

  const ra = section(top, 'ranking', ['enabled', 'method', 'topK']);
  const raField = 'selection.ranking';
  const method = ra.method ?? d.ranking.method;
  if (method !== 'auc' && method !== 'mutual-info') {
    throw new SelectionConfigError(
      `${raField}.method`,
      `must be 'auc' or 'mutual-info', got ${JSON.stringify(method)}`,
    );
  }
  const ranking: SelectionOptions['ranking'] = {
    enabled: bool(ra, raField, 'enabled', d.ranking.enabled),
    method,
    topK: num(ra, raField, 'topK', d.ranking.topK, { lo: 1, hi: 1e6, integer: true }),
  };

  return { nearConstant, correlation, ranking };
}
