import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeatureConfigError, type FeatureContext } from '../../../src/engine/features/family';
import { interactionsFamily, type InteractionsParams } from '../../../src/engine/features/interactions';

function context(metrics: string[]): FeatureContext {
  return { metrics, windows: [6, 12], stepMs: null };
}

/** Pushes one row; returns the features by name (checking nothing is written outside the slice). */
function row(ctx: FeatureContext, params: InteractionsParams, values: number[]): Record<string, number> {
  const names = interactionsFamily.names(ctx, params);
  const out = new Float64Array(names.length + 2).fill(-7);
  interactionsFamily.create(ctx, params).push(Float64Array.from(values), NaN, out, 1);
  expect(out[0]).toBe(-7);
  expect(out[names.length + 1]).toBe(-7);
  return Object.fromEntries(names.map((name, k) => [name, out[1 + k]]));
}

describe('interactions family', () => {
  it('names ratio, inverse ratio and product for every pair in metric order', () => {
    const ctx = context(['cpu', 'connections', 'mem']);
    expect(interactionsFamily.names(ctx, interactionsFamily.defaults)).toEqual([
      'cpu~connections__interactions__ratio',
      'cpu~connections__interactions__inverse_ratio',
      'cpu~connections__interactions__product',
      'cpu~mem__interactions__ratio',
      'cpu~mem__interactions__inverse_ratio',
      'cpu~mem__interactions__product',
      'connections~mem__interactions__ratio',
      'connections~mem__interactions__inverse_ratio',
      'connections~mem__interactions__product',
    ]);
    expect(interactionsFamily.names(ctx, { ops: ['product', 'ratio'] }).slice(0, 2)).toEqual([
      'cpu~connections__interactions__product',
      'cpu~connections__interactions__ratio',
    ]);
    expect(interactionsFamily.names(context(['cpu']), interactionsFamily.defaults)).toEqual([]);
  });

  it('computes CPU per connection as the ratio of cpu~connections (hand values)', () => {
    const f = row(context(['cpu', 'connections', 'mem']), interactionsFamily.defaults, [60, 12, -0.5]);
    expect(f['cpu~connections__interactions__ratio']).toBe(5);
    expect(f['cpu~connections__interactions__inverse_ratio']).toBe(0.2);
    expect(f['cpu~connections__interactions__product']).toBe(720);
    expect(f['cpu~mem__interactions__ratio']).toBe(-120);
    expect(f['cpu~mem__interactions__inverse_ratio']).toBe(-0.5 / 60);
    expect(f['cpu~mem__interactions__product']).toBe(-30);
    expect(f['connections~mem__interactions__ratio']).toBe(-24);
    expect(f['connections~mem__interactions__product']).toBe(-6);
  });

  it('gives 0 for a zero denominator and clamps overflow to the largest double', () => {
    const f = row(context(['a', 'b']), interactionsFamily.defaults, [3, 0]);
    expect(f['a~b__interactions__ratio']).toBe(0);
    expect(f['a~b__interactions__inverse_ratio']).toBe(0);
    expect(f['a~b__interactions__product']).toBe(0);
    const z = row(context(['a', 'b']), interactionsFamily.defaults, [0, 0]);
    expect(Object.values(z)).toEqual([0, 0, 0]);
    const big = row(context(['a', 'b']), interactionsFamily.defaults, [-1e300, 1e-300]);
    expect(big['a~b__interactions__ratio']).toBe(-Number.MAX_VALUE);
    expect(big['a~b__interactions__inverse_ratio']).toBe(-1e-300 / 1e300);
    expect(big['a~b__interactions__product']).toBeCloseTo(-1, 12);
    const huge = row(context(['a', 'b']), interactionsFamily.defaults, [1e200, 1e200]);
    expect(huge['a~b__interactions__product']).toBe(Number.MAX_VALUE);
  });

  it('writes only finite values, one per name, for any finite input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 1e9, 1e-9)),
          {
            minLength: 2,
            maxLength: 5,
          },
        ),
        fc.subarray(['ratio', 'inverse_ratio', 'product'] as const, { minLength: 1 }),
        (values, ops) => {
          const ctx = context(values.map((_, j) => `m${j}`));
          const params = interactionsFamily.parse({ ops: [...ops] });
          const f = row(ctx, params, values);
          const n = values.length;
          expect(Object.keys(f)).toHaveLength(((n * (n - 1)) / 2) * ops.length);
          for (const v of Object.values(f)) expect(Number.isFinite(v)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps states independent across rows', () => {
    const ctx = context(['a', 'b']);
    const s1 = interactionsFamily.create(ctx, interactionsFamily.defaults);
    const s2 = interactionsFamily.create(ctx, interactionsFamily.defaults);
    const out = new Float64Array(3);
    s1.push(Float64Array.of(8, 2), NaN, out, 0);
    s2.push(Float64Array.of(1, 5), NaN, out, 0);
    s1.push(Float64Array.of(9, 3), NaN, out, 0);
    expect(Array.from(out)).toEqual([3, 1 / 3, 27]);
  });

  it('parses parameters and names the field of a problem', () => {
    expect(interactionsFamily.parse({})).toEqual({ ops: ['ratio', 'inverse_ratio', 'product'] });
    expect(interactionsFamily.parse({ ops: ['product'] })).toEqual({ ops: ['product'] });
    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ops: [] }, 'families.interactions.ops', /non-empty/],
      [{ ops: 'ratio' }, 'families.interactions.ops', /list/],
      [{ ops: ['sum'] }, 'families.interactions.ops', /"sum" is not one of/],
      [{ ops: ['ratio', 'ratio'] }, 'families.interactions.ops', /twice/],
      [{ op: ['ratio'] }, 'families.interactions.op', /unknown/],
    ];
    for (const [raw, field, problem] of bad) {
      let error: unknown;
      try {
        interactionsFamily.parse(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FeatureConfigError);
      expect((error as FeatureConfigError).field).toBe(field);
      expect((error as FeatureConfigError).message).toMatch(problem);
    }
  });
});
