import { describe, expect, it } from 'vitest';
import { WorkbenchSession } from '../../../src/engine/index';
import { rawPrep } from './raw-prep';

const prep = rawPrep({ train: 0.7, validation: 0, gap: 0, perEntity: true });

describe('what Business Understanding reads from an evaluation', () => {
  it('gives the test period in days, each instance stretch of the test rows and the scoring time', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 2, seed: 5 });
    s.prepare(prep);
    await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 20 } } });
    const ev = s.evaluate();
    // Each instance's last 30% of 3 days at a 5-minute step, both instances over the same stretch of time.
    const perInstance = ev.testRows / 2;
    expect(ev.days).toBeCloseTo((perInstance * 300000) / 86400000, 9);
    expect(ev.segments.map((g) => g.entity).sort()).toEqual(['web-01', 'web-02']);
    expect(ev.segments.map((g) => g.end - g.start)).toEqual([perInstance, perInstance]);
    expect(ev.segments[0].start).toBe(0);
    expect(ev.segments[1].start).toBe(ev.segments[0].end);
    expect(ev.scoring?.rows).toBe(3 * 288 * 2);
    expect(ev.scoring?.ms).toBeGreaterThan(0);
  });
});
