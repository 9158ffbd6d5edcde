import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvOf, demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

let app: FastifyInstance;
const [row] = rowObjects(demoTest, 0, 1);
const later = rowObjects(demoTest, 5, 6)[0];

beforeAll(async () => {
  app = await serverFor(await demoBundle(), {
    maxBatchRows: 50,
    predictBodyLimit: 2048,
    batchBodyLimit: 64 * 1024,
  });
});
afterAll(async () => app.close());

async function post(url: string, payload: unknown, type = 'application/json') {
  const res = await app.inject({
    method: 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': type },
  });
  return { status: res.statusCode, message: (res.json() as { message?: string }).message ?? '' };
}

const without = (r: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));

describe('request validation', () => {
  it('a row missing a metric is a 400 naming the field, not imputed', async () => {
    expect(await post('/predict', without(row, 'mem_pct'))).toEqual({
      status: 400,
      message: expect.stringMatching(/^body: missing field 'mem_pct'/),
    });
    const rows = rowObjects(demoTest, 0, 3);
    rows[2] = without(rows[2], 'latency_ms');
    expect(await post('/batch_predict', { rows })).toEqual({
      status: 400,
      message: expect.stringMatching(/^body\.rows\[2\]: missing field 'latency_ms'/),
    });
    expect((await post('/predict', without(row, 'instance'))).message).toMatch(/missing field 'instance'/);
    expect((await post('/predict', without(row, 'timestamp'))).message).toMatch(/missing field 'timestamp'/);
  });

  it('an unknown field is a 400 naming it', async () => {
    expect(await post('/predict', { ...row, label: 0 })).toEqual({
      status: 400,
      message: "body: unknown field 'label'",
    });
    expect((await post('/batch_predict', { rows: [{ ...row, cpu: 1 }] })).message).toMatch(
      /^body\.rows\[0\]: unknown field 'cpu'/,
    );
    expect((await post('/batch_predict', { rows: [row], extra: true })).message).toBe(
      "body: unknown field 'extra'",
    );
  });

  it('a wrong type is a 400 naming the field and what came', async () => {
    expect(await post('/predict', { ...row, cpu_pct: '12' })).toEqual({
      status: 400,
      message: 'body.cpu_pct: must be number or null, got the string "12"',
    });
    expect((await post('/predict', { ...row, instance: true })).message).toBe(
      'body.instance: must be string or number, got boolean true',
    );
    expect((await post('/predict', { ...row, timestamp: 'not a time' })).message).toMatch(
      /^body\.timestamp: "not a time" is not a time/,
    );
    expect((await post('/predict', [row])).message).toBe('body: must be object, got an array');
    expect((await post('/batch_predict', { rows: row })).message).toBe(
      'body.rows: must be array, got an object',
    );
    expect((await post('/batch_predict', { rows: [{ ...row, timestamp: 'x' }] })).message).toMatch(
      /^body\.rows\[0\]\.timestamp: "x" is not a time/,
    );
  });

  it('too many rows is a 413 naming the limit, for JSON and CSV', async () => {
    const rows = rowObjects(demoTest, 0, 51);
    expect(await post('/batch_predict', { rows })).toEqual({
      status: 413,
      message: 'body.rows: 51 rows is more than the limit of 50 per request; split the batch',
    });
    expect(await post('/batch_predict', csvOf(rows), 'text/csv')).toEqual({
      status: 413,
      message: 'body: the CSV has 51 rows, more than the limit of 50 per request; split the batch',
    });
    expect((await post('/batch_predict', { rows: [] })).message).toBe('body.rows: must hold at least 1 row');
  });

  it('a body over the limit is a 413', async () => {
    const big = { ...row, pad: 'x'.repeat(4000) };
    expect(await post('/predict', big)).toEqual({
      status: 413,
      message: 'request body is larger than the limit of 2048 bytes for POST /predict',
    });
    const huge = csvOf(rowObjects(demoTest, 0, 40)).repeat(30);
    expect((await post('/batch_predict', huge, 'text/csv')).status).toBe(413);
  });

  it('bad JSON, an empty body, a wrong content type and a bad CSV are 4xx with the problem', async () => {
    expect(await post('/predict', '{"cpu_pct": 1,')).toEqual({
      status: 400,
      message: expect.stringMatching(/^body is not valid JSON/),
    });
    expect((await post('/predict', '')).status).toBe(400);
    expect(await post('/predict', 'a,b\n1,2\n', 'text/csv')).toEqual({
      status: 415,
      message: 'unsupported content type "text/csv": send application/json',
    });
    expect((await post('/batch_predict', 'hello', 'text/plain')).status).toBe(415);
    const csv = 'timestamp,instance,cpu_pct\n2024-01-01T00:00:00Z,a,1\n';
    expect(await post('/batch_predict', csv, 'text/csv')).toEqual({
      status: 400,
      message: expect.stringMatching(
        /^batch\.csv, column 'mem_pct': the metric column 'mem_pct' is not in the file/,
      ),
    });
    const badTime = csvOf([row]).replace(String(row.timestamp), 'soon');
    expect((await post('/batch_predict', badTime, 'text/csv')).message).toMatch(
      /^batch\.csv, line 2, column 'timestamp'/,
    );
  });

  it('a row older than its entity is a 409; the process keeps serving after every error', async () => {
    expect((await post('/predict', later)).status).toBe(200);
    expect(await post('/predict', row)).toEqual({
      status: 409,
      message: expect.stringMatching(/is before its last row/),
    });
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});
