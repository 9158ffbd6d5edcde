/**
 * LSTM autoencoder epoch time in headless Chromium, on the backends a browser worker can use: WebGL
 * (here drawn in software by SwiftShader: there is no GPU, so the figure only shows that it runs) and
 * WASM, each with the fused kernel and with TensorFlow.js layers, on the reference shape of
 * tests/bench/lstm.ts. Also records what the workbench's backend rule (src/worker/lstm-backends.ts)
 * sees of this browser's WebGL. Serves tests/bench/_lstm-browser.html from a Vite dev server.
 * Run: `npm run bench -- lstm-browser`. Writes artifacts/bench/lstm-browser.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../e2e/harness.mjs';
import { machineInfo } from './machine';

interface BrowserRun {
  backend: string;
  kernel: string;
  secondsPerEpoch?: number;
  epochs?: number[];
  error?: string;
}

const PORT = 5181;
const server = await createServer({ server: { port: PORT, strictPort: true }, logLevel: 'warn' });
await server.listen();
const profile = mkdtempSync(join(tmpdir(), 'awb-lstm-bench-'));
try {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    // Without a GPU, Chromium draws WebGL only through SwiftShader, which it must be allowed to use.
    args: [...CHROMIUM_FLAGS, '--enable-unsafe-swiftshader'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('console', (m) => console.log(`  [page] ${m.text()}`));
  await page.goto(`http://localhost:${PORT}/tests/bench/_lstm-browser.html`);
  const handle = await page.waitForFunction(
    () => (window as unknown as { __lstmBench?: unknown }).__lstmBench,
    null,
    {
      timeout: 900_000,
      polling: 1000,
    },
  );
  const got = (await handle.jsonValue()) as {
    webgl?: { kind: string; renderer: string };
    runs?: BrowserRun[];
    userAgent?: string;
    error?: string;
  };
  await ctx.close();
  if (got.error) throw new Error(got.error);
  const result = {
    benchmark: 'lstm-browser',
    date: new Date().toISOString(),
    machine: machineInfo(),
    ...got,
  };
  mkdirSync('artifacts/bench', { recursive: true });
  writeFileSync('artifacts/bench/lstm-browser.json', JSON.stringify(result, null, 2) + '\n');
  console.log(`WebGL here: ${got.webgl?.kind} (${got.webgl?.renderer}); ${got.userAgent}`);
  console.log('backend  kernel   s / epoch');
  for (const r of got.runs ?? []) {
    console.log(
      `${r.backend.padEnd(8)} ${r.kernel.padEnd(8)} ${r.error ? `failed: ${r.error}` : (r.secondsPerEpoch ?? NaN).toFixed(2)}`,
    );
  }
  console.log('wrote artifacts/bench/lstm-browser.json');
} finally {
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
