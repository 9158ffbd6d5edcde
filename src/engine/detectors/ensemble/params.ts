import type { ParamSpec } from '../detector';
import { detectorFactory } from '../registry';

/** A member: a registered detector type with its defaults, or a type with its own params. */
export type MemberSpec = string | { type: string; params?: Record<string, unknown> };

export type NormalizeKind = 'rank' | 'robust-z' | 'min-max';
export type CombineKind = 'weighted-mean' | 'max' | 'vote';
/** A combination rule as a parameter: one of the rules, or 'auto' (chosen at fit, see the param help). */
export type CombineSpec = CombineKind | 'auto';
/** Rows of an entity's trailing mean over the combined scores, or 'auto' (chosen at fit). */
export type SmoothSpec = number | 'auto';
/**
 * 'pr-auc': from each member's validation PR-AUC, 'select': by greedy ensemble selection on validation
 * PR-AUC, both when the training rows have labels (equal otherwise); 'equal'; or one weight per member.
 */
export type WeightsSpec = 'pr-auc' | 'select' | 'equal' | number[];

/** Weighted ensemble parameters. */
export interface EnsembleParams {
  members: MemberSpec[];
  normalize: NormalizeKind;
  combine: CombineSpec;
  weights: WeightsSpec;
  /** Blocked folds of every entity's training rows for out-of-fold member scores; 1: the last 20% only. */
  folds: number;
  smooth: SmoothSpec;
  contamination: number;
  seed: number;
}

export const ENSEMBLE_TYPE = 'ensemble';
export const NORMALIZE_CHOICES: readonly NormalizeKind[] = ['rank', 'robust-z', 'min-max'];
export const COMBINE_CHOICES: readonly CombineSpec[] = ['auto', 'weighted-mean', 'max', 'vote'];
/** Trailing-mean lengths 'auto' tries on labelled held-out rows (1: no smoothing). */
export const SMOOTH_CHOICES: readonly number[] = [1, 2, 3, 4, 6, 8, 12];
/**
 * Without labels, 'auto' smooths over 6 rows (30 minutes of 5-minute rows) and combines by 'max': chosen on
 * the development families (mean PR-AUC, equal weights; robust-z normalization): NAB AWS 0.252 unsmoothed
 * mean, 0.282 mean over 6 rows, 0.281 max over 6; ASD 0.178, 0.227, 0.235 (rcf alone 0.229).
 */
export const UNLABELLED_SMOOTH = 6;
export const UNLABELLED_COMBINE: CombineKind = 'max';
export const MAX_SMOOTH = 288;
export const MAX_FOLDS = 10;
/**
 * Isolation Forest, Random Cut Forest and the rolling robust z-score, with params chosen for the ensemble
 * on the development data (NAB AWS, ASD, demo draws 13 and 14 trained on draw 11; see
 * tests/bench/ensemble.ts): larger samples per tree (4,096 and 1,024 rows instead of 256: anomalies come
 * in episodes of tens of rows, and demo data mixes several instances' levels) and a one-day baseline
 * (288 five-minute rows). Mean PR-AUC against the member's own defaults: Isolation Forest higher on all
 * three (demo 0.72 / 0.56 against 0.46 / 0.32), Random Cut Forest higher on the demo draws (0.90 / 0.81
 * against 0.85 / 0.71) and ASD (0.23 against 0.18) and 0.003 lower on NAB, robust-z 0.003 higher on NAB
 * and within 0.01 elsewhere.
 */
export const DEFAULT_MEMBERS: readonly MemberSpec[] = [
  { type: 'iforest', params: { maxSamples: 4096 } },
  { type: 'rcf', params: { sampleSize: 1024 } },
  { type: 'robust-z', params: { window: 288 } },
];

export const ENSEMBLE_DEFAULTS: Readonly<EnsembleParams> = Object.freeze({
  members: DEFAULT_MEMBERS.map((m) =>
    typeof m === 'string' ? m : { type: m.type, params: { ...m.params } },
  ),
  // Measured on the same data: robust z kept the members' tails (a row far beyond every training score
  // stays far), where ranks saturate at 1 (ASD mean PR-AUC 0.08 by rank against 0.14 by robust z).
  normalize: 'robust-z',
  // 'auto' and 'select' on out-of-fold scores of 5 folds, measured on demo draws 13 and 14 trained on
  // draw 11: the last 20% alone had every member near PR-AUC 0.9 and gave near-equal weights (ensemble
  // 0.84 / 0.76 against Random Cut Forest 0.90 / 0.81); all training rows tell them apart.
  combine: 'auto',
  weights: 'select',
  folds: 5,
  smooth: 'auto',
  contamination: 0.05,
  seed: 0,
});

