import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClusterMetrics } from '../../../src/engine/index';
import { sendRaw } from '../../fuzz/raw-http';
import { httpRequest } from '../../fuzz/server-requests';
import { startServeChild, type ServerChild } from '../../fuzz/server';
import { csvOf, demoBundle, rowObjects } from './fixtures';

let server: ServerChild;
beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'awb-shutdown-')), 'demo.awb');
  writeFileSync(path, await demoBundle());
  server = await startServeChild(path, ['--log-level', 'info']);
});
afterAll(async () => {
  await server.stop('SIGKILL');
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, answers every request in flight, then exits 0', async () => {
    // Large batches that keep the server busy for a while, all sent before the signal.
    const big = csvOf(rowObjects(generateClusterMetrics({ days: 40, instances: 3, seed: 5 })));
    const rows = big.trim().split('\n').length - 1;
    const answered: number[] = [];
    const inFlight = Array.from({ length: 4 }, () =>
      fetch(`${server.url}/batch_predict`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: big,
      }).then(async (res) => {
        const out = {
          status: res.status,
          results: ((await res.json()) as { results?: unknown[] }).results?.length,
        };
        answered.push(performance.now());
        return out;
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await server.waitForLog(/shutting down/);
    const shutdownAt = performance.now();
    // A new connection once the server is shutting down: refused.
    const late = await sendRaw(server.port, httpRequest('GET', '/health', []), { timeoutMs: 5000 });
    expect(late.status).toBeNull();
    expect(late.error).toBe('ECONNREFUSED');
    expect(await Promise.all(inFlight)).toEqual(
      Array.from({ length: 4 }, () => ({ status: 200, results: rows })),
    );
    // At least one batch was still being scored when the shutdown began, and it was answered.
    expect(Math.max(...answered)).toBeGreaterThan(shutdownAt);
    expect(await server.stop(null)).toBe(0);
    expect(server.errorLogs).toEqual([]);
  });
});
