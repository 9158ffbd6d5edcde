/**
 * The shape of a bundle's manifest and of the pipeline fields every reader uses, checked before
 * anything is read from them: a file whose hash is right (it was re-hashed after an edit, or written by
 * a faulty tool) is refused with the field's path and what it should be, instead of failing later
 * with a TypeError deep in scoring.
 */

/** One field: a test, the words that say what it must be, and whether it may be absent. */
interface Field {
  test: (v: unknown, parent: Record<string, unknown>) => boolean;
  want: string;
  optional?: boolean;
}
/** An object's fields, each a {@link Field} or a nested object. */
export interface Shape {
  [key: string]: Field | { shape: Shape; optional?: boolean };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const text: Field = { test: (v) => typeof v === 'string' && v !== '', want: 'a non-empty string' };
const optionalText: Field = { ...text, optional: true };
const count: Field = {
  test: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  want: 'an integer >= 0',
};
const names: Field = {
  test: (v) => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s !== ''),
  want: 'a non-empty list of column names',
};
const schema: Shape = { time: optionalText, entity: optionalText, label: optionalText, metrics: names };

/** The manifest, but for its training summary (checked by `checkTrainingSummary`). */
export const MANIFEST_SHAPE: Shape = {
  engineVersion: text,
  createdAt: { test: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), want: 'an ISO 8601 time' },
  formatVersion: {
    test: (v) => typeof v === 'number' && Number.isInteger(v),
    want: 'an integer',
    optional: true,
  },
  schema: { shape: schema },
  metrics: {
    test: (v) => isRecord(v) && Object.values(v).every((m) => m === null || typeof m === 'number'),
    want: 'an object of numbers (null for none)',
  },
  training: {
    shape: { dataset: { ...text, want: 'a string', test: (v) => typeof v === 'string' }, rows: count },
  },
};

const numbersPerFeature = (key: 'center' | 'scale'): Field => ({
  test: (v, scaler) =>
    Array.isArray(v) && v.every((x) => typeof x === 'number') && v.length === (scaler as { n: number }).n,
  want: `a list of numbers, one per feature (${key === 'center' ? 'centres' : 'scales'})`,
});

/** The pipeline fields the stream scorer, the batch scorer and the server read before the detector. */
export const PIPELINE_SHAPE: Shape = {
  spec: {
    shape: {
      schema: { shape: schema },
      metrics: names,
      scaler: text,
      detector: { shape: { type: text } },
    },
  },
  featureNames: {
    test: (v) => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'),
    want: 'a non-empty list of feature names',
  },
  scaler: { shape: { kind: text, center: numbersPerFeature('center'), scale: numbersPerFeature('scale') } },
  detector: { shape: { type: text } },
  threshold: {
    test: (v) => typeof v === 'number' && Number.isFinite(v),
    want: 'a finite number',
  },
  thresholdRule: { shape: { kind: text } },
  trainRows: count,
};

/**
 * Checks `value` against `shape`; returns the first problem as `'path' must be ...` (or `missing
 * 'path'`), or null when it fits. `context` adds values a field's test may read (the scaler's `n`).
 */
export function checkShape(
  value: unknown,
  shape: Shape,
  path: string,
  context: Record<string, unknown> = {},
): string | null {
  if (!isRecord(value)) return `'${path}' must be an object`;
  const scope = { ...value, ...context };
  for (const [key, rule] of Object.entries(shape)) {
    const at = `${path}.${key}`;
    const v = value[key];
    if (v === undefined) {
      if (rule.optional) continue;
      return `missing '${at}'`;
    }
    if ('shape' in rule) {
      const problem = checkShape(v, rule.shape, at, context);
      if (problem) return problem;
    } else if (!rule.test(v, scope)) return `'${at}' must be ${rule.want}`;
  }
  return null;
}

/** Checks a bundle body's manifest (but its training summary) and pipeline; the problem, or null. */
export function checkBundleShape(body: Record<string, unknown>): string | null {
  const pipeline = body.pipeline;
  const n = isRecord(pipeline) && Array.isArray(pipeline.featureNames) ? pipeline.featureNames.length : -1;
  return (
    checkShape(body.manifest, MANIFEST_SHAPE, 'manifest') ??
    checkShape(pipeline, PIPELINE_SHAPE, 'pipeline', { n })
  );
}
