// End-to-end steps of the browser's reliability: a worker killed mid-task, a reload mid-training, two
// tabs on one project, a browser that refuses to store anything, and the Content-Security-Policy.
// run.mjs calls them after its walk, with its page (a dataset and a few trained runs loaded).
import { readFileSync } from 'node:fs';

/** Runs in the page: the saved project's name and revision in IndexedDB (null when there is none). */
function savedInPage() {
  return new Promise((done) => {
    const open = indexedDB.open('anomaly-workbench');
    open.onerror = () => done(null);
    open.onsuccess = () => {
      const get = open.result.transaction('projects').objectStore('projects').get('current');
      get.onerror = () => done(null);
      get.onsuccess = () => {
        open.result.close();
        done(get.result ? { name: get.result.settings.name, revision: get.result.revision ?? 0 } : null);
      };
    };
  });
}

/** Waits until IndexedDB holds the project under this name (the autosave is debounced). */
async function waitSaved(page, name, expect) {
  let saved = null;
  for (let t = Date.now(); saved?.name !== name && Date.now() - t < 20000;) {
    await page.waitForTimeout(200);
    saved = await page.evaluate(savedInPage);
  }
  expect(saved?.name === name, `IndexedDB holds ${JSON.stringify(saved)}, not "${name}"`);
  return saved;
}

/** Waits until a page has restored its project (the top bar's Present turns on then). */
const ready = (page) => page.waitForSelector('header button:has-text("Present"):not([disabled])');

