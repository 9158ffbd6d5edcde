import { describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  parsePrepConfig,
  scorePipeline,
  specFromPrep,
  type FittedPipeline,
  type PipelineSpec,
} from '../../../src/engine/index';
import { loadDetector } from '../../../src/engine/detectors/index';
import { StreamOrderError, StreamScorer } from '../../../src/engine/serving/index';
import type { Dataset } from '../../../src/engine/table/dataset';
import { maxDiff, streamRows } from './helpers';

const train = generateClusterMetrics({ days: 3, instances: 3, seed: 11 });
const test = generateClusterMetrics({ days: 2, instances: 3, seed: 12 });

/** Scores `ds` as one batch and row by row through a StreamScorer; returns both, in dataset row order. */
function bothWays(
  fitted: FittedPipeline,
  ds: Dataset,
): { batch: Float64Array; stream: Float64Array; alerts: [Uint8Array, Uint8Array] } {
  const { scores, alerts } = scorePipeline(fitted, ds);
  const scorer = new StreamScorer(fitted);
  const stream = new Float64Array(scores.length).fill(NaN);
  const streamAlerts = new Uint8Array(scores.length);
  for (const { index, row } of streamRows(ds, fitted.spec.metrics)) {
    const r = scorer.push(row);
    stream[index] = r.score ?? NaN;
    streamAlerts[index] = r.alert ? 1 : 0;
  }
  return { batch: scores, stream, alerts: [alerts, streamAlerts] };
}

async function fit(spec: PipelineSpec, ds = train): Promise<FittedPipeline> {
  return (await fitPipeline(ds, spec)).fitted;
}

/** Blanks some metric values (every 17th row of cpu_pct, a run on mem_pct) to exercise the cleaning. */
function withGaps(ds: Dataset): Dataset {
  const cpu = Float64Array.from(ds.table.array('cpu_pct') as ArrayLike<number>);
  const mem = Float64Array.from(ds.table.array('mem_pct') as ArrayLike<number>);
  for (let i = 0; i < cpu.length; i += 17) cpu[i] = NaN;
  for (let i = 40; i < 52; i++) mem[i] = NaN;
  return { ...ds, table: ds.table.assign({ cpu_pct: cpu, mem_pct: mem }) };
}

