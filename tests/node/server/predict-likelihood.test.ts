import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { anomalyLikelihoods } from '../../../src/engine/online/likelihood';
import { demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

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
