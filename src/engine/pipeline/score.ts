import type { Detector } from '../detectors/detector';
import { loadDetector } from '../detectors/index';
import { alertsAt } from '../metrics/index';
import { applyScaler } from '../prep/scaler';
import type { Dataset } from '../table/dataset';
import { buildFeatures } from './features';
import { toMatrix } from './fit';
import type { FittedPipeline } from './fitted';

/** Scores and alerts, one per dataset row, in row order. */
export interface ScoredRows {
  scores: Float64Array;
  alerts: Uint8Array;
}

/**
 * Scores every row of a dataset with a fitted pipeline. Pass an already loaded detector to avoid
 * restoring it from JSON on every call.
 */
export function scorePipeline(fitted: FittedPipeline, ds: Dataset, detector?: Detector): ScoredRows {
  const features = buildFeatures(ds, fitted.spec);
  const X = toMatrix(applyScaler(fitted.scaler, features.columns));
  const scores = (detector ?? loadDetector(fitted.detector)).score(X);
  return { scores, alerts: alertsAt(scores, fitted.threshold) };
}
