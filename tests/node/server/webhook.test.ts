import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

let hook: Server;
let url: string;
const received: { text: string }[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body) as { text: string });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => hook.close(() => r())));

/** A bundle whose threshold sits at the median training score, so alerts come and go. */
const flappy = () => demoBundle((f) => ({ ...f, threshold: 0.45, thresholdRule: { kind: 'manual' } }));

describe('alert webhook', () => {
  it('posts one Slack-compatible message per incident of an entity, not per alerting row', async () => {
    received.length = 0;
    const app = await serverFor(await flappy(), { webhook: url });
    const entity = String(demoTest.table.array('instance')[0]);
    const rows = rowObjects(demoTest)
      .filter((r) => r.instance === entity)
      .slice(0, 200);
    let alerting = 0;
    let incidents = 0;
    for (const row of rows) {
      const r = (await app.inject({ method: 'POST', url: '/predict', payload: row })).json();
      if (r.alert) alerting++;
      if (r.incidentStart) incidents++;
    }
    await app.close();
    expect(incidents).toBeGreaterThan(1);
    expect(alerting).toBeGreaterThan(incidents);
    expect(received).toHaveLength(incidents);
    expect(received[0].text).toMatch(
      new RegExp(
        `^Anomaly on \\*${entity}\\* at \\d{4}-\\d\\d-\\d\\dT.*: score [\\d.]+ \\(threshold 0\\.4500\\)\\.`,
      ),
    );
    expect(received[0].text).toMatch(/sigma (above|below) its usual/);
  });

  it('rate-limits messages and says how many were held back', async () => {
    received.length = 0;
    let clock = 1000;
    const app = await serverFor(await flappy(), { webhook: { url, maxPerMinute: 2, now: () => clock } });
    const rows = rowObjects(demoTest);
    let incidents = 0;
    let k = 0;
    for (; k < 600; k++) {
      if ((await app.inject({ method: 'POST', url: '/predict', payload: rows[k] })).json().incidentStart)
        incidents++;
    }
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(incidents).toBeGreaterThan(3);
    expect(metrics).toContain(`awb_webhook_messages_total{outcome="suppressed"} ${incidents - 2}`);
    clock += 61_000;
    for (; received.length < 3 && k < rows.length; k++) {
      await app.inject({ method: 'POST', url: '/predict', payload: rows[k] });
      await app.inject({ url: '/health' });
    }
    await app.close();
    expect(received).toHaveLength(3);
    expect(received[2].text).toContain(
      `(${incidents - 2} more incidents not sent: rate limit of 2 messages per minute)`,
    );
  });

  it('a failing webhook is counted and logged, and scoring goes on', async () => {
    const outcomes: string[] = [];
    const app = await serverFor(await flappy(), {
      webhook: { url: 'http://127.0.0.1:9/nothing', timeoutMs: 500, onOutcome: (o) => outcomes.push(o) },
    });
    for (const row of rowObjects(demoTest).slice(0, 200)) {
      expect((await app.inject({ method: 'POST', url: '/predict', payload: row })).statusCode).toBe(200);
    }
    await app.close();
    // Closing waits for the messages under way.
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(['failed']));
  });
});
