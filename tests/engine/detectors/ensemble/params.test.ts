import { describe, expect, it } from 'vitest';
import '../../../../src/engine/detectors/index';
import { resolveEnsembleParams } from '../../../../src/engine/detectors/ensemble/params';

describe('resolveEnsembleParams', () => {
  it('defaults: iforest, rcf and robust-z with larger samples and a day-long window, robust-z-normalized, selected on 5-fold held-out PR-AUC, rule and smoothing chosen', () => {
    expect(resolveEnsembleParams()).toEqual({
      members: [
        { type: 'iforest', params: { maxSamples: 4096 } },
        { type: 'rcf', params: { sampleSize: 1024 } },
        { type: 'robust-z', params: { window: 288 } },
      ],
      normalize: 'robust-z',
      combine: 'auto',
      weights: 'select',
      folds: 5,
      smooth: 'auto',
      contamination: 0.05,
      seed: 0,
    });
  });

  it('takes members by name or with their own params, as arrays or as text from a form', () => {
    const members = ['iforest', { type: 'robust-z', params: { window: 48 } }];
    expect(resolveEnsembleParams({ members }).members).toEqual(members);
    expect(resolveEnsembleParams({ members: 'iforest, rcf' }).members).toEqual(['iforest', 'rcf']);
    expect(resolveEnsembleParams({ members: JSON.stringify(members) }).members).toEqual(members);
    expect(resolveEnsembleParams({ members: [{ type: 'rcf' }] }).members).toEqual([
      { type: 'rcf', params: {} },
    ]);
  });

  it('takes weights as a choice, an array or numbers separated by commas', () => {
    expect(resolveEnsembleParams({ weights: 'equal' }).weights).toBe('equal');
    expect(resolveEnsembleParams({ weights: 'select' }).weights).toBe('select');
    expect(resolveEnsembleParams({ weights: [1, 2, 0] }).weights).toEqual([1, 2, 0]);
    expect(resolveEnsembleParams({ weights: '1, 2, 0' }).weights).toEqual([1, 2, 0]);
  });

  it('takes smooth as auto, a number or its text, and max as a combination rule', () => {
    expect(resolveEnsembleParams({ smooth: 4 }).smooth).toBe(4);
    expect(resolveEnsembleParams({ smooth: '12' }).smooth).toBe(12);
    expect(resolveEnsembleParams({ combine: 'max' }).combine).toBe('max');
    expect(resolveEnsembleParams({ folds: 1 }).folds).toBe(1);
  });

  it('refuses bad params with errors naming them', () => {
    expect(() => resolveEnsembleParams({ members: ['nope'] })).toThrow(/unknown detector type 'nope'/);
    expect(() => resolveEnsembleParams({ members: ['ensemble'] })).toThrow(/cannot be a member/);
    expect(() => resolveEnsembleParams({ members: [] })).toThrow(/'members' must be a non-empty array/);
    expect(() => resolveEnsembleParams({ members: '[oops' })).toThrow(/'members' is not valid JSON/);
    expect(() => resolveEnsembleParams({ members: [{ type: 'rcf', params: [] }] })).toThrow(
      /member 0 \(rcf\): 'params' must be an object/,
    );
    expect(() => resolveEnsembleParams({ weights: [1, 2] })).toThrow(/2 entries for 3 members/);
    expect(() => resolveEnsembleParams({ weights: [1, -1, 0] })).toThrow(/>= 0/);
    expect(() => resolveEnsembleParams({ weights: [0, 0, 0] })).toThrow(/not all be 0/);
    expect(() => resolveEnsembleParams({ weights: 'heavy' })).toThrow(/'weights'/);
    expect(() => resolveEnsembleParams({ normalize: 'z' })).toThrow(/'normalize' must be one of 'rank'/);
    expect(() => resolveEnsembleParams({ combine: 'min' })).toThrow(/'combine' must be one of/);
    expect(() => resolveEnsembleParams({ folds: 0 })).toThrow(/'folds' must be an integer in \[1, 10\]/);
    expect(() => resolveEnsembleParams({ smooth: 0 })).toThrow(/'smooth' must be 'auto' or an integer/);
    expect(() => resolveEnsembleParams({ smooth: 2.5 })).toThrow(/'smooth'/);
    expect(() => resolveEnsembleParams({ contamination: 0.9 })).toThrow(/'contamination'/);
    expect(() => resolveEnsembleParams({ seed: 1.5 })).toThrow(/'seed' must be an integer/);
    expect(() => resolveEnsembleParams({ memberz: [] })).toThrow(/unknown parameter 'memberz'/);
  });

  it("lets a member's own params be checked by the member", async () => {
    const { Ensemble } = await import('../../../../src/engine/detectors/ensemble');
    expect(() => new Ensemble({ members: [{ type: 'iforest', params: { nEstimators: 0 } }] })).toThrow(
      /iforest: 'nEstimators'/,
    );
  });
});
