// Renders an exported report (HTML) to PDF with Chromium's print engine, as the browser's Print → PDF does
// (A4, the report's print stylesheet), then each page to PNG with pdftoppm for a look at the pages.
// Usage: npm run report:pdf [-- report.html] [--out DIR]
//   default input: artifacts/report/report.html (the end-to-end test exports it there); output in
//   artifacts/report/: report.pdf and page-1.png, page-2.png, ...
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = resolve(outAt >= 0 ? args[outAt + 1] : 'artifacts/report');
const input = resolve(
  args.find((a, i) => !a.startsWith('--') && i !== outAt + 1) ?? 'artifacts/report/report.html',
);
if (!existsSync(input)) {
  console.error(
    `report:pdf: ${input} does not exist. Export a report from the workbench (top bar: Export report) and pass ` +
      'its path, or run the end-to-end test, which writes artifacts/report/report.html.',
  );
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const pdf = join(outDir, 'report.pdf');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage();
  // Offline, as a reader opening the file: any request other than the file itself is refused and reported.
  const fetched = [];
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:')
      ? route.continue()
      : (fetched.push(route.request().url()), route.abort()),
  );
  await page.goto(pathToFileURL(input).href);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  if (fetched.length) console.error(`report:pdf: the report tried to fetch ${fetched.join(', ')}`);
} finally {
  await browser.close();
}
for (const f of readdirSync(outDir)) if (/^page-\d+\.png$/.test(f)) rmSync(join(outDir, f));
execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(outDir, 'page')]);
// pdftoppm pads page numbers to the page count's width (page-01.png); name them page-1.png, ... instead.
const pages = readdirSync(outDir).filter((f) => /^page-\d+\.png$/.test(f));
for (const f of pages) {
  const n = Number(/(\d+)/.exec(f)[1]);
  const to = `page-${n}.png`;
  if (f !== to) renameSync(join(outDir, f), join(outDir, to));
}
console.log(`report:pdf: ${pdf} (${pages.length} pages) and ${pages.length} PNG pages in ${outDir}`);
