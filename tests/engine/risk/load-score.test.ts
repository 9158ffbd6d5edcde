import { describe, expect, it } from 'vitest';
import type { BehaviourFeature } from '../../../src/engine/risk/behaviour';
import { loadDirection, loadScores, loadWeights } from '../../../src/engine/risk/load-score';
import { golden } from './golden-fleet';

const features = (metrics: string[]): BehaviourFeature[] =>
  metrics.flatMap((metric) => (['median', 'peak', 'hotShare'] as const).map((stat) => ({ metric, stat })));

describe('load score', () => {
  it('counts spare-capacity metrics (idle, free, available) negatively', () => {
    expect(loadDirection('cpu_pct')).toBe(1);
    expect(loadDirection('latency_ms')).toBe(1);
    expect(loadDirection('cpu_idle')).toBe(-1);
    expect(loadDirection('mem_free_pct')).toBe(-1);
    expect(loadDirection('MemAvailable')).toBe(-1);
  });

  it('weighs every feature of every metric equally by default, as the reference', () => {
    const w = loadWeights(features(golden.metrics));
    expect([...w]).toEqual(golden.weights);
    const z = Float64Array.from(golden.z);
    const load = loadScores(z, golden.load.length, w);
    golden.load.forEach((v, i) => expect(load[i]).toBeCloseTo(v, 12));
  });

  it('counts only the load metrics when given, and refuses a choice with none', () => {
    // The hot share of a spare-capacity metric is already time on the loaded side: it counts +1.
    const w = loadWeights(features(['cpu', 'mem_free', 'disk']), ['cpu', 'mem_free']);
    expect([...w]).toEqual([1, 1, 1, -1, -1, 1, 0, 0, 0].map((v) => v / 6));
    expect(() => loadWeights(features(['cpu']), ['disk'])).toThrow(/none of the load metrics \(disk\)/);
  });
});
