import type { DetectorJSON } from '../detectors/detector';
import type { AlertRules } from '../metrics/alert-rules';
import type { SelectionResult } from '../prep/feature-selection';
import type { ClipBounds } from '../prep/outliers';
import type { ScalerState } from '../prep/scaler';
import type { PipelineSpec } from './spec';

/** How the alert threshold was chosen, so a reader of the bundle knows what it means. */
export type ThresholdRule =
  | { kind: 'best-f1'; f1: number }
  /**
   * `sampledRows`: the quantile was taken over an evenly spaced sample of that many training rows.
   * `bestF1AlertShare`: the labels were there, but the F1-best threshold would have alerted this share
   * of the training rows (the scores barely separate the anomalies), so the quantile was taken instead.
   */
  | { kind: 'contamination'; contamination: number; sampledRows?: number; bestF1AlertShare?: number }
  | { kind: 'manual' }
  /** The detector's scores are calibrated (a likelihood) and it names the threshold on them. */
  | { kind: 'calibrated' };

/** A fitted pipeline: everything needed to score raw rows, as plain JSON. */
export interface FittedPipeline {
  spec: PipelineSpec;
  /** The features the detector takes, in order (after selection). */
  featureNames: string[];
  /** The feature families' time step, fixed at training (feature configurations only). */
  stepMs?: number | null;
  /** Outlier clipping bounds per spec metric, fitted on the training rows. */
  clip?: (ClipBounds | null)[];
  /** What feature selection kept and dropped, and why. */
  selection?: SelectionResult;
  scaler: ScalerState;
  detector: DetectorJSON;
  threshold: number;
  thresholdRule: ThresholdRule;
  /**
   * Alert rules on top of the threshold (minimum duration, cooldown, incident grouping, per-entity
   * thresholds); absent: a row alerts when its score reaches the threshold.
   */
  alertRules?: Omit<AlertRules, 'threshold'>;
  trainRows: number;
}
