import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { anomalyLikelihoods } from '../../../src/engine/online/likelihood';
import { readBundle } from '../../../src/engine/bundle/index';
import { defaultSpec } from '../../../src/engine/pipeline/spec';
import { scorePipeline } from '../../../src/engine/pipeline/score';
import { loadCsv } from '../../../src/engine/table/load';
import { csvOf, demo, demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

let app: FastifyInstance;
beforeAll(async () => {
  app = await serverFor(await demoBundle());
});
afterAll(async () => app.close());

describe('POST /predict likelihood', () => {
  it("returns each entity's anomaly likelihood over the scores it has been sent, in arrival order", async () => {
    const rows = rowObjects(demoTest, 0, 300);
    const byEntity = new Map<string, { scores: number[]; likelihoods: number[] }>();
    for (const row of rows) {
      const body = (await app.inject({ method: 'POST', url: '/predict', payload: row })).json();
      const e = byEntity.get(body.entity) ?? { scores: [], likelihoods: [] };
      byEntity.set(body.entity, e);
      e.scores.push(body.score);
      e.likelihoods.push(body.likelihood);
    }
    expect(byEntity.size).toBeGreaterThanOrEqual(2);
    for (const { scores, likelihoods } of byEntity.values()) {
      expect(likelihoods).toEqual([...anomalyLikelihoods(scores)]);
      for (const l of likelihoods) expect(l >= 0 && l < 1).toBe(true);
    }
  });
});

describe('POST /predict with an online model', () => {
  it('answers the online path: the score is the likelihood, as a batch of the same rows scores them', async () => {
    const spec = defaultSpec(demo.schema, {
      type: 'online',
      params: {
        modelParams: { members: [{ type: 'rcf', params: { numTrees: 10, sampleSize: 32 } }, 'robust-z'] },
        probation: 40,
      },
    });
    const text = await demoBundle((f) => f, spec);
    const online = await serverFor(text);
    try {
      const rows = rowObjects(demoTest, 0, 450);
      const served: { entity: string; score: number; likelihood: number; alert: boolean }[] = [];
      for (const row of rows) {
        served.push((await online.inject({ method: 'POST', url: '/predict', payload: row })).json());
      }
      const fitted = (await readBundle(text, 'online.awb')).pipeline;
      const s = demoTest.schema;
      const ds = loadCsv(csvOf(rows), 'rows.csv', { time: s.time, entity: s.entity, metrics: s.metrics });
      const batch = scorePipeline(fitted, ds);
      expect(served.map((r) => r.score)).toEqual(Array.from(batch.scores));
      expect(served.map((r) => r.likelihood)).toEqual(served.map((r) => r.score));
      expect(served.map((r) => r.alert)).toEqual(served.map((r) => r.score >= fitted.threshold));
      expect(served.some((r) => r.score > 0)).toBe(true);
    } finally {
      await online.close();
    }
  });
});
