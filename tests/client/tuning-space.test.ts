import { describe, expect, it } from 'vitest';
import { detectorFactory } from '../../src/engine/detectors/index';
import { detectorSearchSpace } from '../../src/engine/tuning/index';
import {
  defaultTuningParams,
  formatParam,
  formatScore,
  resolveObjective,
  reviveRecord,
  tuningProblems,
  tuningSpace,
} from '../../src/client/tuning-space';

describe('defaultTuningParams', () => {
  it("searches the detector's suggested ranges and fixes the rest at their defaults", () => {
    const f = detectorFactory('iforest');
    const params = defaultTuningParams(f);
    expect(params.map((p) => [p.name, p.mode])).toEqual([
      ['nEstimators', 'search'],
      ['maxSamples', 'search'],
      ['maxFeatures', 'search'],
      ['extension', 'search'],
      ['contamination', 'fixed'],
      ['seed', 'fixed'],
    ]);
    // The searched rows give back exactly the engine's default search space.
    expect(tuningSpace(params)).toEqual({
      ...detectorSearchSpace(f),
      fixed: { contamination: 0.05, seed: 0 },
    });
    // A fixed number keeps a range from its schema, ready for when the user searches it.
    const c = params.find((p) => p.name === 'contamination')!;
    expect([c.low, c.high, c.log, c.value]).toEqual([0.005, 0.5, true, 0.05]);
  });

  it('lists choices and booleans with every option ticked, and leaves free-text parameters out', () => {
    const hclust = defaultTuningParams(detectorFactory('hclust'));
    const linkage = hclust.find((p) => p.name === 'linkage')!;
    expect(linkage).toMatchObject({ mode: 'search', kind: 'choice', value: 'ward' });
    expect(linkage.choices).toEqual(['single', 'complete', 'average', 'ward']);
    const ensemble = defaultTuningParams(detectorFactory('ensemble')).map((p) => p.name);
    expect(ensemble).not.toContain('members');
    expect(ensemble).not.toContain('weights');
    expect(ensemble).toEqual(expect.arrayContaining(['normalize', 'combine', 'contamination']));
    // A string parameter with a suggested numeric range (One-class SVM's gamma) is searched as a number.
    const gamma = defaultTuningParams(detectorFactory('ocsvm')).find((p) => p.name === 'gamma')!;
    expect(gamma).toMatchObject({ mode: 'search', kind: 'float', low: 0.001, high: 10, log: true });
  });
});

describe('tuningProblems and tuningSpace', () => {
  const f = detectorFactory('iforest');
  it('names each parameter with a problem, in words', () => {
    const params = defaultTuningParams(f).map((p) => {
      if (p.name === 'nEstimators') return { ...p, low: 500, high: 100 };
      if (p.name === 'maxSamples') return { ...p, low: 32.5 };
      if (p.name === 'maxFeatures') return { ...p, log: true, low: 0 };
      if (p.name === 'extension') return { ...p, high: 5000 };
      return p;
    });
    expect(tuningProblems(f, params)).toEqual([
      'Trees: the lower bound 500 is above the upper 100',
      expect.stringMatching(/whole numbers only/),
      expect.stringMatching(/log scale needs a lower bound above 0/),
      expect.stringMatching(/accepts 1000 at the highest/),
    ]);
    expect(tuningProblems(f, defaultTuningParams(f))).toEqual([]);
  });

  it('fixes and searches as the rows say', () => {
    const params = defaultTuningParams(f).map((p) =>
      p.name === 'nEstimators' ? { ...p, mode: 'fixed' as const, value: 64 } : p,
    );
    const space = tuningSpace(params);
    expect(space.fixed).toEqual({ nEstimators: 64, contamination: 0.05, seed: 0 });
    expect(space.dimensions.map((d) => d.name)).toEqual(['maxSamples', 'maxFeatures', 'extension']);
  });
});

describe('resolveObjective', () => {
  it('uses PR-AUC with labelled validation rows, excess mass without, and says what to change', () => {
    expect(resolveObjective('auto', 100, 4)).toBe('pr-auc');
    expect(resolveObjective('auto', 100, 0)).toBe('em');
    expect(resolveObjective('auto', 100, null)).toBe('em');
    expect(resolveObjective('mv', 100, 4)).toBe('mv');
    expect(() => resolveObjective('pr-auc', 100, 0)).toThrow(/none of the 100 validation rows/);
    expect(() => resolveObjective('pr-auc', 100, null)).toThrow(/no labels/);
    expect(() => resolveObjective('auto', 0, null)).toThrow(/validation part/);
  });
});

describe('formatting and stored records', () => {
  it('formats parameters and scores for the table', () => {
    expect(formatParam(0.123456)).toBe('0.1235');
    expect(formatParam(128)).toBe('128');
    expect(formatParam('ward')).toBe('ward');
    expect(formatParam(undefined)).toBe('–');
    expect(formatScore(0.61234, 'pr-auc')).toBe('0.6123');
    expect(formatScore(0.000123456, 'mv')).toBe('0.0001235');
    expect(formatScore(null, 'em')).toBe('failed');
  });

  it('refuses what is not a record and ends a search cut short by a reload', () => {
    expect(reviveRecord(null)).toBeNull();
    expect(reviveRecord({ id: 'x' })).toBeNull();
    const r = reviveRecord({
      id: 'a',
      dataFp: 'd',
      prepFp: 'p',
      trials: [],
      form: {},
      space: { dimensions: [], fixed: {} },
      objective: 'pr-auc',
      stopped: null,
    });
    expect(r?.stopped).toBe('aborted');
  });
});
