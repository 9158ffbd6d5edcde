import type { DetectorJSON } from '../detector';
import { checkNormalizer, type Normalizer } from './normalize';
import { COMBINE_CHOICES, ENSEMBLE_TYPE, MAX_SMOOTH, type CombineKind, type EnsembleParams } from './params';

/**
 * Where the weights came from: the params, validation PR-AUC, greedy selection on it, or equal (no labels
 * of both kinds).
 */
export type WeightSource = 'given' | 'pr-auc' | 'select' | 'equal';

/** Fitted state: every fitted member's JSON, its score map, weight and alert level. */
export interface EnsembleState {
  nFeatures: number;
  trainRows: number;
  /** Each member's full JSON (type, version, params, fitted state), in member order. */
  members: DetectorJSON[];
  /** Score maps fitted on each member's training scores. */
  normalizers: Normalizer[];
  /** Sum to 1. */
  weights: number[];
  weightSource: WeightSource;
  /** Each member's PR-AUC on the held-out rows when the weights came from it, else null. */
  validationPrAuc: number[] | null;
  /** Rows held out to measure it (0 when not measured). */
  validationRows: number;
  /** Each member's raw-score alert level for a vote (its training scores' (1 - contamination) quantile). */
  voteLevels: number[];
  /** The combination rule in use ('auto' resolved at fit); absent in older states: the params' rule. */
  combine?: CombineKind;
  /** Rows of the trailing mean in use ('auto' resolved at fit); absent in older states: 1. */
  smooth?: number;
  /** Held-out PR-AUC of the combination chosen (rule, weights, smoothing), when labels chose it. */
  heldOutPrAuc?: number | null;
  /**
   * The F1-maximizing threshold of the chosen combination's held-out scores (null without labels): what
   * new rows score like, where in-sample training scores run low for members fitted on them.
   */
  heldOutThreshold?: number | null;
  /** Folds that held training rows out (0 without labels). */
  folds?: number;
}

/** The rule a fitted state combines by. */
export function stateCombine(state: Pick<EnsembleState, 'combine'>, params: EnsembleParams): CombineKind {
  return state.combine ?? (params.combine === 'auto' ? 'weighted-mean' : params.combine);
}

/** Throws a clear error unless `state` fits the params (from fit or from JSON). */
export function validateState(state: EnsembleState, params: EnsembleParams): void {
  const bad = (why: string): never => {
    throw new Error(`${ENSEMBLE_TYPE}: invalid fitted state: ${why}`);
  };
  if (!state || typeof state !== 'object') bad('not an object');
  const m = params.members.length;
  if (!Number.isInteger(state.nFeatures) || state.nFeatures < 1) bad('nFeatures');
  if (!Number.isInteger(state.trainRows) || state.trainRows < 1) bad('trainRows');
  if (!Array.isArray(state.members) || state.members.length !== m) bad(`'members' must hold ${m} detectors`);
  for (const k of ['normalizers', 'weights', 'voteLevels'] as const) {
    if (!Array.isArray(state[k]) || state[k].length !== m) bad(`'${k}' must have ${m} entries`);
  }
  state.normalizers.forEach((n, k) =>
    checkNormalizer(n, params.normalize, `${ENSEMBLE_TYPE}: invalid fitted state: normalizer ${k}`),
  );
  for (const v of [...state.weights, ...state.voteLevels]) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      bad("'weights' and 'voteLevels' must be finite numbers");
  }
  if (state.weights.some((w) => w < 0)) bad("'weights' must be >= 0");
  if (!['given', 'pr-auc', 'select', 'equal'].includes(state.weightSource)) bad("'weightSource'");
  if (state.validationPrAuc !== null) {
    if (!Array.isArray(state.validationPrAuc) || state.validationPrAuc.length !== m)
      bad(`'validationPrAuc' must be null or have ${m} entries`);
  }
  if (!Number.isInteger(state.validationRows) || state.validationRows < 0) bad('validationRows');
  for (const k of ['heldOutPrAuc', 'heldOutThreshold'] as const) {
    const v = state[k];
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v))) bad(`'${k}'`);
  }
  if (
    state.combine !== undefined &&
    (state.combine === ('auto' as string) || !COMBINE_CHOICES.includes(state.combine))
  )
    bad("'combine'");
  if (
    state.smooth !== undefined &&
    !(Number.isInteger(state.smooth) && state.smooth >= 1 && state.smooth <= MAX_SMOOTH)
  )
    bad("'smooth'");
}
