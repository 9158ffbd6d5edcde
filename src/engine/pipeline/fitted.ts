import type { DetectorJSON } from '../detectors/detector';
import type { ScalerState } from '../prep/scaler';
import type { PipelineSpec } from './spec';

/** How the alert threshold was chosen, so a reader of the bundle knows what it means. */
export type ThresholdRule =
  { kind: 'best-f1'; f1: number } | { kind: 'contamination'; contamination: number } | { kind: 'manual' };

/** A fitted pipeline: everything needed to score raw rows, as plain JSON. */
export interface FittedPipeline {
  spec: PipelineSpec;
  featureNames: string[];
  scaler: ScalerState;
  detector: DetectorJSON;
  threshold: number;
  thresholdRule: ThresholdRule;
  trainRows: number;
}
