// End-to-end proof that hostile text stays text: a CSV whose column names, instance ids and values are
// HTML and script goes through the page's own upload, every phase, the exported report and presentation
// mode, and no payload runs. run.mjs calls this with its page and helpers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each payload, if it ever ran, would set window.__pwned or open a dialog. */
export const PAYLOADS = [
  '<img src=x onerror=window.__pwned=1>',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
  'javascript:window.__pwned=4',
  "'><iframe srcdoc='<script>parent.__pwned=5</script>'>",
  '{@html "<img src=x onerror=alert(6)>"}',
];

const quote = (s) => `"${s.replace(/"/g, '""')}"`;

/**
 * A small labelled CSV: two instances named by payloads, three metrics named by payloads, a text column
 * of payloads; a few labelled spikes so every phase has something to show.
 */
export function hostileCsv(rows = 600) {
  const metrics = [`cpu ${PAYLOADS[0]}`, `mem ${PAYLOADS[1]}`, `net ${PAYLOADS[2]}`];
  const hosts = [`web ${PAYLOADS[3]}`, `db ${PAYLOADS[0]}`];
  const header = ['timestamp', 'host', ...metrics, 'note', 'label'].map(quote).join(',');
  const lines = [header];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 300000).toISOString();
    for (const [h, host] of hosts.entries()) {
      const spike = i % 97 === 50 + h * 7 || i % 97 === 51 + h * 7;
      const base = 30 + 10 * Math.sin((i / 288) * 2 * Math.PI) + ((i * 7919 + h * 104729) % 13);
      const cpu = spike ? base + 60 : base;
      const mem = 50 + ((i * 31 + h) % 9) + (spike ? 30 : 0);
      const net = 100 + ((i * 17 + h * 5) % 23);
      const note = PAYLOADS[(i + h) % PAYLOADS.length];
      lines.push(
        [t, quote(host), cpu.toFixed(2), mem.toFixed(2), net.toFixed(2), quote(note), spike ? 1 : 0].join(
          ',',
        ),
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** Runs in the page: elements or attributes by which a payload could have run, described. */
function injectedInPage() {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`<${el.localName} ${a.name}>`);
      if (/^(href|src|xlink:href|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))
        found.push(`<${el.localName} ${a.name}="${a.value}">`);
    }
    if (el.localName === 'script' && !el.getAttribute('src')) found.push('<script> without src');
    if (el.localName === 'iframe') found.push('<iframe>');
  }
  return found;
}

