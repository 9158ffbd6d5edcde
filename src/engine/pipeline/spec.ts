import type { Schema } from '../table/dataset';

export type ScalerKind = 'standard' | 'robust' | 'minmax' | 'none';

/**
 * How raw metric columns become features:
 * - 'raw': the metric values themselves;
 * - 'rolling': per metric, value, first difference, 12-row trailing mean and std and deviation from it
 *   (causal, per entity);
 * - 'auto': 'rolling' when there is a single metric (one number per row says little on its own), else 'raw'.
 */
export type FeatureMode = 'raw' | 'rolling' | 'auto';

/** A JSON pipeline spec: which columns, which features and scaler, which detector. */
export interface PipelineSpec {
  schema: Schema;
  /** The metric columns used as feature sources; labels are never features. */
  metrics: string[];
  features: FeatureMode;
  scaler: ScalerKind;
  detector: { type: string; params: Record<string, unknown> };
}

/** The default spec for a schema: all metrics, automatic features, standard scaling. */
export function defaultSpec(
  schema: Schema,
  detector: PipelineSpec['detector'] = { type: 'iforest', params: {} },
): PipelineSpec {
  return { schema, metrics: [...schema.metrics], features: 'auto', scaler: 'standard', detector };
}

export function resolveFeatureMode(spec: PipelineSpec): 'raw' | 'rolling' {
  if (spec.features === 'auto') return spec.metrics.length === 1 ? 'rolling' : 'raw';
  return spec.features;
}
