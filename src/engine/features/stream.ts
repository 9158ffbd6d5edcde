import { EntityFeatures, type FeaturePlan } from './plan';

/**
 * Streaming features: one row at a time, each entity with its own bounded state. Gives, row for row,
 * the same features as `computeFeatures` over the same rows in the same order.
 */
export class FeatureStream {
  private readonly entities = new Map<string, EntityFeatures>();

  constructor(readonly plan: FeaturePlan) {}

  /** Features of an entity's next row (raw metric values in plan order; NaN = missing). */
  push(
    entity: string,
    values: ArrayLike<number>,
    t: number,
    out = new Float64Array(this.plan.names.length),
  ): Float64Array {
    let state = this.entities.get(entity);
    if (!state) this.entities.set(entity, (state = new EntityFeatures(this.plan)));
    state.push(values, t, out);
    return out;
  }

  /** Forgets an entity's state (it starts over as a new entity). */
  reset(entity: string): void {
    this.entities.delete(entity);
  }

  get entityCount(): number {
    return this.entities.size;
  }
}
