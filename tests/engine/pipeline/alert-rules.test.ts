import { describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/engine/bundle/bundle';
import { generateClusterMetrics, WorkbenchSession } from '../../../src/engine/index';
import { scorePipeline } from '../../../src/engine/pipeline/score';
import { rawPrep } from '../session/raw-prep';

const prep = rawPrep();

describe('alert rules in the pipeline and the bundle', () => {
  it('are checked on the test rows, carried by the bundle, and applied when it scores', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const t = await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } } });
    const threshold = t.fitted.threshold;
    const rules = { minDuration: 3, cooldown: 12, groupGap: 2, perEntity: {} };
    const view = s.alertRulesView(threshold, rules);
    expect(view.ruled.alertRows).toBeLessThan(view.plain.alertRows);
    expect(view.ruled.incidents).toBeLessThanOrEqual(view.plain.incidents);
    const text = await s.exportBundle(threshold, {}, rules);
    const body = await readBundle(text, 'm.awb');
    expect(body.pipeline.alertRules).toEqual(rules);
    const plainBody = await readBundle(await s.exportBundle(threshold, {}, null), 'p.awb');
    expect(plainBody.pipeline.alertRules).toBeUndefined();
    // Scoring the same rows: the rules only ever remove alerts here, and some.
    const ds = generateClusterMetrics({ days: 4, instances: 2, seed: 5 });
    const ruled = scorePipeline(body.pipeline, ds).alerts;
    const plain = scorePipeline(plainBody.pipeline, ds).alerts;
    let removed = 0;
    for (let i = 0; i < plain.length; i++) {
      expect(ruled[i]).toBeLessThanOrEqual(plain[i]);
      removed += plain[i] - ruled[i];
    }
    expect(removed).toBeGreaterThan(0);
  });

  it('refuses malformed rules with the field named', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 2, instances: 1, seed: 5 });
    const t = await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 10, seed: 1 } } });
    await expect(
      s.exportBundle(t.fitted.threshold, {}, { minDuration: 0, cooldown: 0, groupGap: 0, perEntity: {} }),
    ).rejects.toThrow(/minDuration/);
  });
});
