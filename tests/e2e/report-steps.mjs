// End-to-end steps of Business Understanding, notes, the stakeholder report (opened offline from a file)
// and presentation mode. run.mjs calls them at the end of its walk, with its page and helpers.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPORT_DIR = 'artifacts/report';

/** @param {object} t - the walk's page, context, helpers and scratch folder. */
export async function reportSteps({
  page,
  ctx,
  step,
  expect,
  phase,
  waitCell,
  shot,
  tickDetectors,
  profile,
}) {
  const SCRIPT_NOTE = 'Targets agreed with **the SRE lead**. <script>window.__pwned = 1</script>';
  const CURVE_NOTE = 'The PR curve drops *after* recall 0.6: say why in the meeting.';

  await step(
    'Business Understanding: texts, criteria, costs, a stakeholder and a note, kept on reload',
    async () => {
      await phase('business').click();
      await page.click('button[aria-label="Edit Objectives"]');
      await page.fill(
        'textarea[aria-label="Objectives"]',
        'Catch **checkout** incidents before customers do.',
      );
      await page.click('button[aria-label="Preview Objectives"]');
      await page.waitForSelector('[data-cell="objectives"] .md-body strong:has-text("checkout")');
      await page.fill('input[aria-label="Criterion 1 target"]', '0.5');
      await page.click('button[aria-label="Remove criterion 6"]');
      expect(
        (await page.locator('[data-testid="criteria-editor"] tbody tr').count()) === 5,
        'criterion not removed',
      );
      await page.click('button:has-text("Add criterion")');
      expect(
        (await page.inputValue('select[aria-label="Criterion 6 metric"]')) === 'scoringLatency',
        'the added criterion is not the unused metric',
      );
      await page.fill('input[aria-label="Criterion 6 target"]', '0.5');
      await page.fill('input[aria-label="Missed incident cost"]', '8000');
      await page.fill('input[aria-label="False alarm cost"]', '40');
      await page.fill('input[aria-label="Alert budget per day"]', '30');
      await page.waitForSelector('[data-cell="costs"] .reading:has-text("$8,000")');
      await page.click('button:has-text("Add stakeholder")');
      await page.fill('input[aria-label="Stakeholder 4 role"]', 'Capacity planner');
      await page.fill('input[aria-label="Stakeholder 4 needs"]', 'Which instances alert most, weekly');
      await page.click('button[aria-label="Add a note after Success criteria"]');
      await page.fill('textarea[aria-label="Note on Success criteria"]', SCRIPT_NOTE);
      await page.click('button[aria-label="Preview Note on Success criteria"]');
      await page.waitForSelector('[data-note="business/criteria"] .md-body strong:has-text("the SRE lead")');
      expect(
        (await page.locator('[data-note="business/criteria"] script').count()) === 0,
        'a script from a note reached the page',
      );
      // Saved with the project: wait until IndexedDB holds the note and the stakeholder, then reload.
      const savedNow = () =>
        page.evaluate(
          () =>
            new Promise((done) => {
              const open = indexedDB.open('anomaly-workbench');
              open.onerror = () => done(false);
              open.onsuccess = () => {
                const get = open.result.transaction('projects').objectStore('projects').get('current');
                get.onerror = () => done(false);
                get.onsuccess = () => {
                  open.result.close();
                  const s = get.result?.settings;
                  done(
                    /the SRE lead/.test(s?.notes?.['business/criteria']?.text ?? '') &&
                      !!s?.business.stakeholders.some((x) => x.role === 'Capacity planner'),
                  );
                };
              };
            }),
        );
      let saved = false;
      for (let t = Date.now(); !saved && Date.now() - t < 20000;) {
        await page.waitForTimeout(250);
        saved = await savedNow();
      }
      expect(saved, 'the business settings were not saved to IndexedDB within 20 s');
      await page.reload();
      await phase('business').click();
      await page.waitForSelector('[data-note="business/criteria"] .md-body strong:has-text("the SRE lead")');
      expect(
        (await page.inputValue('input[aria-label="Stakeholder 4 role"]')) === 'Capacity planner' &&
          (await page.inputValue('input[aria-label="Missed incident cost"]')) === '8000' &&
          (await page.inputValue('input[aria-label="Criterion 1 target"]')) === '0.5',
        'business settings lost on reload',
      );
      await shot('1-business');
    },
  );

  await step('the demo through Evaluation: criteria checked, the cheapest threshold priced', async () => {
    await phase('data').click();
    await page.locator('button:has-text("Load demo data")').click();
    await page.waitForSelector('[data-testid="dataset-badge"]:has-text("demo")');
    await waitCell('data', 'done');
    await phase('modeling').click();
    await tickDetectors(['iforest', 'robust-z']);
    await page.click('[data-testid="train-selected"]');
    await page.waitForSelector('[data-testid="training-jobs"]', { state: 'detached', timeout: 180000 });
    await waitCell('train', 'done');
    await phase('evaluation').click();
    await waitCell('evaluate', 'done');
    await waitCell('compare', 'done');
    await page.click('button[aria-label="Add a note after ROC and precision-recall on the test split"]');
    await page.fill('textarea[aria-label="Note on ROC and precision-recall on the test split"]', CURVE_NOTE);
    await page.locator('[data-cell="money"] button:has-text("Choose the cheapest threshold")').click();
    await page.waitForSelector('[data-testid="money-chosen"]:has-text("minimum cost")');
    const rows = await page.locator('[data-testid="criteria"] tbody tr').allTextContents();
    expect(rows.length === 6, `criteria rows: ${rows.length}`);
    expect(
      rows.every((r) => /(met|not met|not measurable)$/.test(r.trim())),
      `criteria results: ${rows.join(' | ')}`,
    );
    expect(/ms\/row/.test(rows[5]), `scoring latency not measured: ${rows[5]}`);
    const formula = await page.textContent('[data-testid="money-formula"]');
    expect(/× \$8,000 − \d+ × \$40 = /.test(formula ?? ''), `money formula: ${formula}`);
    const totals = await page.textContent('[data-testid="money-totals"]');
    expect(/per month/.test(totals ?? ''), `money totals: ${totals}`);
    await shot('5-evaluation-money');
  });

  await step('CSV exports of scores, alerts and the metrics table', async () => {
    const save = async (label) => {
      const download = page.waitForEvent('download');
      await page.locator(`[data-cell="exports"] button:has-text("${label}")`).click();
      const file = join(profile, `${label}.csv`);
      await (await download).saveAs(file);
      return readFileSync(file, 'utf8').trim().split('\n');
    };
    const testRows = Number(
      /([\d,]+) test rows/
        .exec(await page.textContent('[data-cell="exports"] .reading'))[1]
        .replace(/,/g, ''),
    );
    const scores = await save('Scores CSV');
    expect(scores[0] === 'time,instance,score,label,alert', `scores header: ${scores[0]}`);
    expect(scores.length === testRows + 1, `scores rows ${scores.length - 1} for ${testRows} test rows`);
    const alerts = await save('Alerts CSV');
    expect(alerts[0] === 'instance,start,end,alert_rows,peak_score,labelled', `alerts header: ${alerts[0]}`);
    expect(alerts.length > 1, 'no alert incidents');
    const metrics = await save('Metrics CSV');
    expect(metrics[0].startsWith('model,detector,threshold,pr_auc'), `metrics header: ${metrics[0]}`);
    expect(metrics.length === 3, `metrics rows: ${metrics.length - 1}`);
  });

  let reportFile;
  await step('Export report writes one HTML file that opens offline with criteria and charts', async () => {
    const download = page.waitForEvent('download');
    await page.locator('button:has-text("Export report")').click();
    mkdirSync(REPORT_DIR, { recursive: true });
    reportFile = resolve(REPORT_DIR, 'report.html');
    await (await download).saveAs(reportFile);
    const html = readFileSync(reportFile, 'utf8');
    expect(!/<script/i.test(html), 'the report contains a script');
    const offline = await ctx.newPage();
    const fetched = [];
    await offline.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      fetched.push(url);
      return route.abort();
    });
    const errors = [];
    offline.on('pageerror', (e) => errors.push(e.message));
    await offline.goto(`file://${reportFile}`);
    const criteria = await offline.locator('[data-report="criteria"] tbody tr').allTextContents();
    expect(criteria.length === 6, `report criteria rows: ${criteria.length}`);
    expect(
      criteria.every((r) => /(met|not measurable)$/.test(r)),
      `report criteria: ${criteria.join(' | ')}`,
    );
    const svgs = await offline.locator('figure.chart svg').count();
    expect(svgs >= 5, `charts in the report: ${svgs}`);
    for (const id of [
      'objectives',
      'stakeholders',
      'data-summary',
      'quality',
      'prep',
      'leaderboard',
      'curves',
      'chosen',
      'deploy',
    ])
      expect((await offline.locator(`[data-section="${id}"]`).count()) === 1, `report section ${id} missing`);
    const text = await offline.textContent('body');
    expect(/Capacity planner/.test(text) && /checkout/.test(text), 'business texts missing from the report');
    expect(/Expected alerts per day/.test(text) && /\$8,000/.test(text), 'chosen threshold or cost missing');
    expect(/npm run serve -- /.test(text), 'deploy commands missing');
    expect(
      (await offline.locator('#s-targets aside.note strong:has-text("the SRE lead")').count()) === 1 &&
        (await offline.locator('#s-curves aside.note:has-text("drops")').count()) === 1,
      'notes missing from the report',
    );
    expect((await offline.evaluate(() => window.__pwned)) === undefined, 'a note ran a script');
    expect(fetched.length === 0, `the report fetched: ${fetched.join(', ')}`);
    expect(errors.length === 0, `report page errors: ${errors.join('; ')}`);
    await offline.screenshot({ path: 'artifacts/screenshots/8-report.png' });
    await offline.close();
  });

  await step('presentation mode: key slides, keyboard navigation, speaker notes', async () => {
    await page.locator('header button:has-text("Present")').click();
    await page.waitForSelector('[data-testid="start-presentation"]:not([disabled])');
    await page.click('[data-testid="start-presentation"]');
    await page.waitForSelector('[data-testid="presentation"]');
    const counter = () => page.textContent('[data-testid="slide-counter"]');
    const total = Number((await counter()).split('/')[1]);
    expect(total === 9, `key slides: ${await counter()}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    expect((await counter()) === `3 / ${total}`, `after two steps: ${await counter()}`);
    await page.keyboard.press('End');
    expect((await counter()) === `${total} / ${total}`, `after End: ${await counter()}`);
    await page.keyboard.press('Home');
    expect((await counter()) === `1 / ${total}`, `after Home: ${await counter()}`);
    for (let i = 0; i < total && !(await page.locator('[data-slide="curves"]').count()); i++)
      await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-slide="curves"] svg');
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="speaker-notes"] em:has-text("after")');
    await page.screenshot({ path: 'artifacts/screenshots/7-presentation.png' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="presentation"]', { state: 'detached' });
    await page.locator('[data-testid="slide-picker"] button:has-text("Close")').click();
  });
}