/** @param {object} t - the walk's page, context, helpers and the site's address. */
export async function reliabilitySteps({ page, ctx, step, expect, phase, waitCell, tickDetectors, base }) {
  const leaderboardRows = () => page.locator('[data-testid="leaderboard"] tbody tr[data-run]').count();
  const runButton = (cell) => page.locator(`[data-cell="${cell}"] header button:not(.collapse)`);

  await step('a worker killed mid-task: its cell shows the error and a Retry that works', async () => {
    await phase('prep').click();
    await waitCell('prep-features', 'done');
    // The engine worker dies right after it is asked to prepare (a test hook of e2e builds).
    await page.evaluate(() => window.__awbTest.crashOnNextCall('engine worker', 'prepare'));
    await runButton('prep-features').click();
    await waitCell('prep-features', 'error');
    const error = await page.textContent('[data-cell="prep-features"] .error');
    expect(/engine worker stopped unexpectedly/.test(error), `error shown: ${error}`);
    // The rest of the page works: a fresh worker has the data back.
    await phase('data').click();
    await runButton('quality').click();
    await waitCell('quality', 'done');
    await phase('prep').click();
    await runButton('prep-features').filter({ hasText: 'Retry' }).click();
    for (const id of ['prep-cleaning', 'prep-features', 'prep-selection', 'prep-split'])
      await waitCell(id, 'done');
    // A trainer worker dies mid-fit: its job fails with the reason and trains again on Retry.
    await phase('modeling').click();
    const before = await leaderboardRows();
    await tickDetectors(['robust-z']);
    await page.evaluate(() => window.__awbTest.crashOnNextCall('trainer worker', 'fit'));
    await page.click('[data-testid="train-selected"]');
    const job = page.locator('tr[data-job="robust-z"][data-status="error"]');
    await job.waitFor({ timeout: 30000 });
    const failed = await job.textContent();
    expect(/trainer worker stopped unexpectedly/.test(failed), `job row: ${failed}`);
    await job.locator('button:has-text("Retry")').click();
    await page.waitForSelector('[data-testid="training-jobs"]', { state: 'detached', timeout: 60000 });
    expect((await leaderboardRows()) === before + 1, 'the retried run is not on the leaderboard');
  });

  await step('a reload mid-training brings the project back as of its last completed step', async () => {
    await page.fill('input[aria-label="Project name"]', 'saved before the reload');
    await waitSaved(page, 'saved before the reload', expect);
    const runs = await leaderboardRows();
    await tickDetectors(['iforest', 'kmeans']);
    // The page reloads itself the moment a job is handed to the trainer workers, so the reload always
    // lands mid-training however quick the fit.
    await page.evaluate(() => {
      const watch = new MutationObserver(() => {
        const job = 'tr[data-job][data-status="running"], tr[data-job][data-status="queued"]';
        if (!document.querySelector(job)) return;
        watch.disconnect();
        location.reload();
      });
      watch.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const reloaded = page.waitForEvent('load');
    await page.click('[data-testid="train-selected"]');
    await reloaded;
    await ready(page);
    await phase('modeling').click();
    await waitCell('train', 'done');
    expect(
      (await page.inputValue('input[aria-label="Project name"]')) === 'saved before the reload',
      'a saved change was lost over the reload',
    );
    expect((await leaderboardRows()) === runs, 'the leaderboard changed over the reload');
    expect((await page.locator('[data-testid="training-jobs"]').count()) === 0, 'a training came back');
  });

  await step('a second tab on the same project: the last save wins and the other tab is told', async () => {
    const runs = await leaderboardRows();
    const other = await ctx.newPage();
    try {
      await other.goto(base);
      await ready(other);
      await other.fill('input[aria-label="Project name"]', 'from the second tab');
      await page.waitForSelector('[data-testid="other-tab-notice"]');
      const notice = await page.textContent('[data-testid="other-tab-notice"]');
      expect(/saved from another tab/.test(notice), `notice: ${notice}`);
      // This tab saves anyway: it wins, and now the second tab is told.
      await page.fill('input[aria-label="Project name"]', 'from the first tab');
      await other.waitForSelector('[data-testid="other-tab-notice"]');
      const saved = await waitSaved(page, 'from the first tab', expect);
      expect(saved.revision >= 3, `revision ${saved.revision}`);
    } finally {
      await other.close();
    }
    await page.reload();
    await ready(page);
    await waitCell('train', 'done');
    expect(
      (await page.inputValue('input[aria-label="Project name"]')) === 'from the first tab',
      'the last save did not win',
    );
    expect((await leaderboardRows()) === runs, 'runs lost between the tabs');
  });

  await step(
    'storage refused (private mode, full quota): the user is told, Export project works',
    async () => {
      const refused = await ctx.newPage();
      try {
        await refused.addInitScript(() => {
          IDBFactory.prototype.open = () => {
            throw new DOMException('IndexedDB is disabled (private browsing)', 'InvalidStateError');
          };
        });
        await refused.goto(base);
        await ready(refused);
        const notice = await refused.textContent('[data-testid="storage-notice"]');
        expect(/not saving your work .*private browsing/.test(notice), `notice: ${notice}`);
        await refused.fill('input[aria-label="Project name"]', 'kept in memory');
        const download = refused.waitForEvent('download');
        await refused.locator('header button:has-text("Export project")').click();
        const file = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
        expect(
          file.format === 'anomaly-workbench-project' && file.settings.name === 'kept in memory',
          `exported: ${JSON.stringify(file).slice(0, 120)}`,
        );
      } finally {
        await refused.close();
      }
      const full = await ctx.newPage();
      try {
        await full.addInitScript(() => {
          IDBObjectStore.prototype.put = () => {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          };
        });
        await full.goto(base);
        await ready(full);
        await full.fill('input[aria-label="Project name"]', 'too big to keep');
        const notice = await full.textContent('[data-testid="storage-notice"]');
        expect(/storage for this site is full/.test(notice), `notice: ${notice}`);
      } finally {
        await full.close();
      }
      expect((await page.evaluate(savedInPage))?.name === 'from the first tab', 'the saved project changed');
    },
  );

  await step('the Content-Security-Policy blocks an injected inline script', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc === "'self' 'wasm-unsafe-eval'", `script-src of the built page: ${scriptSrc}`);
    const fresh = await ctx.newPage();
    try {
      await fresh.goto(base);
      const outcome = await fresh.evaluate(
        () =>
          new Promise((done) => {
            document.addEventListener('securitypolicyviolation', (e) =>
              setTimeout(() => done({ blocked: e.violatedDirective, ran: window.__inlineRan === true })),
            );
            const s = document.createElement('script');
            s.textContent = 'window.__inlineRan = true';
            document.body.append(s);
          }),
      );
      expect(
        /^script-src/.test(outcome.blocked) && !outcome.ran,
        `inline script: ${JSON.stringify(outcome)}`,
      );
    } finally {
      await fresh.close();
    }
  });
}
