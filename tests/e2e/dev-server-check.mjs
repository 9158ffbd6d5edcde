// The Vite dev server (`npm start`) under the app's Content-Security-Policy: the page it serves carries
// the policy and no inline script, and the app runs there (its engine worker answers) with no violation.
// Loading the unbundled app takes half a minute here, so the check starts in the background and the
// walk's other steps run meanwhile; run.mjs awaits its result later.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { trap } from './hostile-steps.mjs';

const policyOf = (html) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

/** Starts the dev server on `port` and a page on it; `result()` resolves to a failure message or null. */
export function startDevCheck({ ctx, port }) {
  const server = spawn(
    './node_modules/.bin/vite',
    ['--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  const run = async () => {
    let html = null;
    for (let i = 0; i < 150 && html === null; i++) {
      html = await fetch(url)
        .then((r) => (r.ok ? r.text() : null))
        .catch(() => null);
      if (html === null) await new Promise((r) => setTimeout(r, 200));
    }
    if (html === null) return 'the dev server did not start';
    const policy = policyOf(html);
    if (!policy || policy !== policyOf(readFileSync('index.html', 'utf8')))
      return `the dev server's page has another policy: ${policy}`;
    const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !/\ssrc=/.test(m[1]));
    if (inline.length) return `the dev server's page has inline script: ${inline.map((m) => m[0]).join(' ')}`;
    const page = await ctx.newPage();
    try {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      const traps = await trap(page);
      // A fresh clone's first load waits for Vite to pre-bundle the dependencies (minutes on a busy CI).
      await page.goto(url, { timeout: 240000, waitUntil: 'domcontentloaded' });
      await page.waitForSelector('[data-testid="dataset-badge"]:has-text("demo")', { timeout: 240000 });
      const problems = [];
      await traps.check('vite dev', (ok, message) => ok || problems.push(message));
      return [...problems, ...errors].join('; ') || null;
    } finally {
      await page.close();
    }
  };
  const outcome = run().catch((e) => e.message.split('\n')[0]);
  return {
    result: () => outcome,
    stop: () => server.kill(),
  };
}