const fail = (msg: string): never => {
  throw new Error(`${ENSEMBLE_TYPE}: ${msg}`);
};

/** A member's type and params (a copy), checked against the registry. */
export function memberOf(spec: MemberSpec, k: number): { type: string; params: Record<string, unknown> } {
  const type = typeof spec === 'string' ? spec : spec?.type;
  if (typeof type !== 'string' || !type)
    fail(`member ${k} needs a detector type, got ${JSON.stringify(spec)}`);
  if (type === ENSEMBLE_TYPE) fail(`member ${k}: an ensemble cannot be a member of an ensemble`);
  try {
    detectorFactory(type);
  } catch (e) {
    fail(`member ${k}: ${(e as Error).message}`);
  }
  const params = typeof spec === 'string' ? {} : (spec.params ?? {});
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    fail(`member ${k} (${type}): 'params' must be an object, got ${JSON.stringify(params)}`);
  }
  return { type, params: { ...params } };
}

/** Parses a JSON text, naming the parameter when it is not JSON. */
function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`parameter '${name}' is not valid JSON: ${text}`);
  }
}

/**
 * Members as given (an array of names and {type, params} objects), or as text from a form: a JSON array,
 * or names separated by commas.
 */
function resolveMembers(raw: unknown): MemberSpec[] {
  let value = raw;
  if (typeof value === 'string') {
    const text = value.trim();
    value = text.startsWith('[')
      ? parseJson('members', text)
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }
  if (!Array.isArray(value) || value.length === 0) {
    fail(
      `'members' must be a non-empty array of detector names or {type, params}, got ${JSON.stringify(raw)}`,
    );
  }
  return (value as unknown[]).map((m, k) => {
    const { type, params } = memberOf(m as MemberSpec, k);
    return typeof m === 'string' ? type : { type, params };
  });
}

/** 'pr-auc', 'equal', or one weight >= 0 per member (an array, or numbers separated by commas). */
function resolveWeights(raw: unknown, members: number): WeightsSpec {
  if (raw === 'pr-auc' || raw === 'select' || raw === 'equal') return raw;
  let value = raw;
  if (typeof value === 'string') {
    const text = value.trim();
    value = text.startsWith('[') ? parseJson('weights', text) : text.split(',').map((s) => Number(s.trim()));
  }
  if (!Array.isArray(value)) {
    return fail(
      `'weights' must be 'pr-auc', 'select', 'equal' or an array of numbers, got ${JSON.stringify(raw)}`,
    );
  }
  if (value.length !== members) {
    fail(`'weights' has ${value.length} entries for ${members} members`);
  }
  if (!value.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
    fail(`'weights' must be finite numbers >= 0, got ${JSON.stringify(raw)}`);
  }
  if (!value.some((w: number) => w > 0)) fail("'weights' must not all be 0");
  return [...(value as number[])];
}

function resolveChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    fail(
      `parameter '${name}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** 'auto', or a whole number of rows in [1, MAX_SMOOTH] (a number or its text from a form). */
function resolveSmooth(raw: unknown): SmoothSpec {
  if (raw === 'auto') return raw;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SMOOTH) {
    fail(`'smooth' must be 'auto' or an integer in [1, ${MAX_SMOOTH}], got ${JSON.stringify(raw)}`);
  }
  return value as number;
}

/** Fills defaults and validates every parameter, with errors naming it. */
export function resolveEnsembleParams(raw: Record<string, unknown> = {}): EnsembleParams {
  for (const key of Object.keys(raw)) {
    if (!(key in ENSEMBLE_DEFAULTS)) {
      fail(`unknown parameter '${key}' (known: ${Object.keys(ENSEMBLE_DEFAULTS).join(', ')})`);
    }
  }
  const given = (key: keyof EnsembleParams): unknown => raw[key] ?? ENSEMBLE_DEFAULTS[key];
  const members = resolveMembers(given('members'));
  const p: EnsembleParams = {
    members,
    normalize: resolveChoice('normalize', given('normalize'), NORMALIZE_CHOICES),
    combine: resolveChoice('combine', given('combine'), COMBINE_CHOICES),
    weights: resolveWeights(given('weights'), members.length),
    folds: given('folds') as number,
    smooth: resolveSmooth(given('smooth')),
    contamination: given('contamination') as number,
    seed: given('seed') as number,
  };
  if (typeof p.contamination !== 'number' || !(p.contamination > 0 && p.contamination <= 0.5)) {
    fail(`'contamination' must be in (0, 0.5], got ${JSON.stringify(p.contamination)}`);
  }
  if (!Number.isInteger(p.folds) || p.folds < 1 || p.folds > MAX_FOLDS) {
    fail(`'folds' must be an integer in [1, ${MAX_FOLDS}], got ${JSON.stringify(p.folds)}`);
  }
  if (!Number.isInteger(p.seed)) fail(`'seed' must be an integer, got ${JSON.stringify(p.seed)}`);
  return p;
}

export const ENSEMBLE_PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'members',
    label: 'Members',
    kind: 'string',
    default: ENSEMBLE_DEFAULTS.members,
    help:
      'The detectors combined: names separated by commas (each with its defaults), or a JSON array whose ' +
      'entries are names or {"type": ..., "params": {...}}. Default: Isolation Forest (4,096 rows per tree), ' +
      'Random Cut Forest (1,024 points per tree) and the rolling robust z-score (a 288-row window).',
  },
  {
    name: 'normalize',
    label: 'Normalize scores by',
    kind: 'choice',
    default: ENSEMBLE_DEFAULTS.normalize,
    choices: NORMALIZE_CHOICES,
    help:
      "Members' scores live on different scales, so each is mapped before combining, with parameters " +
      "fitted on its training scores: 'rank' to the share of training rows scoring lower, 'robust-z' " +
      "to (score - median) / (1.4826 MAD), 'min-max' to [0, 1] between the training extremes.",
  },
  {
    name: 'combine',
    label: 'Combine by',
    kind: 'choice',
    default: ENSEMBLE_DEFAULTS.combine,
    choices: COMBINE_CHOICES,
    help:
      "'weighted-mean' averages the normalized scores with the weights; 'max' takes the highest normalized " +
      "score of the members with a weight above 0 (Aggarwal & Sathe 2015); 'vote' scores each row by the " +
      "weighted share of members that alert on it (each member alerting above its training scores' " +
      "(1 - contamination) quantile). 'auto': with labels, whichever of 'weighted-mean' and 'max' scores " +
      "the higher out-of-fold PR-AUC; without, 'max'.",
  },
  {
    name: 'weights',
    label: 'Weights',
    kind: 'string',
    default: ENSEMBLE_DEFAULTS.weights,
    help:
      "'pr-auc': each member weighs by how far its PR-AUC on held-out training rows (see 'folds') lies " +
      "above chance; 'select': greedy ensemble selection on that PR-AUC, which can drop weak members " +
      "(both need labels of both kinds there, else equal weights). 'equal', or one number per member " +
      'separated by commas.',
  },
  {
    name: 'folds',
    label: 'Validation folds',
    kind: 'int',
    default: ENSEMBLE_DEFAULTS.folds,
    min: 1,
    max: MAX_FOLDS,
    help:
      "With labels: every entity's training rows are cut into this many consecutive blocks, and each " +
      'member is fitted without one block and scores it, so every training row gets a held-out score ' +
      "that weights, 'auto' combine and 'auto' smoothing are chosen on. 1: only the last 20% of every " +
      'entity is held out (cheaper, but few anomalies to judge by). Costs one member fit per fold.',
  },
  {
    name: 'smooth',
    label: 'Smooth over rows',
    kind: 'string',
    default: ENSEMBLE_DEFAULTS.smooth,
    help:
      "The score of a row is the mean of the combined scores of its entity's last N rows (itself " +
      'included; causal, so streaming keeps N scores per entity). Anomalies come in episodes, so this ' +
      "trades a late start for steadier scores. 'auto': with labels, the N in " +
      `${SMOOTH_CHOICES.join(', ')} with the best held-out PR-AUC; without, ${UNLABELLED_SMOOTH}.`,
  },
  {
    name: 'contamination',
    label: 'Expected anomaly share',
    kind: 'number',
    default: ENSEMBLE_DEFAULTS.contamination,
    min: 0.001,
    max: 0.5,
    help:
      'Expected share of anomalous rows: sets the alert threshold at that quantile of the training ' +
      "scores when there are no labels, and each member's alert level for the vote.",
  },
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: ENSEMBLE_DEFAULTS.seed,
    help: 'Seed given to every member that takes one and whose own params set none; same data, same scores.',
  },
];
