import { checkInt, resolveParams } from '../detectors/params';

/** How the distribution of a detector's past scores is read. */
export type LikelihoodTail = 'gaussian' | 'empirical';
/** How the Gaussian tail's centre and spread are estimated from the reference values. */
export type LikelihoodEstimator = 'moments' | 'robust';
/** How raw scores are mapped before averaging: as they are, or sign(s) log(1 + |s|) (heavy tails). */
export type LikelihoodTransform = 'none' | 'log';

/** Anomaly likelihood parameters (see `AnomalyLikelihood`). */
export interface LikelihoodParams {
  /** Rows whose (transformed) raw scores are averaged into the short-window mean, this row included. */
  shortWindow: number;
  /** Past short-window means that form the reference distribution (the latest ones). */
  longWindow: number;
  /** Past short-window means needed before the likelihood says anything (0.5 tail until then). */
  minHistory: number;
  tail: LikelihoodTail;
  /** 'moments': mean and standard deviation (Numenta's); 'robust': median and 1.4826 MAD. */
  estimator: LikelihoodEstimator;
  transform: LikelihoodTransform;
  /** Smallest standard deviation of the reference distribution, in transformed score units. */
  minStd: number;
}

export const LIKELIHOOD_TAILS: readonly LikelihoodTail[] = ['gaussian', 'empirical'];
export const LIKELIHOOD_ESTIMATORS: readonly LikelihoodEstimator[] = ['moments', 'robust'];
export const LIKELIHOOD_TRANSFORMS: readonly LikelihoodTransform[] = ['none', 'log'];

export const LIKELIHOOD_DEFAULTS: Readonly<LikelihoodParams> = Object.freeze({
  shortWindow: 10,
  longWindow: 8640,
  minHistory: 100,
  tail: 'gaussian',
  estimator: 'moments',
  transform: 'log',
  minStd: 0.02,
});

const TYPE = 'likelihood';

/** Fills defaults and validates, with errors naming the parameter. */
export function resolveLikelihoodParams(raw: Record<string, unknown> = {}): LikelihoodParams {
  const p = resolveParams(
    TYPE,
    { ...LIKELIHOOD_DEFAULTS },
    { tail: LIKELIHOOD_TAILS, estimator: LIKELIHOOD_ESTIMATORS, transform: LIKELIHOOD_TRANSFORMS },
    raw,
  );
  checkInt(TYPE, 'shortWindow', p.shortWindow, 1, 10_000);
  checkInt(TYPE, 'longWindow', p.longWindow, 2, 1_000_000);
  checkInt(TYPE, 'minHistory', p.minHistory, 2, p.longWindow);
  if (!(p.minStd > 0)) throw new Error(`${TYPE}: 'minStd' must be > 0, got ${p.minStd}`);
  return p;
}
