import { describe, expect, it } from 'vitest';
import type { DetectorFactory, ParamSpec } from '../../../src/engine/detectors/detector';
import { createDetector, detectorFactory, detectorTypes } from '../../../src/engine/detectors/index';
import {
  defaultTrial,
  detectorSearchSpace,
  rangeFromSchema,
  SUGGESTED_RANGES,
} from '../../../src/engine/tuning/detector-space';
import { validateSpace, trialParams } from '../../../src/engine/tuning/space';
import { sampleSpace } from '../../../src/engine/tuning/uniform-sample';
import { createRandom } from '../../../src/engine/util/random';

describe('detector search spaces', () => {
  it('exist for every registered detector and never search seeds or contamination', () => {
    for (const type of detectorTypes()) {
      const space = detectorSearchSpace(detectorFactory(type));
      validateSpace(space);
      const names = space.dimensions.map((d) => d.name);
      expect(names).not.toContain('seed');
      expect(names).not.toContain('contamination');
    }
  });

  it('give parameters the built-in detectors accept', () => {
    const rng = createRandom(8);
    for (const type of Object.keys(SUGGESTED_RANGES)) {
      const factory = detectorFactory(type);
      const space = detectorSearchSpace(factory);
      expect(space.dimensions.length).toBeGreaterThan(0);
      for (let k = 0; k < 25; k++)
        expect(() => createDetector(type, trialParams(space, sampleSpace(space, rng)))).not.toThrow();
      expect(() => createDetector(type, defaultTrial(factory, space))).not.toThrow();
    }
  });

  it("hold the Isolation Forest's defaults inside its ranges", () => {
    const f = detectorFactory('iforest');
    expect(defaultTrial(f, detectorSearchSpace(f))).toEqual({
      nEstimators: 100,
      maxSamples: 256,
      maxFeatures: 1,
      extension: 0,
    });
  });

  it('apply overrides: a range replaces, a value fixes, null stops searching', () => {
    const space = detectorSearchSpace(detectorFactory('iforest'), {
      nEstimators: { low: 10, high: 20 },
      maxSamples: 64,
      extension: null,
      contamination: { low: 0.01, high: 0.1 },
    });
    expect(space.fixed).toEqual({ maxSamples: 64 });
    expect(space.dimensions).toEqual([
      { name: 'nEstimators', kind: 'int', low: 10, high: 20 },
      { name: 'maxFeatures', kind: 'float', low: 0.3, high: 1 },
      { name: 'contamination', kind: 'float', low: 0.01, high: 0.1 },
    ]);
    expect(() => detectorSearchSpace(detectorFactory('iforest'), { trees: 5 })).toThrow(
      /no parameter 'trees'/,
    );
  });
});

describe('ranges from a schema (detectors without suggested ranges)', () => {
  const spec = (p: Partial<ParamSpec>): ParamSpec => ({
    name: 'p',
    label: 'P',
    kind: 'number',
    default: 1,
    help: '',
    ...p,
  });

  it('searches choices and booleans in full', () => {
    expect(rangeFromSchema(spec({ kind: 'choice', choices: ['a', 'b'], default: 'a' }))).toEqual({
      choices: ['a', 'b'],
    });
    expect(rangeFromSchema(spec({ kind: 'boolean', default: true }))).toEqual({ choices: [false, true] });
  });

  it('uses a log scale over wide bounds, within 10x of the default', () => {
    expect(rangeFromSchema(spec({ kind: 'int', min: 1, max: 100000, default: 32 }))).toEqual({
      low: 4,
      high: 320,
      log: true,
      kind: 'int',
    });
    expect(rangeFromSchema(spec({ min: 0, max: 1, default: 0.2 }))).toEqual({
      low: 0,
      high: 1,
      log: false,
      kind: 'float',
    });
  });

  it('skips strings, unbounded numbers, seeds and contamination', () => {
    expect(rangeFromSchema(spec({ kind: 'string', default: 'x' }))).toBeNull();
    expect(rangeFromSchema(spec({ min: 0 }))).toBeNull();
    expect(rangeFromSchema(spec({ name: 'seed', kind: 'int', min: 0, max: 10 }))).toBeNull();
    expect(rangeFromSchema(spec({ name: 'contamination', min: 0.001, max: 0.5 }))).toBeNull();
  });

  it('builds the space of an unknown detector from its schema', () => {
    const factory = {
      type: 'toy',
      params: [
        spec({ name: 'units', kind: 'int', min: 1, max: 1024, default: 32 }),
        spec({ name: 'rate', min: 0.0001, max: 1, default: 0.001 }),
        spec({ name: 'mode', kind: 'choice', choices: ['a', 'b'], default: 'a' }),
        spec({ name: 'seed', kind: 'int', min: 0, max: 99, default: 0 }),
      ],
    } as unknown as DetectorFactory;
    const space = detectorSearchSpace(factory);
    expect(space.dimensions).toEqual([
      { name: 'units', kind: 'int', low: 4, high: 320, log: true },
      { name: 'rate', kind: 'float', low: 0.0001, high: 0.01, log: true },
      { name: 'mode', kind: 'choice', choices: ['a', 'b'] },
    ]);
    expect(defaultTrial(factory, space)).toEqual({ units: 32, rate: 0.001, mode: 'a' });
  });
});
