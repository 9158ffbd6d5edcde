import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  buildFeatures,
  completePipeline,
  createDetector,
  defaultSpec,
  fitPreprocessing,
  fitPipeline,
  generateClusterMetrics,
  rocAuc,
  scorePipeline,
  timeSplit,
  trainingInput,
  THRESHOLD_SAMPLE_ROWS,
  type Dataset,
} from '../../../src/engine/index';

describe('pipeline', () => {
  it('uses raw metrics for several metrics and causal rolling features for a single one', () => {
    const multi = generateClusterMetrics({ days: 1, instances: 2, seed: 1 });
    expect(buildFeatures(multi, defaultSpec(multi.schema)).names).toEqual(multi.schema.metrics);
    const single: Dataset = {
      name: 'one',
      table: table({ value: Float64Array.from([1, 2, NaN, 4]) }),
      schema: { metrics: ['value'] },
    };
    const f = buildFeatures(single, defaultSpec(single.schema));
    expect(f.names.length).toBe(5);
    // value column: NaN forward-filled from the previous row.
    expect([...f.columns[0]]).toEqual([1, 2, 2, 4]);
  });

  it("computes rolling features per entity: one instance never sees another one's rows", () => {
    const ds: Dataset = {
      name: 'two',
      table: table({ host: ['a', 'b', 'a', 'b'], value: Float64Array.from([1, 100, 3, 300]) }),
      schema: { entity: 'host', metrics: ['value'] },
    };
    const f = buildFeatures(ds, defaultSpec(ds.schema));
    const diff = f.columns[f.names.indexOf('diff1')];
    expect([...diff]).toEqual([0, 0, 2, 200]);
  });

  it('labels are never features, and the threshold maximises F1 when labels exist', async () => {
    const ds = generateClusterMetrics({ days: 3, instances: 3, seed: 9 });
    const { fitted, trainScores } = await fitPipeline(
      ds,
      defaultSpec(ds.schema, { type: 'iforest', params: { seed: 2 } }),
    );
    expect(fitted.featureNames).not.toContain('label');
    expect(fitted.thresholdRule.kind).toBe('best-f1');
    expect(scorePipeline(fitted, ds).scores).toEqual(trainScores);
  });

  it('places a contamination threshold from a sample of a large unlabelled training set', async () => {
    const labelled = generateClusterMetrics({ days: 10, instances: 8, seed: 4 });
    const ds: Dataset = { ...labelled, schema: { ...labelled.schema, label: undefined } };
    expect(ds.table.numRows()).toBeGreaterThan(THRESHOLD_SAMPLE_ROWS);
    const spec = defaultSpec(ds.schema, { type: 'iforest', params: { seed: 1, contamination: 0.05 } });
    const { fitted, trainScores } = await fitPipeline(ds, spec);
    expect(trainScores).toBeNull();
    expect(fitted.thresholdRule).toEqual({
      kind: 'contamination',
      contamination: 0.05,
      sampledRows: THRESHOLD_SAMPLE_ROWS,
    });
    // The sampled quantile lands where the full one would: about 5% of all rows alert.
    const all = scorePipeline(fitted, ds).scores;
    const share = all.reduce((a, v) => a + (v >= fitted.threshold ? 1 : 0), 0) / all.length;
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.055);
    // A sequential detector is always scored on every row (its scores need each row's history).
    const seq = await fitPipeline(ds, defaultSpec(ds.schema, { type: 'robust-z', params: {} }));
    expect(seq.trainScores?.length).toBe(ds.table.numRows());
  });

  it('skips the training scores of a calibrated detector when the caller does not want them', async () => {
    const ds = generateClusterMetrics({ days: 1, instances: 2, seed: 5 });
    const spec = defaultSpec(ds.schema, { type: 'online', params: { model: 'robust-z', probation: 50 } });
    const pre = fitPreprocessing(ds, spec);
    const train = trainingInput(pre, undefined);
    const detector = createDetector('online', spec.detector.params);
    await detector.fit(train.X, { context: train.context });
    const full = completePipeline(pre, detector, undefined, train);
    let scored = 0;
    const score = detector.score.bind(detector);
    detector.score = (X, context) => (scored++, score(X, context));
    const lean = completePipeline(pre, detector, undefined, train, { trainScores: false });
    expect(scored).toBe(0);
    expect(lean.trainScores).toBeNull();
    expect(lean.fitted).toEqual(full.fitted);
    expect(full.trainScores?.length).toBe(ds.table.numRows());
    // A detector whose threshold comes from its training scores is scored all the same.
    const iforest = createDetector('iforest', { seed: 1 });
    await iforest.fit(train.X);
    expect(
      completePipeline(pre, iforest, undefined, train, { trainScores: false }).trainScores,
    ).not.toBeNull();
  });

  it('reaches a ROC-AUC above 0.8 on the demo test split when trained on its first 70%', async () => {
    const ds = generateClusterMetrics({ days: 14, instances: 8, seed: 42 });
    const times = ds.table.array('timestamp') as ArrayLike<number>;
    const split = timeSplit(times, ds.table.numRows(), 0.7);
    const { fitted } = await fitPipeline(
      ds,
      defaultSpec(ds.schema, { type: 'iforest', params: { seed: 0 } }),
      {
        rows: split.train,
      },
    );
    const scores = scorePipeline(fitted, ds).scores;
    const labels = ds.table.array('label') as ArrayLike<number>;
    const auc = rocAuc(
      Array.from(split.test, (i) => labels[i]),
      Array.from(split.test, (i) => scores[i]),
    );
    expect(auc).toBeGreaterThan(0.8);
    expect(auc).toBeLessThan(0.99);
  });
});

describe('pipeline row order', () => {
  it('scores a file with shuffled rows exactly as the sorted file, row for row', async () => {
    const ds = generateClusterMetrics({ days: 2, instances: 2, seed: 4 });
    const spec = defaultSpec(ds.schema, { type: 'iforest', params: { seed: 1, nEstimators: 30 } });
    const single = { ...spec, metrics: ['cpu_pct'] };
    const { fitted } = await fitPipeline(ds, single);
    const n = ds.table.numRows();
    const perm = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const shuffled = { ...ds, table: ds.table.reify(perm) };
    const a = scorePipeline(fitted, ds).scores;
    const b = scorePipeline(fitted, shuffled).scores;
    perm.forEach((src, k) => expect(b[k]).toBe(a[src]));
  });
});
