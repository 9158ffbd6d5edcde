import { describe, expect, it } from 'vitest';
import {
  createDetector,
  cleanForSpec,
  emMvCriteria,
  fitPreprocessing,
  generateClusterMetrics,
  selectRows,
  specFromPrep,
  splitDataset,
  WorkbenchSession,
} from '../../../src/engine/index';
import { rawPrep } from './raw-prep';

const prep = rawPrep();

describe('WorkbenchSession.trainingSet for searches and ensembles', () => {
  it('carries the training labels and counts the labelled validation rows', () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const set = s.trainingSet(prep);
    expect(set.labels).toBeInstanceOf(Float64Array);
    expect(set.labels!.length).toBe(set.X.rows);
    expect(set.labels!.every((v) => v === 0 || v === 1)).toBe(true);
    expect(set.labels!.some((v) => v === 1)).toBe(true);
    expect(set.validationRows).toBeGreaterThan(0);
    expect(set.validationPositives).toBeGreaterThan(0);
    expect(set.validationPositives).toBeLessThanOrEqual(set.validationRows!);
  });

  it('gives an ensemble fitted on the set PR-AUC weights, as the CLI does', async () => {
    const s = new WorkbenchSession();
    // A draw whose last 20% of training rows (where the ensemble weighs its members) holds anomalies.
    s.load({ kind: 'demo', days: 6, instances: 3, seed: 1 });
    const set = s.trainingSet(prep);
    const params = {
      members: [{ type: 'iforest', params: { nEstimators: 30 } }, { type: 'kmeans' }],
      weights: 'pr-auc',
    };
    const withLabels = await createDetector('ensemble', params).fit(set.X, {
      context: set.context,
      labels: set.labels,
    });
    const without = await createDetector('ensemble', params).fit(set.X, { context: set.context });
    expect((withLabels.toJSON().state as { weightSource: string }).weightSource).toBe('pr-auc');
    expect((without.toJSON().state as { weightSource: string }).weightSource).toBe('equal');
  });
});

describe('WorkbenchSession.tuningCriteria', () => {
  it('judges the fitted model itself when every feature fits in one group', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 2, seed: 7 });
    const set = s.trainingSet(prep);
    const det = await createDetector('iforest', { nEstimators: 40, seed: 1 }).fit(set.X);
    const options = { draws: 3, uniformPoints: 3000, seed: 2 };
    const c = await s.tuningCriteria(prep, det.toJSON(), options);
    expect(c.refitted).toBe(false);
    expect(c.groups).toBe(1);
    expect(c.rows).toBe(set.validationRows);
    expect(s.completeRun(prep, det.toJSON(), 0).validation?.rows).toBe(c.rows);
    expect(c.em).toBeGreaterThan(0);
    expect(c.mv).toBeGreaterThan(0);
    expect(await s.tuningCriteria(prep, det.toJSON(), options)).toEqual(c);
  });

  it('refits on feature groups when there are more features than a group, as emMvCriteria does', async () => {
    const s = new WorkbenchSession();
    const source = { kind: 'demo' as const, days: 3, instances: 2, seed: 7 };
    s.load(source);
    const set = s.trainingSet(prep);
    const det = await createDetector('kmeans', { k: 4 }).fit(set.X);
    const options = { draws: 2, uniformPoints: 2000, seed: 3, maxFeatures: 2 };
    const c = await s.tuningCriteria(prep, det.toJSON(), options);
    expect(c.refitted).toBe(true);
    expect(c.groups).toBe(2);
    // The same criteria from the engine's own functions, the way `cli tune` builds the validation rows.
    const ds = generateClusterMetrics(source);
    const spec = specFromPrep(ds.schema, prep.metrics, prep.config, { type: 'none', params: {} });
    const { dataset: cleaned } = cleanForSpec(ds, spec);
    const split = splitDataset(cleaned, prep.config.split);
    const pre = fitPreprocessing(ds, spec, { cleaned, rows: split.train });
    const direct = await emMvCriteria(
      set.X,
      selectRows(pre.all, split.validation),
      async (X) => {
        const d = await createDetector('kmeans', { k: 4 }).fit(X);
        return (Y) => d.score(Y);
      },
      options,
    );
    expect(c.em).toBeCloseTo(direct.em, 12);
    expect(c.mv).toBeCloseTo(direct.mv, 12);
    // Seeded: a second call gives the same numbers.
    expect(await s.tuningCriteria(prep, det.toJSON(), options)).toEqual(c);
  });

  it('refuses sequential detectors and a preparation that moved on', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 1, seed: 2 });
    const set = s.trainingSet(prep);
    const rz = await createDetector('robust-z', { window: 24 }).fit(set.X, { context: set.context });
    await expect(s.tuningCriteria(prep, rz.toJSON())).rejects.toThrow(/rows before it/);
    const km = await createDetector('kmeans', { k: 3 }).fit(set.X);
    s.trainingSet({ ...prep, metrics: ['cpu_pct'] });
    await expect(s.tuningCriteria(prep, km.toJSON())).rejects.toThrow(/preparation changed/);
  });
});
