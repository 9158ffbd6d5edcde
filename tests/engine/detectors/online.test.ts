/**
 * The online detector runs the path of `cli online` and the NAB bench inside a pipeline: its scores are
 * the runner's likelihoods (0 during probation), its stream gives the same row for row, it survives a
 * JSON round trip, and its threshold is the likelihood threshold unless labels choose one.
 */
import { describe, expect, it } from 'vitest';
import '../../../src/engine/detectors/index';
import { createDetector, loadDetector } from '../../../src/engine/detectors/index';
import { createOnlineModel } from '../../../src/engine/online/online-model';
import { runOnline } from '../../../src/engine/online/runner';
import { defaultSpec } from '../../../src/engine/pipeline/spec';
import { defaultPrepConfig, specFromPrep } from '../../../src/engine/pipeline/prep-config';
import { fitPipeline } from '../../../src/engine/pipeline/fit';
import { scorePipeline } from '../../../src/engine/pipeline/score';
import { StreamScorer } from '../../../src/engine/serving/stream-scorer';
import { loadCsv } from '../../../src/engine/table/load';
import type { Matrix } from '../../../src/engine/util/matrix';

const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);
/** Small forests so the test is quick; the path is the same as the defaults'. */
const MODEL_PARAMS = {
  members: [
    { type: 'rcf', params: { numTrees: 10, sampleSize: 32, shingleSize: 4 } },
    { type: 'rcf', params: { numTrees: 10, sampleSize: 32, shingleSize: 1 } },
  ],
};

/** Two entities' daily-cycle series with a spike and a level shift, `n` rows each. */
function series(n: number): { values: Float64Array[]; time: Float64Array } {
  const time = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  const values = [0, 1].map((e) =>
    Float64Array.from({ length: n }, (_, i) => {
      const base = 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + 3 * Math.sin(i * 1.7 + e);
      return base + (i === 700 + 50 * e ? 60 : 0) + (i > 900 ? 15 : 0);
    }),
  );
  return { values, time };
}

describe('online detector', () => {
  it('scores each entity as runOnline does: its likelihoods after probation, 0 before', async () => {
    const n = 1000;
    const { values, time } = series(n);
    const probation = 150;
    const det = createDetector('online', { modelParams: MODEL_PARAMS, probation, seed: 3 });
    // Entity 0 and 1 interleaved, as a served fleet sends them.
    const data = new Float64Array(2 * n);
    const times = new Float64Array(2 * n);
    const groups = [new Int32Array(n), new Int32Array(n)];
    for (let i = 0; i < n; i++) {
      for (const e of [0, 1]) {
        data[2 * i + e] = values[e][i];
        times[2 * i + e] = time[i];
        groups[e][i] = 2 * i + e;
      }
    }
    const X: Matrix = { data, rows: 2 * n, cols: 1 };
    await det.fit(X, { context: { time: times, groups } });
    const scores = det.score(X, { time: times, groups });
    for (const e of [0, 1]) {
      const run = await runOnline(
        createOnlineModel('ensemble', MODEL_PARAMS, 3),
        { data: values[e], rows: n, cols: 1 },
        { context: { time }, probation },
      );
      const mine = Float64Array.from(groups[e], (i) => scores[i]);
      expect(Array.from(mine.subarray(0, probation))).toEqual(new Array(probation).fill(0));
      expect(Array.from(mine.subarray(probation))).toEqual(Array.from(run.likelihoods.subarray(probation)));
      // The spike and the shift stand out after probation.
      expect(Math.max(...mine.subarray(probation))).toBeGreaterThan(0.5);
    }
    // The stream of one entity gives the same row for row.
    const stream = det.stream!();
    const streamed = Array.from(values[1], (v, i) => stream.push([v], time[i]));
    expect(streamed).toEqual(Array.from(groups[1], (i) => scores[i]));
    // A JSON round trip scores the same.
    const copy = loadDetector(JSON.parse(JSON.stringify(det.toJSON())));
    expect(Array.from(copy.score(X, { time: times, groups }))).toEqual(Array.from(scores));
  });

  it('gets the metrics as they are and the likelihood threshold in a default pipeline, and streams as it scores', async () => {
    const n = 600;
    const { values, time } = series(n);
    const csv = ['time,host,cpu']
      .concat(Array.from(time, (t, i) => `${new Date(t).toISOString()},a,${values[0][i]}`))
      .join('\n');
    const ds = loadCsv(csv, 'online.csv', { time: 'time', entity: 'host', metrics: ['cpu'] });
    const spec = defaultSpec(ds.schema, {
      type: 'online',
      params: { modelParams: MODEL_PARAMS, probation: 100, threshold: 0.6 },
    });
    expect(spec.features).toBe('raw');
    expect(spec.scaler).toBe('none');
    // So does a spec built from a Data Preparation config (the Modeling page, cli train --config).
    const prepared = specFromPrep(ds.schema, ['cpu'], defaultPrepConfig(), spec.detector);
    expect([prepared.features, prepared.scaler, prepared.selection]).toEqual(['raw', 'none', undefined]);
    const iforest = specFromPrep(ds.schema, ['cpu'], defaultPrepConfig(), { type: 'iforest', params: {} });
    expect(iforest.features).toEqual(defaultPrepConfig().features);
    const { fitted } = await fitPipeline(ds, spec);
    expect(fitted.threshold).toBe(0.6);
    expect(fitted.thresholdRule).toEqual({ kind: 'calibrated' });
    const { scores } = scorePipeline(fitted, ds);
    const scorer = new StreamScorer(fitted);
    const streamed = Array.from({ length: n }, (_, i) =>
      scorer.push({ entity: 'a', time: time[i], values: Float64Array.of(values[0][i]) }),
    );
    expect(streamed.map((r) => r.score)).toEqual(Array.from(scores));
    expect(streamed.map((r) => r.alert)).toEqual(Array.from(scores, (s) => s >= 0.6));
  });

  it('refuses models that refit asynchronously, bad JSON params and bad thresholds, naming them', () => {
    expect(() => createDetector('online', { model: 'iforest' })).toThrow(
      /'model' must be one of 'ensemble', 'rcf', 'robust-z', 'seasonal', got "iforest".*cli online/,
    );
    expect(() => createDetector('online', { modelParams: '{"members": [' })).toThrow(
      /'modelParams' is not JSON/,
    );
    expect(() => createDetector('online', { modelParams: { nope: 1 } })).toThrow(/unknown parameter 'nope'/);
    expect(() => createDetector('online', { threshold: 1 })).toThrow(/'threshold' must be in \(0, 1\)/);
    // The model's own threshold: NAB's choice for the defaults, 0.5 with other params.
    expect(createDetector('online').calibratedThreshold!()).toBe(0.389);
    expect(createDetector('online', { model: 'robust-z' }).calibratedThreshold!()).toBe(0.528);
    expect(createDetector('online', { modelParams: MODEL_PARAMS }).calibratedThreshold!()).toBe(0.5);
    expect(createDetector('online', { threshold: 0.7 }).calibratedThreshold!()).toBe(0.7);
    expect(() => createDetector('online', { probation: -1 })).toThrow(/'probation' must be an integer/);
    expect(
      createDetector('online', { model: 'rcf', modelParams: '{"shingleSize": 2}' }).params,
    ).toMatchObject({
      model: 'rcf',
      modelParams: '{"shingleSize":2}',
    });
  });
});
