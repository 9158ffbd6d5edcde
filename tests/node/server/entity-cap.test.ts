import { describe, expect, it } from 'vitest';
import { demoBundle, rowObjects, demoTest, serverFor } from './fixtures';

describe('the entity cap in /metrics, /health and /model_info', () => {
  it('reports the cap, the live count and the evictions as entities come and go', async () => {
    const app = await serverFor(await demoBundle(), { maxEntities: 3 });
    const [row] = rowObjects(demoTest, 0, 1);
    for (let i = 0; i < 10; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/predict',
        payload: { ...row, instance: `new-${i}` },
      });
      expect(res.statusCode).toBe(200);
    }
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^awb_stream_entities 3$/m);
    expect(metrics).toMatch(/^awb_stream_entities_max 3$/m);
    expect(metrics).toMatch(/^awb_stream_evictions_total 7$/m);
    expect(metrics).toMatch(/^awb_stream_entity_bytes \d+$/m);
    const health = (await app.inject({ url: '/health' })).json();
    expect(health.stream).toMatchObject({ entities: 3, maxEntities: 3, evicted: 7 });
    expect(health.stream.bytesPerEntity).toBeGreaterThan(0);
    const info = (await app.inject({ url: '/model_info' })).json();
    expect(info.streaming.memory).toMatchObject({
      maxEntities: 3,
      limitedBy: 'max-entities',
      budgetBytes: 1024 ** 3,
    });
    await app.close();
  });

  it('lowers the cap to fit the stream memory budget, from the measured size of an entity', async () => {
    const app = await serverFor(await demoBundle(), {
      maxEntities: 100_000,
      maxStreamMemoryBytes: 64 * 1024,
    });
    const info = (await app.inject({ url: '/model_info' })).json();
    const { bytesPerEntity, maxEntities, limitedBy } = info.streaming.memory;
    expect(limitedBy).toBe('memory');
    expect(maxEntities).toBe(Math.floor((64 * 1024) / bytesPerEntity));
    expect(info.streaming.maxEntities).toBe(maxEntities);
    await app.close();
  });
});
