import type { FitOptions } from '../detectors/detector';
import { EntityFeatures, type FeaturePlan } from './plan';

/** The metric columns and row order a feature table is computed from. */
export interface FeatureInput {
  /** One column per plan metric, one value per dataset row (NaN = missing). */
  metrics: readonly ArrayLike<number>[];
  /** Epoch ms per row, or null without a time column. */
  times: ArrayLike<number> | null;
  /** Row indices of each entity, in time order. */
  groups: readonly (readonly number[])[];
}

const CHECK_EVERY = 4096;

/**
 * The feature table of a plan: one column per feature name, one value per dataset row. Each entity's
 * rows go through its own `EntityFeatures` in time order, exactly as the streaming scorer takes them.
 */
export function computeFeatures(
  plan: FeaturePlan,
  input: FeatureInput,
  options: Pick<FitOptions, 'onProgress' | 'signal'> = {},
): Float64Array[] {
  const m = plan.ctx.metrics.length;
  if (input.metrics.length !== m) {
    throw new Error(`computeFeatures: ${input.metrics.length} metric columns for ${m} planned metrics`);
  }
  const rows = input.metrics.length
    ? input.metrics[0].length
    : input.groups.reduce((a, g) => a + g.length, 0);
  const width = plan.names.length;
  const columns = plan.names.map(() => new Float64Array(rows));
  const out = new Float64Array(width);
  const values = new Float64Array(m);
  let done = 0;
  for (const group of input.groups) {
    const entity = new EntityFeatures(plan);
    for (const i of group) {
      for (let j = 0; j < m; j++) values[j] = input.metrics[j][i];
      entity.push(values, input.times ? input.times[i] : NaN, out);
      for (let k = 0; k < width; k++) columns[k][i] = out[k];
      if (++done % CHECK_EVERY === 0) {
        options.signal?.throwIfAborted();
        options.onProgress?.(done / rows);
      }
    }
  }
  return columns;
}
