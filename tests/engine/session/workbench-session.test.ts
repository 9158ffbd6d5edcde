import { describe, expect, it } from 'vitest';
import { defaultPrepConfig, WorkbenchSession, type PrepSettings } from '../../../src/engine/index';
import { rawPrep } from './raw-prep';

const prep = rawPrep({ train: 0.7, validation: 0, gap: 0, perEntity: false });

describe('WorkbenchSession', () => {
  it('walks load -> prepare -> train -> evaluate -> export on the demo data', async () => {
    const s = new WorkbenchSession();
    const info = s.load({ kind: 'demo', days: 3, instances: 2, seed: 5 });
    expect(info.rows).toBe(3 * 288 * 2);
    expect(info.entities.length).toBe(2);
    const p = s.prepare(prep);
    expect(p.split.trainRows + p.split.testRows).toBe(info.rows);
    expect(p.featureNames).toEqual(prep.metrics);
    expect(p.split.parts.map((x) => x.part)).toEqual(['train', 'test']);
    const progress: number[] = [];
    const t = await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 20 } } }, (f) =>
      progress.push(f),
    );
    expect(progress.at(-1)).toBe(1);
    expect(t.testRows).toBe(p.split.testRows);
    const ev = s.evaluate();
    expect(ev.testScores.length).toBe(t.testRows);
    expect(ev.roc?.auc).toBeGreaterThan(0.5);
    const bundle = await s.exportBundle(ev.suggestedThreshold, {});
    expect(bundle.split('\n')[0]).toContain('anomaly-workbench-bundle');
  });

  it('prepares, trains and evaluates with the default feature families, selection and a 3-way split', async () => {
    const s = new WorkbenchSession();
    const info = s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const engineered: PrepSettings = { metrics: prep.metrics, config: defaultPrepConfig() };
    const p = s.prepare(engineered);
    expect(p.featureNames.length).toBeGreaterThanOrEqual(350);
    expect(p.families.reduce((a, f) => a + f.count, 0)).toBe(p.featureNames.length);
    expect(p.previewRows[0].length).toBe(p.previewColumns.length);
    expect(p.split.trainRows + p.split.validationRows + p.split.testRows + p.split.gapRows).toBe(info.rows);
    expect(p.split.validationRows).toBeGreaterThan(0);
    expect(p.selection?.kept.length).toBeGreaterThan(0);
    expect(p.selection?.dropped.some((d) => d.reason === 'correlated')).toBe(true);
    expect(p.memoryWarning).toBeNull();
    const t = await s.train({
      prep: engineered,
      detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } },
    });
    expect(t.fitted.featureNames).toEqual(p.selection?.kept);
    expect(t.fitted.stepMs).toBe(300_000);
    const ev = s.evaluate();
    expect(ev.testScores.length).toBe(p.split.testRows);
    expect(ev.roc?.auc).toBeGreaterThan(0.5);
  });

  it('cleans before splitting: resampling to 10 minutes halves the rows', () => {
    const s = new WorkbenchSession();
    const info = s.load({ kind: 'demo', days: 2, instances: 2, seed: 5 });
    const cfg = defaultPrepConfig();
    const p = s.prepare({
      metrics: prep.metrics,
      config: {
        ...cfg,
        features: 'raw',
        cleaning: { ...cfg.cleaning, resample: { stepMs: 600_000, aggregate: 'mean' } },
      },
    });
    expect(p.rowsBefore).toBe(info.rows);
    expect(p.rowsAfter).toBe(info.rows / 2);
    expect(p.cleaning[0]).toMatch(/resampl/i);
    expect(p.cleaningPreview?.after.t.length).toBeLessThan(p.cleaningPreview?.before.t.length ?? 0);
  });

  it('cancels a running fit with an AbortError and keeps the dataset', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 2, seed: 5 });
    const run = s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 5000 } } });
    setTimeout(() => s.cancel(), 20);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.info().rows).toBe(1728);
  });

  it('keeps the previous dataset when a CSV is refused', () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 1, instances: 1, seed: 5 });
    expect(() => s.load({ kind: 'csv', name: 'bad.csv', text: 'a,b\n1,2\n3\n' })).toThrow(/bad\.csv.*line 3/);
    expect(s.info().name).toBe('demo');
  });
});

describe('WorkbenchSession role overrides', () => {
  it('turns the label role off and validates overrides on the demo data', () => {
    const s = new WorkbenchSession();
    const info = s.load(
      { kind: 'demo', days: 1, instances: 2, seed: 5 },
      { label: '', metrics: ['cpu_pct', 'mem_pct'] },
    );
    expect(info.schema.label).toBeUndefined();
    expect(info.schema.metrics).toEqual(['cpu_pct', 'mem_pct']);
    expect(info.labelled).toBeNull();
    expect(() => s.load({ kind: 'demo', days: 1, instances: 2, seed: 5 }, { time: 'nope' })).toThrow(/nope/);
    expect(s.info().schema.metrics).toEqual(['cpu_pct', 'mem_pct']);
  });
});

describe('WorkbenchSession and data changes during a fit', () => {
  it('loading new data cancels the running fit instead of installing a model of the old data', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 2, seed: 5 });
    const run = s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 3000 } } });
    await new Promise((r) => setTimeout(r, 20));
    s.load({ kind: 'demo', days: 1, instances: 1, seed: 6 });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(() => s.evaluate()).toThrow(/no trained model/);
  });
});
