import { metricPairs, pairSource } from './cross-correlation';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { lookback } from '../util/lookback';

/** One interaction of a metric pair `a~b`. */
export type InteractionOp = 'ratio' | 'inverse_ratio' | 'product';

/** Parameters of the pair interactions. */
export interface InteractionsParams {
  /** The interactions to compute for every pair, in this order. */
  ops: InteractionOp[];
}

const OPS: readonly InteractionOp[] = ['ratio', 'inverse_ratio', 'product'];

function parseInteractions(raw: Record<string, unknown>): InteractionsParams {
  for (const key of Object.keys(raw)) {
    if (key !== 'ops')
      throw new FeatureConfigError(`families.interactions.${key}`, 'unknown parameter (known: ops)');
  }
  const ops = raw.ops === undefined ? interactionsFamily.defaults.ops : raw.ops;
  const field = 'families.interactions.ops';
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new FeatureConfigError(field, `must be a non-empty list of ${OPS.join(', ')}`);
  }
  const seen = new Set<string>();
  for (const op of ops) {
    if (typeof op !== 'string' || !OPS.includes(op as InteractionOp)) {
      throw new FeatureConfigError(field, `${JSON.stringify(op)} is not one of ${OPS.join(', ')}`);
    }
    if (seen.has(op)) throw new FeatureConfigError(field, `${op} appears twice`);
    seen.add(op);
  }
  return { ops: [...(ops as InteractionOp[])] };
}

/** n / d, 0 for a zero denominator, and kept finite (±Number.MAX_VALUE) when the quotient overflows. */
function safeDiv(n: number, d: number): number {
  if (d === 0) return 0;
  return clampFinite(n / d);
}

function clampFinite(v: number): number {
  if (v > Number.MAX_VALUE) return Number.MAX_VALUE;
  if (v < -Number.MAX_VALUE) return -Number.MAX_VALUE;
  return v;
}

function createInteractions(ctx: FeatureContext, params: InteractionsParams): FamilyState {
  const pairs = metricPairs(ctx.metrics);
  const np = pairs.length;
  const pairA = Int32Array.from(pairs, (p) => p[0]);
  const pairB = Int32Array.from(pairs, (p) => p[1]);
  // 0 = ratio, 1 = inverse_ratio, 2 = product.
  const codes = Int32Array.from(params.ops, (op) => OPS.indexOf(op));
  const nops = codes.length;

  return {
    push(values, _t, out, offset) {
      let o = offset;
      for (let p = 0; p < np; p++) {
        const a = values[pairA[p]];
        const b = values[pairB[p]];
        for (let q = 0; q < nops; q++) {
          const code = codes[q];
          out[o++] = code === 0 ? safeDiv(a, b) : code === 1 ? safeDiv(b, a) : clampFinite(a * b);
        }
      }
    },
  };
}

/**
 * Products and ratios of every metric pair `a~b` (i < j in metric order), one feature per op:
 * `ratio` = a / b, `inverse_ratio` = b / a, `product` = a * b. A ratio with a zero denominator is 0,
 * and a result beyond the double range is clamped to ±Number.MAX_VALUE, so every value is finite.
 *
 * The pair order follows the metric order: with metrics `[cpu, connections]`, CPU per connection is
 * `cpu~connections__interactions__ratio` and connections per unit of CPU is `..._inverse_ratio`.
 * Stateless.
 */
export const interactionsFamily: FeatureFamily<InteractionsParams> = {
  name: 'interactions',
  title: 'Interactions',
  description: 'Ratios and products of each pair of metrics, such as CPU per connection.',
  defaults: { ops: ['ratio', 'inverse_ratio', 'product'] },
  parse: parseInteractions,
  names(ctx, params) {
    return metricPairs(ctx.metrics).flatMap((pair) => {
      const source = pairSource(ctx.metrics, pair);
      return params.ops.map((op) => `${source}__interactions__${op}`);
    });
  },
  lookback: () => lookback(0),
  create: createInteractions,
};
