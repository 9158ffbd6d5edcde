import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
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

/** Polls /metrics until at least `n` requests besides the poll itself are in flight. */
async function waitForInFlight(url: string, n: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const m = /^awb_http_requests_in_flight (\d+)/m.exec(text);
    if (m && Number(m[1]) - 1 >= n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${n} requests in flight after 60 s`);
}

/**
 * Sends the first `sent` bytes of a request at once and the rest when `finish` is called, which
 * resolves with everything the server answered.
 */
function heldRequest(port: number, bytes: Buffer, sent: number): { finish: () => Promise<string> } {
  const socket = connect({ port, host: '127.0.0.1' });
  const chunks: Buffer[] = [];
  const answer = new Promise<string>((resolve, reject) => {
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
  socket.write(bytes.subarray(0, sent));
  return {
    finish: () => {
      socket.write(bytes.subarray(sent));
      return answer;
    },
  };
}

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, answers the request in flight, then exits 0', async () => {
    const csv = csvOf(rowObjects(generateClusterMetrics({ days: 10, instances: 3, seed: 5 })));
    const rows = csv.trim().split('\n').length - 1;
    const request = httpRequest('POST', '/batch_predict', [['content-type', 'text/csv']], csv);
    // A request whose head and half its body reached the server before the signal: in flight.
    const held = heldRequest(server.port, request, Math.floor(request.length / 2));
    await waitForInFlight(server.url, 1);
    server.child.kill('SIGTERM');
    await server.waitForLog(/shutting down/);
    // New connections: refused as soon as the listener is closed (one that reached the listener just
    // before may be reset or answered 503, never served).
    let late = await sendRaw(server.port, httpRequest('GET', '/health', []), { timeoutMs: 5000 });
    for (let i = 0; i < 100 && late.error !== 'ECONNREFUSED'; i++) {
      expect([null, 503]).toContain(late.status);
      await new Promise((r) => setTimeout(r, 50));
      late = await sendRaw(server.port, httpRequest('GET', '/health', []), { timeoutMs: 5000 });
    }
    expect(late.status).toBeNull();
    expect(late.error).toBe('ECONNREFUSED');
    expect(server.exited()).toBeNull();
    // The rest of the body, sent after the listener closed: the request is scored and answered.
    const answer = await held.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { results: unknown[] };
    expect(body.results).toHaveLength(rows);
    expect(await server.stop(null)).toBe(0);
    expect(server.errorLogs).toEqual([]);
  });
});