/** Adds to a page the traps that tell whether a payload ran: dialogs and CSP reports. */
export async function trap(page) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective}: ${e.sample || e.blockedURI}`),
    );
  });
  return {
    dialogs,
    /** Throws unless nothing ran, was blocked or sits in the DOM ready to run. */
    async check(where, expect) {
      const state = await page.evaluate(() => ({
        pwned: window.__pwned,
        violations: window.__violations ?? [],
      }));
      const injected = await page.evaluate(injectedInPage);
      expect(state.pwned === undefined, `${where}: a payload ran (window.__pwned = ${state.pwned})`);
      expect(dialogs.length === 0, `${where}: a dialog opened: ${dialogs.join('; ')}`);
      expect(state.violations.length === 0, `${where}: CSP blocked: ${state.violations.join('; ')}`);
      expect(injected.length === 0, `${where}: injected into the DOM: ${injected.join(', ')}`);
    },
  };
}

/** @param {object} t - the walk's page, helpers and scratch folder. */
export async function hostileSteps({ page, step, expect, phase, waitCell, tickDetectors, profile, shot }) {
  const traps = await trap(page);
  // The init script runs on the next navigation; the walk's page is already open, so reload it once.
  await page.reload();
  await page.waitForSelector('[data-testid="dataset-badge"]');

  await step(
    'hostile text: a CSV of HTML and script loads through the upload and shows as text',
    async () => {
      await phase('data').click();
      const file = join(profile, 'hostile.csv');
      writeFileSync(file, hostileCsv());
      await page.setInputFiles('[data-testid="csv-upload"]', {
        name: `${PAYLOADS[0]}.csv`,
        mimeType: 'text/csv',
        buffer: readFileSync(file),
      });
      await page.waitForSelector('[data-testid="dataset-badge"]:has-text("onerror")');
      await page.fill('input[aria-label="Project name"]', PAYLOADS[2]);
      for (const id of ['data', 'quality', 'stats', 'series']) await waitCell(id, 'done');
      const summary = await page.textContent('[data-testid="summary-table"]');
      expect(summary.includes(`cpu ${PAYLOADS[0]}`), `summary shows: ${summary.slice(0, 200)}`);
      // A chart tooltip (Observable Plot's tip) over the time series.
      const svg = page.locator('[data-cell="series"] [role="img"] svg').last();
      const box = await svg.boundingBox();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
      await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.35);
      await traps.check('Data Understanding', expect);
    },
  );

  await step('hostile text: preparation, training, evaluation and deployment show it as text', async () => {
    await phase('business').click();
    const add = page.locator('button[aria-label="Add a note after Success criteria"]');
    if (await add.count()) await add.click();
    else await page.click('button[aria-label="Edit Note on Success criteria"]');
    await page.fill(
      'textarea[aria-label="Note on Success criteria"]',
      `Raw: ${PAYLOADS.join(' ')} [link](javascript:window.__pwned=7) <a href="javascript:alert(8)">a</a>`,
    );
    await page.click('button[aria-label="Preview Note on Success criteria"]');
    await page.waitForSelector('[data-note="business/criteria"] .md-body');
    await phase('prep').click();
    for (const id of ['prep-cleaning', 'prep-features', 'prep-selection', 'prep-split'])
      await waitCell(id, 'done');
    await page.waitForSelector('[data-testid="prep-preview"] th');
    await traps.check('Data Preparation', expect);
    await phase('modeling').click();
    await tickDetectors(['robust-z', 'kmeans']);
    await page.click('[data-testid="train-selected"]');
    await page.waitForSelector('[data-testid="training-jobs"]', { state: 'detached', timeout: 120000 });
    await waitCell('train', 'done');
    await traps.check('Modeling', expect);
    await phase('evaluation').click();
    for (const id of ['evaluate', 'compare', 'timeline']) await waitCell(id, 'done');
    await page.locator('[data-cell="errors"] header button:has-text("Analyse")').click();
    await waitCell('errors', 'done');
    const timeline = page.locator('[data-testid="score-timeline"] svg').last();
    const box = await timeline.boundingBox();
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await traps.check('Evaluation', expect);
    await phase('deployment').click();
    const download = page.waitForEvent('download');
    await page.locator('[data-cell="export"] button:has-text("Export bundle")').click();
    await download;
    await waitCell('bundle-check', 'done');
    // The live stream lists instances and draws their risk: hostile ids there too.
    await page.selectOption('select[aria-label="Stream speed"]', '5000');
    await page.locator('[data-cell="stream"] button:has-text("Start")').click();
    await page.waitForSelector('[data-testid="stream-latest"] tbody tr:has-text("onerror")');
    await page.waitForSelector('[data-testid="stream-risk"] svg');
    await shot('9-hostile');
    await traps.check('Deployment', expect);
  });

  await step('hostile text: the exported report and presentation mode run nothing', async () => {
    const download = page.waitForEvent('download');
    await page.locator('button:has-text("Export report")').click();
    const file = join(profile, 'hostile-report.html');
    await (await download).saveAs(file);
    const html = readFileSync(file, 'utf8');
    // Text is escaped, so a raw tag can only be markup the report wrote itself.
    const tag = /<(script|iframe|img|object|embed)\b[^>]*>/i.exec(html);
    expect(!tag, `the report holds ${tag?.[0]}`);
    const report = await page.context().newPage();
    const reportTraps = await trap(report);
    await report.goto(`file://${file}`);
    const text = await report.textContent('body');
    expect(text.includes(`cpu ${PAYLOADS[0]}`), 'the hostile column name is not shown as text in the report');
    await reportTraps.check('report', expect);
    await report.close();
    await page.locator('header button:has-text("Present")').click();
    await page.click('[data-testid="start-presentation"]');
    await page.waitForSelector('[data-testid="presentation"]');
    const total = Number((await page.textContent('[data-testid="slide-counter"]')).split('/')[1]);
    for (let i = 1; i < total; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('n');
    await traps.check('presentation', expect);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="presentation"]', { state: 'detached' });
    await page.locator('[data-testid="slide-picker"] button:has-text("Close")').click();
  });
}
