import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  type FittedPipeline,
} from '../../../src/engine/index';
import {
  entityBudget,
  retainedBytes,
  StreamOrderError,
  StreamScorer,
  warmRows,
  type ScoringRow,
} from '../../../src/engine/serving/index';
import { makeReference } from '../../../src/engine/bundle/reference';

const train = generateClusterMetrics({ days: 2, instances: 2, seed: 8 });
let fitted: FittedPipeline;
beforeAll(async () => {
  // One metric, raw features, a small forest: the test is about the entity map, not the scoring.
  ({ fitted } = await fitPipeline(train, {
    ...defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 2, seed: 1 } }),
    metrics: [train.schema.metrics[0]],
    features: 'raw',
  }));
});

describe('per-entity stream state under an attacker inventing entity ids', () => {
  it('a million fresh ids keep the entity count at the cap, and a regular entity is never forgotten', () => {
    const cap = 1000;
    const scorer = new StreamScorer(fitted, { maxEntities: cap });
    const values = new Float64Array(fitted.spec.metrics.length).fill(1);
    const row: ScoringRow = { time: 0, entity: '', values };
    let highest = 0;
    for (let i = 0; i < 1_000_000; i++) {
      row.time = i;
      // Every 100th row is the regular entity's; the others each invent an id never seen before.
      row.entity = i % 100 === 0 ? 'web-1' : `attacker-${i}`;
      scorer.push(row);
      if ((i & 0x3fff) === 0) highest = Math.max(highest, scorer.entityCount);
    }
    expect(scorer.entityCount).toBe(cap);
    expect(highest).toBeLessThanOrEqual(cap);
    expect(scorer.evicted).toBe(990_000 + 1 - cap);
    // web-1's state is still there (a row older than its last is refused); attacker-1's is gone.
    expect(() => scorer.push({ time: 0, entity: 'web-1', values })).toThrow(StreamOrderError);
    expect(() => scorer.push({ time: 0, entity: 'attacker-1', values })).not.toThrow();
  });

  it("measures one entity's state: kilobytes for raw features, megabytes for a streaming forest", async () => {
    const reference = makeReference(fitted, train);
    const raw = new StreamScorer(fitted, { maxEntities: 1 }).entityBytes(warmRows(fitted, reference));
    const { fitted: rcf } = await fitPipeline(
      train,
      defaultSpec(train.schema, {
        type: 'rcf',
        params: { update: 'stream', numTrees: 20, sampleSize: 128, seed: 1 },
      }),
    );
    const streaming = new StreamScorer(rcf, { maxEntities: 1 }).entityBytes(
      warmRows(rcf, makeReference(rcf, train)),
    );
    expect(raw).toBeLessThan(10_000);
    // 20 trees of up to 255 nodes, each node's box of 2 x 8 doubles: at least 20 x 255 x 128 bytes.
    expect(streaming).toBeGreaterThan(20 * 255 * 128);
    const budget = entityBudget(100_000, streaming, 64 * 1024 ** 2);
    expect(budget.limitedBy).toBe('memory');
    expect(budget.maxEntities).toBe(Math.floor((64 * 1024 ** 2) / streaming));
    expect(entityBudget(100_000, raw, 1024 ** 3)).toEqual({
      maxEntities: 100_000,
      bytesPerEntity: raw,
      memoryBytes: 1024 ** 3,
      limitedBy: 'max-entities',
    });
    expect(entityBudget(10, 1e12, 1024).maxEntities).toBe(1);
  });

  it('counts typed arrays by their buffers, once, and leaves out what is shared', () => {
    const shared = new Float64Array(1000);
    const own = new Float64Array(100);
    const state = { own, view: own.subarray(10, 20), shared, list: [1, 2, 3] };
    const bytes = retainedBytes(state, [{ shared }]);
    expect(bytes).toBeGreaterThanOrEqual(800);
    expect(bytes).toBeLessThan(1200);
    expect(retainedBytes(state)).toBeGreaterThan(bytes + 8000);
  });
});
