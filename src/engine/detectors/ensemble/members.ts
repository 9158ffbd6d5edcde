import type { Detector } from '../detector';
import { createDetector, detectorFactory } from '../registry';
import { memberOf, type MemberSpec } from './params';

/**
 * A fresh, unfitted member: its own params, plus the ensemble's seed when the member takes a seed and its
 * params set none (so `--seed` reaches every randomized member).
 */
export function createMember(spec: MemberSpec, k: number, seed: number): Detector {
  const { type, params } = memberOf(spec, k);
  const seeded = detectorFactory(type).params.some((p) => p.name === 'seed');
  return createDetector(type, seeded && params.seed === undefined ? { ...params, seed } : params);
}

/** A member's name for notes: its type, with its params when it has its own. */
export function memberLabel(spec: MemberSpec, k: number): string {
  const { type, params } = memberOf(spec, k);
  return Object.keys(params).length ? `${type} ${JSON.stringify(params)}` : type;
}
