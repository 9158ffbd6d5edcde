import type { FeatureConfig } from '../features/config';
import type { CleaningSpec } from '../prep/cleaning-spec';
import type { SelectionOptions } from '../prep/selection/options';
import { findDetectorFactory } from '../detectors/registry';
import type { Schema } from '../table/dataset';

export type ScalerKind = 'standard' | 'robust' | 'minmax' | 'none';

/**
 * Compact feature presets, kept for the baseline and for bundles written before feature families:
 * - 'raw': the metric values themselves;
 * - 'rolling': per metric, value, first difference, 12-row trailing mean and std and deviation from it
 *   (causal, per entity);
 * - 'auto': 'rolling' when there is a single metric (one number per row says little on its own), else 'raw'.
 * A `FeatureConfig` object instead selects feature families (src/engine/features/registry.ts).
 */
export type FeatureMode = 'raw' | 'rolling' | 'auto';

/** A JSON pipeline spec: cleaning, features, selection, scaler and detector. */
export interface PipelineSpec {
  schema: Schema;
  /** The metric columns used as feature sources; labels are never features. */
  metrics: string[];
  /** Cleaning before features; absent (older specs) means forward fill per entity only. */
  cleaning?: CleaningSpec;
  features: FeatureMode | FeatureConfig;
  /** Feature selection fitted on the training rows; absent or null keeps every feature. */
  selection?: SelectionOptions | null;
  scaler: ScalerKind;
  detector: { type: string; params: Record<string, unknown> };
}

/**
 * The default spec for a schema: all metrics, automatic features, standard scaling; the metrics as they
 * are for a detector that reads raw input (`DetectorFactory.input`).
 */
export function defaultSpec(
  schema: Schema,
  detector: PipelineSpec['detector'] = { type: 'iforest', params: {} },
): PipelineSpec {
  const raw = findDetectorFactory(detector.type)?.input === 'raw';
  return {
    schema,
    metrics: [...schema.metrics],
    features: raw ? 'raw' : 'auto',
    scaler: raw ? 'none' : 'standard',
    detector,
  };
}

/** The preset a spec's features resolve to, or 'families' for a feature configuration. */
export function resolveFeatureMode(spec: PipelineSpec): 'raw' | 'rolling' | 'families' {
  if (typeof spec.features === 'object') return 'families';
  if (spec.features === 'auto') return spec.metrics.length === 1 ? 'rolling' : 'raw';
  return spec.features;
}
