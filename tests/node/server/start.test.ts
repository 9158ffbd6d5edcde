/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit parsed bundle JSON at any depth */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, sha256Hex } from '../../../src/engine/index';
import { loadModel, loadModelFile } from '../../../src/node/server/model';
import { startServer } from '../../../src/node/server/start';
import { demoBundle, demoTest, rowObjects } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'awb-serve-'));

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/serve.mjs', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Bundle text with its body changed and the header's hash recomputed, so only the content check can catch it. */
async function rehashed(text: string, change: (body: Record<string, any>) => void): Promise<string> {
  const [header, body] = text.trim().split('\n');
  const parsed = JSON.parse(body) as Record<string, any>;
  change(parsed);
  const b = JSON.stringify(parsed);
  const h = JSON.parse(header) as Record<string, unknown>;
  h.sha256 = await sha256Hex(b);
  return `${JSON.stringify(h)}\n${b}\n`;
}

describe('starting the server', () => {
  it('listens on a real port and answers over HTTP', async () => {
    const path = join(dir, 'ok.awb');
    writeFileSync(path, await demoBundle());
    const { app, url } = await startServer(path, { port: 0, logger: false, defaultMetrics: false });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      const [row] = rowObjects(demoTest, 0, 1);
      const res = await fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(row),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).score).toBeTypeOf('number');
    } finally {
      await app.close();
    }
  });

  it('refuses a tampered bundle and one whose reference rows do not reproduce', async () => {
    const text = await demoBundle();
    const nl = text.indexOf('\n');
    const tampered = text.slice(0, nl + 1) + text.slice(nl + 1).replace('"threshold":', '"threshold":1e-3+');
    await expect(loadModel(tampered, 't.awb')).rejects.toThrow(/^t\.awb: content hash mismatch/);
    const wrongScores = await rehashed(text, (b) => (b.reference.scores[3] += 1e-6));
    await expect(loadModel(wrongScores, 'r.awb')).rejects.toThrow(BundleError);
    await expect(loadModel(wrongScores, 'r.awb')).rejects.toThrow(/reference rows do not reproduce/);
    const noSummary = await rehashed(text, (b) => delete b.manifest.trainingSummary);
    await expect(loadModel(noSummary, 's.awb')).rejects.toThrow(/missing 'manifest\.trainingSummary'/);
  });

  it('npm run serve exits non-zero with the BundleError message for a bad bundle', async () => {
    const text = await demoBundle();
    const path = join(dir, 'tampered.awb');
    writeFileSync(path, text.replace('"iforest"', '"iforesu"'));
    const tampered = await run([path, '--port', '0']);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^error: tampered\.awb: content hash mismatch/);
    await expect(loadModelFile(join(dir, 'missing.awb'))).rejects.toThrow(
      'missing.awb: cannot read file (ENOENT)',
    );
    const usage = await run([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/one BUNDLE file is required/);
  });
});
