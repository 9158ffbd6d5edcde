import type { FeatureFamily } from './family';
import { valueFamily } from './value';

// Registry order is table order: a feature table lists its columns family by family in this order.
const families: readonly FeatureFamily<unknown>[] = [valueFamily];

/** Every registered feature family, in table order. */
export function featureFamilies(): readonly FeatureFamily<unknown>[] {
  return families;
}
