import { describe, expect, it } from 'vitest';
import { defaultFeatureConfig, parseFeatureConfig } from '../../../src/engine/features/config';
import { FeatureConfigError } from '../../../src/engine/features/family';
import { countsByFamily, planFeatures } from '../../../src/engine/features/plan';
import { featureFamilies } from '../../../src/engine/features/registry';

const errorOf = (raw: unknown): string => {
  try {
    parseFeatureConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(FeatureConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a FeatureConfigError');
};

describe('feature configuration', () => {
  it('defaults to every family on six windows', () => {
    expect(parseFeatureConfig(undefined)).toEqual(defaultFeatureConfig());
    expect(parseFeatureConfig('{}')).toEqual(defaultFeatureConfig());
    expect(defaultFeatureConfig().windows).toHaveLength(6);
  });

  it('yields at least 350 features from 3 base metrics with the default configuration', () => {
    const plan = planFeatures(defaultFeatureConfig(), ['cpu_pct', 'mem_pct', 'latency_ms'], 300_000);
    expect(plan.names.length).toBeGreaterThanOrEqual(350);
    expect(new Set(plan.names).size).toBe(plan.names.length);
    expect(countsByFamily(plan).map((c) => c.family)).toEqual(featureFamilies().map((f) => f.name));
  });

  it('turns families off and sorts windows', () => {
    const all = featureFamilies().map((f) => f.name);
    const cfg = parseFeatureConfig({
      windows: [24, 6],
      families: Object.fromEntries(all.map((n) => [n, false])),
    });
    expect(cfg.windows).toEqual([6, 24]);
    expect(planFeatures(cfg, ['a'], null).names).toEqual([]);
    const onlyValue = parseFeatureConfig({
      families: Object.fromEntries(all.map((n) => [n, n === 'value'])),
    });
    expect(planFeatures(onlyValue, ['a', 'b'], null).names).toEqual(['a__value__x', 'b__value__x']);
  });

  it('names the field of every problem', () => {
    expect(errorOf('{oops')).toMatch(/\(config\): not valid JSON/);
    expect(errorOf([])).toMatch(/\(config\): must be an object/);
    expect(errorOf({ window: [3] })).toMatch(/window: unknown field/);
    expect(errorOf({ windows: [] })).toMatch(/windows: must be a non-empty list/);
    expect(errorOf({ windows: [3, 0] })).toMatch(/windows: 0 is not an integer between 1 and 10000/);
    expect(errorOf({ windows: [3, 2.5] })).toMatch(/windows: 2.5 is not an integer/);
    expect(errorOf({ windows: [3, 3] })).toMatch(/windows: 3 appears twice/);
    expect(errorOf({ families: { nope: true } })).toMatch(/families\.nope: unknown family \(known: value/);
    expect(errorOf({ families: { value: 3 } })).toMatch(/families\.value: must be true, false or an object/);
    expect(errorOf({ families: { value: { enabled: 'yes' } } })).toMatch(
      /families\.value\.enabled: must be true or false/,
    );
  });
});
