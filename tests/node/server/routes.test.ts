import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scorePipeline, sha256Hex } from '../../../src/engine/index';
import { buildServer } from '../../../src/node/server/app';
import { loadModel } from '../../../src/node/server/model';
import { csvOf, demoBundle, demoTest, rowObjects, serverFor } from './fixtures';
import { unpackArrays } from '../../../src/engine/bundle/packed-arrays';

let text: string;
let app: FastifyInstance;

beforeAll(async () => {
  text = await demoBundle();
  app = await serverFor(text);
});
afterAll(async () => app.close());

describe('scoring server routes', () => {
  it('GET /health rescores the reference rows and names the model by its SHA-256', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'ok',
      ok: true,
      reference: { rows: 16, maxAbsDiff: 0, streamMaxAbsDiff: 0 },
    });
    expect(body.modelId).toBe(JSON.parse(text.slice(0, text.indexOf('\n'))).sha256);
    expect(body.uptimeSeconds).toBeGreaterThan(0);
  });

  it('GET /model_info gives the manifest, pipeline, threshold and streaming behaviour', async () => {
    const info = (await app.inject({ url: '/model_info' })).json();
    expect(info.formatVersion).toBe(3);
    expect(info.manifest.schema.metrics).toContain('cpu_pct');
    expect(info.manifest.trainingSummary.drift).toHaveLength(7);
    expect(info.pipeline.threshold).toBeTypeOf('number');
    expect(info.pipeline.detector).toEqual(expect.objectContaining({ type: 'iforest' }));
    expect(info.pipeline.detector.state).toBeUndefined();
    expect(info.streaming).toMatchObject({ exact: true, features: 'raw', detector: { kind: 'row-wise' } });
    expect(info.limits.maxBatchRows).toBe(100_000);
  });

  it('POST /predict answers score, alert and contributions, keeping state per entity', async () => {
    const [row] = rowObjects(demoTest, 0, 1);
    const res = await app.inject({ method: 'POST', url: '/predict', payload: row });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.score).toBeTypeOf('number');
    expect(body.alert).toBeTypeOf('boolean');
    expect(body.entity).toBe(row.instance);
    expect(body.contributions).toHaveLength(3);
    expect(body.contributions[0]).toEqual(
      expect.objectContaining({
        metric: expect.any(String),
        sigma: expect.any(Number),
        text: expect.stringMatching(/sigma (above|below) its usual/),
      }),
    );
    const health = (await app.inject({ url: '/health' })).json();
    expect(health.stream.entities).toBeGreaterThanOrEqual(1);
  });

  it('POST /batch_predict takes JSON rows or CSV, in input order, without touching the stream state', async () => {
    const before = (await app.inject({ url: '/health' })).json().stream.entities;
    const rows = rowObjects(demoTest, 0, 300).reverse();
    const json = (await app.inject({ method: 'POST', url: '/batch_predict', payload: { rows } })).json();
    const csv = (
      await app.inject({
        method: 'POST',
        url: '/batch_predict',
        payload: csvOf(rows),
        headers: { 'content-type': 'text/csv' },
      })
    ).json();
    expect(json.rows).toBe(300);
    expect(json.results).toHaveLength(300);
    expect(csv.results).toEqual(json.results);
    expect(json.resampled).toBe(false);
    expect((await app.inject({ url: '/health' })).json().stream.entities).toBe(before);
  });

  it('GET /metrics speaks Prometheus: requests, latency, rows, anomalies per entity, drift PSI per metric', async () => {
    const rows = rowObjects(demoTest, 0, 150);
    for (const row of rows) await app.inject({ method: 'POST', url: '/predict', payload: row });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const m = res.body;
    expect(m).toMatch(/awb_http_requests_total\{route="\/predict",method="POST",status="200"\} \d+/);
    expect(m).toMatch(/awb_http_request_duration_seconds_bucket\{le="0\.005",route="\/predict"\}/);
    expect(m).toMatch(/awb_rows_scored_total\{route="\/batch_predict"\} 600/);
    expect(m).toMatch(/awb_drift_psi\{metric="cpu_pct"\} [\d.e-]+/);
    expect(m).toMatch(/awb_drift_warning\{metric="cpu_pct"\} [01]/);
    expect(m).toMatch(/awb_stream_entities \d+/);
    expect(m).toMatch(/awb_model_info\{model_id="[0-9a-f]{64}",detector="iforest"\} 1/);
    expect(m).toContain('# TYPE awb_anomalies_total counter');
  });

  it('GET /docs serves Swagger UI, and /docs/json the OpenAPI document built from the route schemas', async () => {
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/model_info', '/predict', '/batch_predict', '/metrics']),
    );
    const predict = doc.paths['/predict'].post.requestBody.content['application/json'].schema;
    expect(predict.required).toEqual(['timestamp', 'instance', ...demoTest.schema.metrics]);
    expect(predict.additionalProperties).toBe(false);
    expect(Object.keys(doc.paths['/batch_predict'].post.requestBody.content)).toEqual([
      'application/json',
      'text/csv',
    ]);
  });

  it('answers an unknown route with a 404 that lists the routes', async () => {
    const res = await app.inject({ url: '/score' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/POST \/predict/);
  });

  it('scores the batch as scorePipeline does', async () => {
    const rows = rowObjects(demoTest);
    const json = (await app.inject({ method: 'POST', url: '/batch_predict', payload: { rows } })).json();
    const body = (await import('../../../src/engine/index')).readBundle(text);
    const { scores } = scorePipeline((await body).pipeline, demoTest);
    expect(json.results.map((r: { score: number }) => r.score)).toEqual(Array.from(scores));
  });

  it('serves a version 1 bundle (no training summary) without contributions or drift', async () => {
    const [header, body] = text.trim().split('\n');
    const b = JSON.parse(body) as { manifest: Record<string, unknown>; pipeline: unknown };
    delete b.manifest.trainingSummary;
    delete b.manifest.formatVersion;
    // Version 1 had no binary blocks either.
    b.pipeline = unpackArrays(b.pipeline, 'pipeline');
    const s = JSON.stringify(b);
    const h = { ...JSON.parse(header), formatVersion: 1, sha256: await sha256Hex(s) };
    const old = await serverFor(`${JSON.stringify(h)}\n${s}\n`);
    const [row] = rowObjects(demoTest, 0, 1);
    const res = (await old.inject({ method: 'POST', url: '/predict', payload: row })).json();
    expect(res.score).toBeTypeOf('number');
    expect(res.contributions).toEqual([]);
    const info = (await old.inject({ url: '/model_info' })).json();
    expect(info.formatVersion).toBe(1);
    expect(info.streaming.drift).toBeNull();
    expect((await old.inject({ url: '/metrics' })).body).not.toContain('awb_drift_psi{');
    await old.close();
  });

  it('GET /health answers 503 when the reference rows stop reproducing', async () => {
    const model = await loadModel(text, 'm.awb');
    const failing = await buildServer(model, { logger: false, defaultMetrics: false });
    model.body.reference.scores[0] += 0.01;
    const res = await failing.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'failing', ok: false });
    expect(res.json().reference.maxAbsDiff).toBeCloseTo(0.01, 9);
    expect((await failing.inject({ url: '/metrics' })).body).toContain('awb_reference_ok 0');
    await failing.close();
  });
});
