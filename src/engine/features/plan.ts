import { resolveFeatureConfig, type FeatureConfig } from './config';
import type { FamilyState, FeatureContext, FeatureFamily } from './family';
import { SharedWindows } from './shared';

/** One family's part of a plan: where its features sit in a row of the feature table. */
export interface PlannedFamily {
  family: FeatureFamily<unknown>;
  params: unknown;
  names: string[];
  offset: number;
}

/** What a configuration computes on given metrics: every feature's name, in table order. */
export interface FeaturePlan {
  ctx: FeatureContext;
  families: PlannedFamily[];
  names: string[];
}

/** Bytes a feature table of `rows` x `features` doubles takes. */
export function featureTableBytes(rows: number, features: number): number {
  return rows * features * 8;
}

/** Resolves a configuration on a context (metrics, step): the families that apply and their names. */
export function planFeatures(
  config: FeatureConfig,
  metrics: readonly string[],
  stepMs: number | null,
): FeaturePlan {
  const resolved = resolveFeatureConfig(config);
  const ctx: FeatureContext = { metrics: [...metrics], windows: resolved.windows, stepMs };
  const families: PlannedFamily[] = [];
  const names: string[] = [];
  for (const { family, params } of resolved.families) {
    const own = family.names(ctx, params);
    if (own.length === 0) continue;
    families.push({ family, params, names: own, offset: names.length });
    names.push(...own);
  }
  return { ctx, families, names };
}

/** Feature counts per family name, in plan order. */
export function countsByFamily(plan: FeaturePlan): { family: string; title: string; count: number }[] {
  return plan.families.map((p) => ({ family: p.family.name, title: p.family.title, count: p.names.length }));
}

/**
 * The feature state of one entity: fills a missing metric value with the entity's last finite one (0
 * before any), advances the structures the families share (one rolling window's moments serve
 * rolling, distribution, change points, peaks and residuals; one spectrum serves spectral and
 * entropy), then lets every family take the row. Batch and streaming both run rows through this.
 */
export class EntityFeatures {
  private readonly states: FamilyState[];
  private readonly offsets: number[];
  private readonly shared: SharedWindows;
  private readonly last: Float64Array;
  private readonly row: Float64Array;

  constructor(readonly plan: FeaturePlan) {
    this.shared = new SharedWindows(plan.ctx.metrics.length);
    this.states = plan.families.map((p) => p.family.create(plan.ctx, p.params, this.shared));
    this.offsets = plan.families.map((p) => p.offset);
    this.last = new Float64Array(plan.ctx.metrics.length);
    this.row = new Float64Array(plan.ctx.metrics.length);
  }

  /**
   * Takes the entity's next row (raw metric values, NaN when missing) and writes its features to
   * `out[base ...]`.
   */
  push(values: ArrayLike<number>, t: number, out: Float64Array, base = 0): void {
    const row = this.row;
    for (let j = 0; j < row.length; j++) {
      const v = values[j];
      if (Number.isFinite(v)) this.last[j] = v;
      row[j] = this.last[j];
    }
    this.shared.advance(row);
    for (let k = 0; k < this.states.length; k++) this.states[k].push(row, t, out, base + this.offsets[k]);
  }
}
