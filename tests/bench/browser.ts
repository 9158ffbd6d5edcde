/**
 * Loading and profiling a large CSV in the browser: the longest main-thread task (PerformanceObserver
 * 'longtask'), time until every Data Understanding cell is done, progress seen while parsing, and the
 * tab's JS heap. Run: `npm run bench -- browser [days]` (default 434 days x 8 instances = 999,936 rows).
 * Builds the site when dist/ is missing; needs Debian's chromium at /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, startPreview } from '../e2e/harness.mjs';
import { machineInfo } from './machine';

const days = Number(process.argv[2] ?? 434);
const PORT = 4175;
mkdirSync('artifacts/bench', { recursive: true });
const file = `artifacts/bench/eda-${days}d.csv`;
if (!existsSync(file)) {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/node/cli.ts', 'generate', '--out', file, '--days', String(days)],
    {
      stdio: 'inherit',
    },
  );
}
if (!existsSync('dist/index.html'))
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });

const server = await startPreview(PORT);
const profile = mkdtempSync(join(tmpdir(), 'awb-bench-'));
const CELLS = [
  'data',
  'quality',
  'stats',
  'distributions',
  'boxes',
  'series',
  'patterns',
  'correlation',
  'scatter',
  'acf',
];
try {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info'],
    viewport: { width: 1440, height: 1000 },
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[]; __longAt: number[] };
    w.__long = [];
    w.__longAt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__long.push(e.duration);
        w.__longAt.push(e.startTime);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`http://127.0.0.1:${PORT}/#/data`);
  for (const id of CELLS) await page.waitForSelector(`[data-cell="${id}"][data-status="done"]`);
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __longAt: number[] };
    w.__long = [];
    w.__longAt = [];
  });
  const p0 = await page.evaluate(() => performance.now());

  const t0 = Date.now();
  await page.setInputFiles('[data-testid="csv-upload"]', file);
  let maxProgress = 0;
  const name = file.split('/').pop()!.replace('.csv', '');
  while (!(await page.locator(`[data-testid="dataset-badge"]:has-text("${name}")`).count())) {
    const text = (await page.locator('[data-cell="data"] .status').textContent()) ?? '';
    const m = /(\d+)%/.exec(text);
    if (m) maxProgress = Math.max(maxProgress, Number(m[1]));
    await new Promise((r) => setTimeout(r, 100));
  }
  const loaded = (Date.now() - t0) / 1000;
  for (const id of CELLS) await page.waitForSelector(`[data-cell="${id}"][data-status="done"]`);
  const allDone = (Date.now() - t0) / 1000;
  const { long, at, heap } = await page.evaluate(() => ({
    long: (window as unknown as { __long: number[] }).__long,
    at: (window as unknown as { __longAt: number[] }).__longAt,
    heap: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN,
  }));
  await ctx.close();
  const result = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    file,
    bytes: statSync(file).size,
    secondsToLoaded: loaded,
    secondsToAllCellsDone: allDone,
    longTaskCount: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
    longTasks: long.map((d, i) => ({ startS: (at[i] - p0) / 1000, durationMs: d })),
    maxProgressSeenPct: maxProgress,
    mainThreadHeapMB: heap / 1e6,
  };
  console.table([
    { measure: 'file', value: `${file} (${(result.bytes / 1e6).toFixed(0)} MB)` },
    { measure: 'upload to dataset loaded (s)', value: loaded.toFixed(1) },
    { measure: 'upload to every Data Understanding cell done (s)', value: allDone.toFixed(1) },
    { measure: 'long tasks on the main thread', value: result.longTaskCount },
    { measure: 'longest main-thread task (ms)', value: result.longestTaskMs.toFixed(0) },
    { measure: 'highest parse progress seen (%)', value: maxProgress },
    { measure: 'main-thread JS heap (MB)', value: result.mainThreadHeapMB.toFixed(0) },
  ]);
  writeFileSync('artifacts/bench/browser.json', JSON.stringify(result, null, 2));
  console.log('wrote artifacts/bench/browser.json');
} finally {
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
