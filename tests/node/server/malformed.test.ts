import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/node/server/app';
import { loadModel } from '../../../src/node/server/model';
import { readSeedFiles } from '../../fuzz/csv-cases';
import { sendRaw } from '../../fuzz/raw-http';
import { httpRequest, serverCase } from '../../fuzz/server-requests';
import { demo, demoBundle, rowObjects } from './fixtures';

let app: FastifyInstance;
let port = 0;
const [row] = rowObjects(demo, 0, 1);
const model = {
  time: demo.schema.time,
  entity: demo.schema.entity,
  metrics: demo.schema.metrics,
  row,
};
const data = new URL('../../../data', import.meta.url).pathname;
const files = existsSync(data) ? readSeedFiles([data]) : [{ name: 'x.csv', text: 'a,b\n1,2\n' }];

beforeAll(async () => {
  app = await buildServer(await loadModel(await demoBundle(), 'demo.awb'), {
    logger: false,
    defaultMetrics: false,
    requestTimeoutMs: 400,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => app.close());

async function send(bytes: Buffer) {
  const res = await sendRaw(port, bytes, { timeoutMs: 10_000 });
  return { status: res.status, message: (JSON.parse(res.body || '{}') as { message?: string }).message };
}

describe('the server under malformed requests (reduced; `npm run fuzz:server` sends 10,000)', () => {
  it('answers 300 of them 4xx with a message, over a real socket, and stays healthy', async () => {
    const problems: string[] = [];
    const statuses = new Set<number>();
    for (let i = 0, sent = 0; sent < 300; i++) {
      const req = serverCase(20261122, i, model, files);
      if (req.bytes.length > 2_000_000) continue;
      sent++;
      const res = await sendRaw(port, req.bytes, {
        halfClose: req.halfClose,
        headFirst: req.headFirst,
        timeoutMs: 10_000,
      });
      if (res.status === null) {
        if (!req.halfClose) problems.push(`case ${i} ${req.name}: no answer`);
        continue;
      }
      statuses.add(res.status);
      let message: unknown;
      try {
        message = (JSON.parse(res.body) as { message?: unknown }).message;
      } catch {
        message = undefined;
      }
      const extremeOk = req.family === 'extreme' && res.status === 200;
      if (!extremeOk && (res.status < 400 || res.status >= 500 || typeof message !== 'string' || !message)) {
        problems.push(`case ${i} ${req.name}: ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...statuses].sort()).toEqual(expect.arrayContaining([400, 404, 408, 413, 415, 431]));
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('says what was wrong with a request the HTTP parser refuses, and counts it', async () => {
    expect(await send(httpRequest('BREW', '/predict', []))).toEqual({
      status: 400,
      message: 'not an HTTP method (use GET or POST)',
    });
    expect(
      await send(
        httpRequest(
          'POST',
          '/predict',
          [
            ['content-length', '3'],
            ['content-length', '4'],
          ],
          '{}',
        ),
      ),
    ).toEqual({ status: 400, message: 'Content-Length is given twice, or with Transfer-Encoding' });
    expect(await send(httpRequest('GET', '/health', [['cookie', 'x'.repeat(20_000)]]))).toEqual({
      status: 431,
      message: 'the request headers are larger than 16 KiB',
    });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/awb_http_client_errors_total\{code="HPE_INVALID_METHOD"\} [1-9]/);
  });

  it('answers 408 when a body never arrives in full, instead of holding the connection', async () => {
    const head = httpRequest('POST', '/predict', [
      ['content-type', 'application/json'],
      ['content-length', '500'],
    ]);
    const res = await sendRaw(port, Buffer.concat([head, Buffer.from('{"timestamp":')]), {
      timeoutMs: 10_000,
    });
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).message).toBe(
      'the request did not arrive in full within the request timeout',
    );
  });

  it('refuses prototype pollution and cuts a long unknown path in its message', async () => {
    const body = `{"__proto__":{"polluted":1},${JSON.stringify(row).slice(1)}`;
    const res = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'body.__proto__: this key is not allowed (it could change object prototypes)',
    );
    const broken = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: '{"timestamp": }',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.json().message).toMatch(/^body is not valid JSON \(Unexpected token/);
    const long = await app.inject({ url: `/${'a'.repeat(5000)}` });
    expect(long.statusCode).toBe(404);
    expect(long.json().message).toMatch(/^no route GET \/a{96}\.\.\.; the routes are/);
  });
});
