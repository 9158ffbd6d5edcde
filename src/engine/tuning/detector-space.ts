import type { DetectorFactory, ParamSpec } from '../detectors/detector';
import type { ParamValue, SearchDimension, SearchSpace, TrialParams } from './space';

/** A dimension without its name: a numeric range or a list of choices. */
export type DimensionRange =
  { low: number; high: number; log?: boolean; kind?: 'int' | 'float' } | { choices: readonly ParamValue[] };

/**
 * Ranges worth searching for the built-in detectors, narrower than what their schemas accept (a schema
 * says what is valid, not what is plausible). Parameters not listed are held at their defaults: seeds and
 * the contamination (which moves the alert threshold, not the scores), sample caps, iteration limits.
 */
export const SUGGESTED_RANGES: Readonly<Record<string, Readonly<Record<string, DimensionRange>>>> = {
  iforest: {
    nEstimators: { low: 50, high: 400, log: true },
    maxSamples: { low: 32, high: 2048, log: true },
    maxFeatures: { low: 0.3, high: 1 },
    extension: { low: 0, high: 4 },
  },
  rcf: {
    numTrees: { low: 50, high: 300, log: true },
    sampleSize: { low: 64, high: 1024, log: true },
    shingleSize: { low: 1, high: 16, log: true },
  },
  'robust-z': {
    window: { low: 12, high: 4032, log: true },
    minPeriods: { low: 2, high: 288, log: true },
    combine: { choices: ['max', 'mean'] },
  },
  seasonal: {
    period: { choices: [0, 12, 24, 48, 96, 144, 288, 2016] },
    minSlotRows: { low: 2, high: 50, log: true },
    combine: { choices: ['max', 'mean'] },
  },
  kmeans: {
    k: { low: 2, high: 50, log: true },
    minClusterShare: { low: 0, high: 0.1 },
  },
  hclust: {
    linkage: { choices: ['single', 'complete', 'average', 'ward'] },
    k: { low: 2, high: 50, log: true },
    minClusterShare: { low: 0, high: 0.1 },
  },
  dbscan: {
    eps: { low: 0.05, high: 5, log: true },
    minPts: { low: 3, high: 50, log: true },
  },
  kmedoids: {
    k: { low: 2, high: 50, log: true },
    minClusterShare: { low: 0, high: 0.1 },
  },
  ocsvm: {
    nu: { low: 0.005, high: 0.5, log: true },
    gamma: { low: 0.001, high: 10, log: true, kind: 'float' },
  },
};

/** Never searched by default: they do not change the scores (contamination) or only reseed them. */
const NOT_TUNED = new Set(['seed', 'contamination']);

/**
 * A range for a parameter of a detector with no suggested ranges, from its schema: choices and booleans
 * in full; numbers between their bounds, on a log scale when the bounds span 100x or more, and then no
 * further than 10x either side of a positive default. Strings and unbounded numbers are not searched.
 */
export function rangeFromSchema(p: ParamSpec): DimensionRange | null {
  if (NOT_TUNED.has(p.name)) return null;
  if (p.kind === 'choice') return p.choices?.length ? { choices: p.choices } : null;
  if (p.kind === 'boolean') return { choices: [false, true] };
  if (p.kind !== 'int' && p.kind !== 'number') return null;
  if (p.min === undefined || p.max === undefined || !(p.max > p.min)) return null;
  let low = p.min;
  let high = p.max;
  const d = typeof p.default === 'number' ? p.default : NaN;
  const log = low > 0 && high / low >= 100;
  if (log && d > 0) {
    low = Math.max(low, d / 10);
    high = Math.min(high, d * 10);
  }
  if (p.kind === 'int') {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  return high > low ? { low, high, log, kind: p.kind === 'int' ? 'int' : 'float' } : null;
}

function dimension(name: string, range: DimensionRange, spec: ParamSpec | undefined): SearchDimension {
  if ('choices' in range) return { name, kind: 'choice', choices: [...range.choices] };
  const kind = range.kind ?? (spec?.kind === 'int' ? 'int' : 'float');
  return { name, kind, low: range.low, high: range.high, ...(range.log ? { log: true } : {}) };
}

/**
 * The search space of a registered detector: its suggested ranges (or ranges from its schema when it
 * has none), changed by `overrides`: a range replaces or adds a dimension, a plain value fixes the
 * parameter, null stops searching it (its default then applies).
 */
export function detectorSearchSpace(
  factory: DetectorFactory,
  overrides: Readonly<Record<string, DimensionRange | ParamValue | null>> = {},
): SearchSpace {
  const specs = new Map(factory.params.map((p) => [p.name, p]));
  const ranges = new Map<string, DimensionRange>();
  const suggested = SUGGESTED_RANGES[factory.type];
  if (suggested) {
    for (const [name, r] of Object.entries(suggested)) if (specs.has(name)) ranges.set(name, r);
  } else {
    for (const p of factory.params) {
      const r = rangeFromSchema(p);
      if (r) ranges.set(p.name, r);
    }
  }
  const fixed: TrialParams = {};
  for (const [name, o] of Object.entries(overrides)) {
    if (!specs.has(name)) {
      throw new Error(
        `search space: ${factory.type} has no parameter '${name}' (known: ${[...specs.keys()].join(', ')})`,
      );
    }
    ranges.delete(name);
    if (o === null) continue;
    if (typeof o === 'object') ranges.set(name, o);
    else fixed[name] = o;
  }
  // Dimensions in the schema's order, so that spaces (and seeded searches) do not depend on map order.
  const dimensions = factory.params
    .filter((p) => ranges.has(p.name))
    .map((p) => dimension(p.name, ranges.get(p.name)!, p));
  return { dimensions, fixed };
}

/** The detector's default value of each dimension of a space (for a first trial at the defaults). */
export function defaultTrial(factory: DetectorFactory, space: SearchSpace): TrialParams {
  const out: TrialParams = {};
  for (const d of space.dimensions) {
    const spec = factory.params.find((p) => p.name === d.name);
    const v = spec?.default;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[d.name] = v;
  }
  return out;
}
