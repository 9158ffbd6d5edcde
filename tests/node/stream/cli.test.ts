/** `npm run stream` as a process: usage and input problems exit with a message that names them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry, Counter } from 'prom-client';
import { serveMetrics } from '../../../src/node/stream/metrics-http';
import { buildStreamBundle, spawnStream, streamFixture, type StreamFixture } from './fixtures';
import { startRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
let fixture: StreamFixture;
beforeAll(async () => {
  buildStreamBundle();
  [redis, fixture] = await Promise.all([startRedis(), streamFixture({ days: 0.2, instances: 2, seed: 71 })]);
});
afterAll(async () => redis?.stop());

async function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const p = spawnStream(args);
  const code = await p.exited;
  return { code, stderr: p.stderr() };
}

describe('npm run stream', () => {
  it('refuses bad usage and bad input, naming the flag or file; produces a CSV', async () => {
    expect((await run([])).code).toBe(2);
    const url = await run([fixture.bundlePath, '--redis', 'localhost:6379', '--batch', '10']);
    expect(url.stderr).toMatch(/--redis: 'localhost:6379' is not a Redis URL/);
    const broken = join(fixture.dir, 'broken.awb');
    writeFileSync(broken, 'not a bundle\n');
    const bad = await run([broken, '--redis', redis.url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: broken\.awb: /m);
    const produced = await run(['produce', fixture.csvPath, '--redis', redis.url, '--partitions', '3']);
    expect(produced.code).toBe(0);
    expect(produced.stderr).toMatch(/produced 114 rows \(0 already there\) of rows to 3 partitions/);
  });

  it('serves /metrics as Prometheus text, and nothing else', async () => {
    const registry = new Registry();
    new Counter({ name: 'awb_test_total', help: 'a test counter', registers: [registry] }).inc(3);
    const server = await serveMetrics(registry, 0);
    try {
      const ok = await fetch(server.url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await ok.text()).toMatch(/^awb_test_total 3$/m);
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
