import type { ParamSpec } from '../detector';

/** Random Cut Forest parameters (names after AWS's builder, in camelCase). */
export interface RcfParams {
  numTrees: number;
  /** Points per tree (AWS's sampleSize): the reservoir's capacity. */
  sampleSize: number;
  /** Rows per point: > 1 concatenates each row with the previous shingleSize - 1 rows of its entity. */
  shingleSize: number;
  /** 'none': the fitted forest scores every row; 'stream': each entity updates a copy as it is scored. */
  update: RcfUpdate;
  contamination: number;
  seed: number;
}

export type RcfUpdate = 'none' | 'stream';

export const RCF_TYPE = 'rcf';
/**
 * The largest magnitude a forest takes: a box's span sums hi - lo over up to millions of dimensions, and
 * nearer the double range (1.8e308) those sums overflow to Infinity and the cuts are lost (a stream of
 * values near 1e308 never finished its first rows).
 */
export const RCF_VALUE_LIMIT = 1e290;
export const UPDATE_CHOICES: readonly RcfUpdate[] = ['none', 'stream'];

export const RCF_DEFAULTS: Readonly<RcfParams> = Object.freeze({
  numTrees: 100,
  sampleSize: 256,
  shingleSize: 1,
  update: 'none',
  contamination: 0.05,
  seed: 0,
});

const INT_RANGES = {
  numTrees: [1, 1000],
  sampleSize: [2, 10_000],
  shingleSize: [1, 256],
} as const;

/** AWS's default time decay, 1 / (10 * sampleSize): a point's weight halves every ~7 sample sizes. */
export function defaultTimeDecay(sampleSize: number): number {
  return 1 / (10 * sampleSize);
}

/** Fills defaults and validates, with errors naming the parameter. */
export function resolveRcfParams(raw: Record<string, unknown> = {}): RcfParams {
  const p: RcfParams = { ...RCF_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in RCF_DEFAULTS)) {
      throw new Error(
        `${RCF_TYPE}: unknown parameter '${key}' (known: ${Object.keys(RCF_DEFAULTS).join(', ')})`,
      );
    }
    if (value === undefined) continue;
    if (key === 'update') {
      if (typeof value !== 'string' || !(UPDATE_CHOICES as readonly string[]).includes(value)) {
        throw new Error(
          `${RCF_TYPE}: parameter 'update' must be one of ${UPDATE_CHOICES.map((c) => `'${c}'`).join(', ')}, ` +
            `got ${JSON.stringify(value)}`,
        );
      }
      p.update = value as RcfUpdate;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(
        `${RCF_TYPE}: parameter '${key}' must be a finite number, got ${JSON.stringify(value)}`,
      );
    }
    (p as unknown as Record<string, number>)[key] = value;
  }
  for (const [name, [min, max]] of Object.entries(INT_RANGES)) {
    const v = p[name as keyof typeof INT_RANGES];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new Error(`${RCF_TYPE}: '${name}' must be an integer in [${min}, ${max}], got ${v}`);
    }
  }
  if (!Number.isInteger(p.seed)) throw new Error(`${RCF_TYPE}: 'seed' must be an integer, got ${p.seed}`);
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${RCF_TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

export const RCF_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'numTrees',
    label: 'Trees',
    kind: 'int',
    default: RCF_DEFAULTS.numTrees,
    min: INT_RANGES.numTrees[0],
    max: INT_RANGES.numTrees[1],
    help:
      'Number of random cut trees. The score is the mean collusive displacement over trees, so more trees ' +
      'give steadier scores at a linear cost in time; 100 is the AWS default, 50 is often enough.',
  },
  {
    name: 'sampleSize',
    label: 'Points per tree',
    kind: 'int',
    default: RCF_DEFAULTS.sampleSize,
    min: INT_RANGES.sampleSize[0],
    max: INT_RANGES.sampleSize[1],
    help:
      'Points each tree holds (its reservoir). Scores range up to this size; 256 is the paper and AWS ' +
      'default. Raise it when anomalies come in groups larger than a few percent of the sample.',
  },
  {
    name: 'shingleSize',
    label: 'Shingle size',
    kind: 'int',
    default: RCF_DEFAULTS.shingleSize,
    min: INT_RANGES.shingleSize[0],
    max: INT_RANGES.shingleSize[1],
    help:
      'Rows per point: above 1, each row is concatenated with the previous rows of the same entity, so ' +
      'unusual shapes over time (a spike, a level shift) stand out, not only unusual values. 4 to 8 suits ' +
      'a single 5-minute series; the first rows of an entity repeat its earliest row.',
  },
  {
    name: 'update',
    label: 'Update while scoring',
    kind: 'choice',
    default: RCF_DEFAULTS.update,
    choices: UPDATE_CHOICES,
    help:
      "'none' scores every row against the fitted forest. 'stream' walks each entity in time order, scores " +
      'a row and then offers it to every tree (time-decayed reservoir, as AWS does), so the forest follows ' +
      'drifting levels; the fitted model itself never changes. Streaming rows one at a time (the ' +
      "server's /predict) keeps such a copy per entity: numTrees x sampleSize points each.",
  },
  {
    name: 'contamination',
    label: 'Expected anomaly share',
    kind: 'number',
    default: RCF_DEFAULTS.contamination,
    min: 0.001,
    max: 0.5,
    help:
      'Expected share of anomalous rows. It does not change the scores: it sets the alert threshold at that ' +
      'quantile of the training scores. Set it to your alert budget or the known anomaly rate.',
  },
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: RCF_DEFAULTS.seed,
    help: 'Seed for sampling, cuts and stream updates. The same data and seed always give the same scores.',
  },
];