describe('streaming scorer parity with the batch', () => {
  it('raw features + Isolation Forest', async () => {
    const fitted = await fit(
      defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 50, seed: 1 } }),
    );
    const r = bothWays(fitted, test);
    expect(maxDiff(r.batch, r.stream)).toBeLessThanOrEqual(1e-9);
    expect(r.alerts[1]).toEqual(r.alerts[0]);
  });

  it('feature families (with cleaning, clipping and selection) + Isolation Forest', async () => {
    const config = parsePrepConfig({
      features: { windows: [6, 12, 48] },
      cleaning: { missing: { method: 'ffill', limit: 4 }, outliers: { method: 'clip-quantile' } },
    });
    const spec = specFromPrep(train.schema, ['cpu_pct', 'mem_pct', 'latency_ms'], config, {
      type: 'iforest',
      params: { nEstimators: 40, seed: 2 },
    });
    const fitted = await fit(spec, withGaps(train));
    expect(fitted.featureNames.length).toBeGreaterThan(20);
    const r = bothWays(fitted, withGaps(test));
    expect(maxDiff(r.batch, r.stream)).toBeLessThanOrEqual(1e-9);
    expect(new StreamScorer(fitted).behaviour.exact).toBe(true);
  });

  it('rolling preset + robust z-score (a sequential detector with its own stream)', async () => {
    const spec: PipelineSpec = {
      ...defaultSpec(train.schema, { type: 'robust-z', params: { window: 50, minPeriods: 5 } }),
      metrics: ['latency_ms'],
    };
    const fitted = await fit(spec);
    expect(fitted.featureNames).toContain('roll_mean_12');
    const scorer = new StreamScorer(fitted);
    expect(scorer.behaviour.detector.kind).toBe('stream');
    const r = bothWays(fitted, test);
    expect(maxDiff(r.batch, r.stream)).toBeLessThanOrEqual(1e-9);
  });

  it('seasonal baseline, hour-of-week and period slots', async () => {
    const fitted = await fit(defaultSpec(train.schema, { type: 'seasonal', params: { combine: 'max' } }));
    const r = bothWays(fitted, test);
    expect(maxDiff(r.batch, r.stream)).toBeLessThanOrEqual(1e-9);
    const noTime = (ds: Dataset): Dataset => ({ ...ds, schema: { ...ds.schema, time: undefined } });
    const periodic = await fit(
      defaultSpec(noTime(train).schema, { type: 'seasonal', params: { period: 288 } }),
      noTime(train),
    );
    const p = bothWays(periodic, noTime(test));
    expect(maxDiff(p.batch, p.stream)).toBeLessThanOrEqual(1e-9);
  });

  it('shingled Random Cut Forest, and the history fallback for a streaming one', async () => {
    const shingled = await fit(
      defaultSpec(train.schema, {
        type: 'rcf',
        params: { numTrees: 20, sampleSize: 64, shingleSize: 4, seed: 3 },
      }),
    );
    expect(new StreamScorer(shingled).behaviour.detector.kind).toBe('stream');
    const r = bothWays(shingled, test);
    expect(maxDiff(r.batch, r.stream)).toBeLessThanOrEqual(1e-9);
    const streamed = await fit(
      defaultSpec(train.schema, {
        type: 'rcf',
        params: { numTrees: 10, sampleSize: 32, update: 'stream', seed: 3 },
      }),
    );
    const small = generateClusterMetrics({ days: 0.25, instances: 2, seed: 5 });
    // Its own stream is exact; hidden, the scorer falls back to rescoring a capped history.
    expect(new StreamScorer(streamed).behaviour).toMatchObject({ exact: true, detector: { kind: 'stream' } });
    const loaded = loadDetector(streamed.detector);
    const detector = Object.create(loaded, { stream: { value: undefined } }) as typeof loaded;
    const scorer = new StreamScorer(streamed, { historyRows: 100, detector });
    expect(scorer.behaviour).toMatchObject({ exact: false, detector: { kind: 'history', historyRows: 100 } });
    const h = bothWays(streamed, small);
    expect(maxDiff(h.batch, h.stream)).toBeLessThanOrEqual(1e-9);
  });

  it('alert rules run per entity as in the batch', async () => {
    const fitted = await fit(
      defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 30, seed: 4 } }),
    );
    const ruled: FittedPipeline = {
      ...fitted,
      threshold: fitted.threshold * 0.97,
      alertRules: { minDuration: 2, cooldown: 3, groupGap: 1, perEntity: {} },
    };
    const r = bothWays(ruled, test);
    expect(r.alerts[0].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r.alerts[1]).toEqual(r.alerts[0]);
  });

  it('cleaning: rolling median and drop match; interpolation is forward-filled and says so', async () => {
    for (const method of ['rolling-median', 'drop', 'none'] as const) {
      const config = parsePrepConfig({ features: 'raw', cleaning: { missing: { method, window: 5 } } });
      const spec = specFromPrep(train.schema, train.schema.metrics, config, {
        type: 'iforest',
        params: { nEstimators: 20, seed: 5 },
      });
      const fitted = await fit(spec, withGaps(train));
      const ds = withGaps(test);
      const scorer = new StreamScorer(fitted);
      expect(scorer.behaviour.exact).toBe(true);
      const streamed: number[] = [];
      for (const { row } of streamRows(ds, fitted.spec.metrics).sort((a, b) => a.index - b.index)) {
        const res = scorer.push(row);
        if (res.score !== null) streamed.push(res.score);
      }
      // The demo rows come entity by entity in time order, so row order is each entity's stream order.
      const { scores } = scorePipeline(fitted, ds);
      expect(maxDiff(scores, streamed), method).toBeLessThanOrEqual(1e-9);
    }
    const interp = parsePrepConfig({ features: 'raw', cleaning: { missing: { method: 'interpolate' } } });
    const fitted = await fit(
      specFromPrep(train.schema, train.schema.metrics, interp, { type: 'iforest', params: {} }),
    );
    const b = new StreamScorer(fitted).behaviour;
    expect(b.exact).toBe(false);
    expect(b.notes.join(' ')).toMatch(/interpolation needs the next value/);
  });
});

describe('streaming scorer state', () => {
  it('refuses a row older than its entity, keeps at most maxEntities, and explains rows', async () => {
    const fitted = await fit(
      defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 20, seed: 1 } }),
    );
    const scorer = new StreamScorer(fitted, { maxEntities: 2 });
    const rows = streamRows(test, fitted.spec.metrics);
    const a = rows.find((r) => r.row.entity === rows[0].row.entity && r.row.time > rows[0].row.time)!;
    scorer.push(a.row);
    expect(() => scorer.push(rows[0].row)).toThrow(StreamOrderError);
    const entities = [...new Set(rows.map((r) => r.row.entity))];
    for (const e of entities) scorer.push(rows.filter((r) => r.row.entity === e).at(-1)!.row);
    expect(scorer.entityCount).toBe(2);
    expect(scorer.evicted).toBe(1);
  });
});
