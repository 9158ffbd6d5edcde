import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, startPreview } from './harness.mjs';
const server = await startPreview(4191);
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'awb-online-')), { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, viewport: { width: 1440, height: 1000 } });
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:4191/');
await page.locator('nav a[data-phase="modeling"]').click();
await page.waitForSelector('input[data-detector]', { timeout: 120000 });
for (const box of await page.locator('input[data-detector]').all()) {
  const want = (await box.getAttribute('data-detector')) === 'online';
  if ((await box.isChecked()) !== want) await box.click();
}
const t0 = Date.now();
await page.click('[data-testid="train-selected"]');
await page.waitForTimeout(20000);
await page.screenshot({ path: 'artifacts/screenshots/tmp-online-running.png', fullPage: false });
for (let k = 0; k < 90; k++) {
  if (await page.locator('[data-testid="leaderboard"] tr[data-run="online"]').count()) break;
  const jobs = await page.locator('[data-testid="training-jobs"]').textContent().catch(() => 'no jobs table');
  console.log(((Date.now() - t0) / 1000).toFixed(0), 's', (jobs ?? '').replace(/\s+/g, ' ').slice(0, 200));
  await page.waitForTimeout(10000);
}
console.log('trained in', ((Date.now() - t0) / 1000).toFixed(1), 's');
await page.screenshot({ path: 'artifacts/screenshots/tmp-online-done.png', fullPage: true });
await ctx.close();
server.kill?.();
process.exit(0);
