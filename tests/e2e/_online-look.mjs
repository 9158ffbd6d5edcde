import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, startPreview } from './harness.mjs';
const server = await startPreview(4311, 90000);
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'look-')), { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
const page = ctx.pages()[0];
page.setDefaultTimeout(900000);
const errs = [];
page.on('pageerror', (e) => errs.push(e.message));
try {
  await page.goto('http://127.0.0.1:4311/');
  await page.waitForSelector('[data-testid="dataset-badge"]:has-text("demo")');
  await page.locator('nav a[data-phase="modeling"]').click();
  for (const box of await page.locator('input[data-detector]').all()) {
    const want = (await box.getAttribute('data-detector')) === 'online';
    if ((await box.isChecked()) !== want) await box.click();
  }
  const t0 = Date.now();
  await page.click('[data-testid="train-selected"]');
  await page.waitForSelector('[data-testid="leaderboard"] tr[data-run="online"]');
  console.log('trained in', (Date.now() - t0) / 1000, 's');
  await page.screenshot({ path: '/tmp/online-modeling.png', fullPage: false });
  await page.locator('nav a[data-phase="evaluation"]').click();
  await page.waitForSelector('[data-cell="evaluate"][data-status="done"]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/online-eval.png', fullPage: false });
  await page.locator('nav a[data-phase="deployment"]').click();
  await page.locator('[data-cell="export"] button:has-text("Export bundle")').click();
  await page.waitForSelector('[data-testid="cli-command"]');
  await page.selectOption('select[aria-label="Stream speed"]', '5000');
  await page.locator('[data-cell="stream"] button:has-text("Start")').click();
  await page.waitForSelector('[data-testid="stream-series"] svg');
  await page.waitForTimeout(8000);
  await page.locator('[data-cell="stream"]').screenshot({ path: '/tmp/online-stream.png' });
} catch (e) { console.log('ERR', e.message); await page.screenshot({ path: '/tmp/online-fail.png' }); }
console.log('page errors', errs);
await ctx.close(); server.kill();
