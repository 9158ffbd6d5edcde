import { EntityFeatures, planFeatures, type FeaturePlan } from '../features/plan';
import { singleMetricFeatures } from '../features/single-metric';
import type { FittedPipeline } from '../pipeline/fitted';
import { resolveFeatureMode } from '../pipeline/spec';
import { combineLookbacks, lookback, type Lookback } from '../util/lookback';

/** The feature window of the 'rolling' preset (as `buildFeatures` computes it). */
const PRESET_WINDOW = 12;

/** One entity's feature state: takes its next row (cleaned, clipped metric values) and writes every feature. */
export interface EntityFeatureState {
  push(values: Float64Array, t: number, out: Float64Array): void;
}

/** The features a pipeline computes before selection, and a factory of per-entity states. */
export interface FeatureStreamPlan {
  names: string[];
  create(): EntityFeatureState;
  /**
   * The entity rows a state depends on. The forward fill of missing values (unbounded) is not counted:
   * a replay that starts on a row where every metric is observed restores it.
   */
  lookback: Lookback;
}

/** Forward fill without a limit, as the presets' `forwardFill` (leading missing values stay missing). */
class PresetFill {
  private readonly last: Float64Array;
  constructor(metrics: number) {
    this.last = new Float64Array(metrics).fill(NaN);
  }
  fill(values: Float64Array): void {
    for (let j = 0; j < values.length; j++) {
      if (Number.isNaN(values[j])) values[j] = this.last[j];
      else this.last[j] = values[j];
    }
  }
}

/**
 * The 'rolling' preset for one entity. `singleMetricFeatures` recomputes its running moments exactly
 * every `window` rows counted from the entity's first row; everything after such a row depends only on
 * the window ending there. So the entity's values since the start of that window (window to
 * 2 window - 1 values, starting at a multiple of `window`) give, run through the same function, the
 * very features the whole history gives: no second implementation to keep in step.
 */
class RollingPresetState implements EntityFeatureState {
  private readonly fill: PresetFill;
  private readonly buffers: number[][];
  private index = 0;

  constructor(metrics: number) {
    this.fill = new PresetFill(metrics);
    this.buffers = Array.from({ length: metrics }, () => []);
  }

  push(values: Float64Array, _t: number, out: Float64Array): void {
    this.fill.fill(values);
    const boundary = (this.index + 1) % PRESET_WINDOW === 0;
    let o = 0;
    for (let j = 0; j < values.length; j++) {
      const buf = this.buffers[j];
      buf.push(values[j]);
      if (boundary && buf.length > PRESET_WINDOW) buf.splice(0, buf.length - PRESET_WINDOW);
      const f = singleMetricFeatures(buf, PRESET_WINDOW);
      const last = buf.length - 1;
      for (const col of f.columns) out[o++] = col[last];
    }
    this.index++;
  }
}

class RawPresetState implements EntityFeatureState {
  private readonly fill: PresetFill;
  constructor(metrics: number) {
    this.fill = new PresetFill(metrics);
  }
  push(values: Float64Array, _t: number, out: Float64Array): void {
    this.fill.fill(values);
    out.set(values);
  }
}

class FamilyState implements EntityFeatureState {
  private readonly entity: EntityFeatures;
  constructor(plan: FeaturePlan) {
    this.entity = new EntityFeatures(plan);
  }
  push(values: Float64Array, t: number, out: Float64Array): void {
    this.entity.push(values, t, out, 0);
  }
}

/**
 * The streaming counterpart of `buildFeatures` for a fitted pipeline: the same feature names in the
 * same order, and per-entity states that give, row for row, the batch's values.
 */
export function featureStreamPlan(fitted: FittedPipeline): FeatureStreamPlan {
  const { spec } = fitted;
  const m = spec.metrics.length;
  const mode = resolveFeatureMode(spec);
  if (typeof spec.features === 'object') {
    const plan = planFeatures(spec.features, spec.metrics, fitted.stepMs ?? null);
    const families = plan.families.map((p) => p.family.lookback(plan.ctx, p.params));
    return { names: plan.names, create: () => new FamilyState(plan), lookback: combineLookbacks(families) };
  }
  if (mode === 'raw') {
    return { names: [...spec.metrics], create: () => new RawPresetState(m), lookback: lookback(0) };
  }
  const own = singleMetricFeatures([], PRESET_WINDOW).names;
  const names = spec.metrics.flatMap((metric) => own.map((f) => (m === 1 ? f : `${metric}:${f}`)));
  // The buffer before a row starts on a multiple of the window, at most 2 window - 1 rows back.
  return {
    names,
    create: () => new RollingPresetState(m),
    lookback: lookback(2 * PRESET_WINDOW - 1, PRESET_WINDOW),
  };
}

/** Where each of the pipeline's (selected) features sits among the plan's names. */
export function selectedIndex(fitted: FittedPipeline, names: readonly string[]): Int32Array {
  const index = new Map(names.map((n, j) => [n, j]));
  return Int32Array.from(fitted.featureNames, (n) => {
    const j = index.get(n);
    if (j === undefined) throw new Error(`the pipeline's feature '${n}' is not computed by its spec`);
    return j;
  });
}
