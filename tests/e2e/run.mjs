// End-to-end walk through the six phases in headless Debian Chromium (two browsers side by side: the walk,
// and the report, LSTM, hostile-text and reliability steps), against a production build
// served by `vite preview`. Saves a screenshot of each page to artifacts/screenshots/ (git-ignored).
// Usage: node tests/e2e/run.mjs   (builds first unless E2E_SKIP_BUILD=1; the build is made with
// `--mode e2e`, which adds the fault-injection hooks of src/client/test-hooks.ts). Ports: E2E_PORT for
// the built site, +7 and +8 for scoring servers, +9 for the Vite dev server.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, startPreview } from './harness.mjs';
import { reportSteps } from './report-steps.mjs';
import { hostileSteps } from './hostile-steps.mjs';
import { reliabilitySteps } from './reliability-steps.mjs';
import { startDevCheck } from './dev-server-check.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE = `http://127.0.0.1:${PORT}/`;
const SHOTS = 'artifacts/screenshots';

let passed = 0;
let failed = 0;
/** A step runner whose failures save a screenshot of its session's page (`failure-NAME.png`). */
function stepper(failureShot) {
  return async function step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`  ok  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL ${name}: ${e.message.split('\n')[0]}`);
      await failureShot().catch(() => {});
      throw e;
    }
  };
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

if (!process.env.E2E_SKIP_BUILD)
  execFileSync('npx', ['vite', 'build', '--mode', 'e2e', '--logLevel', 'warn'], { stdio: 'inherit' });
mkdirSync(SHOTS, { recursive: true });
let server = null;
let dev = null;
/**
 * A browser of its own (its own profile, so its own IndexedDB) on the built site, and the helpers the
 * steps use on its page. Two sessions run side by side: the walk through the phases, and the report,
 * LSTM, hostile-text and reliability steps, which start from the demo data themselves.
 */
async function openSession(name) {
  const profile = mkdtempSync(join(tmpdir(), `awb-e2e-${name}-`));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.setDefaultTimeout(60000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
  const shot = (shotName) => page.screenshot({ path: join(SHOTS, `${shotName}.png`), fullPage: true });
  return {
    profile,
    ctx,
    page,
    pageErrors,
    shot,
    step: stepper(() => shot(`failure-${name}`)),
    phase: (id) => page.locator(`nav a[data-phase="${id}"]`),
    cellStatus: (id) => page.locator(`[data-cell="${id}"]`).first().getAttribute('data-status'),
    waitCell: (id, status) =>
      page.waitForSelector(`[data-cell="${id}"][data-status="${status}"]`, { timeout: 120000 }),
    tickDetectors: async (types) => {
      for (const box of await page.locator('input[data-detector]').all()) {
        const want = types.includes(await box.getAttribute('data-detector'));
        if ((await box.isChecked()) !== want) await box.click();
      }
    },
    openParams: async (label) => {
      const button = page.locator(`button[aria-label="Parameters of ${label}"]`);
      if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    },
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The LSTM autoencoder and an ensemble, trained on the demo data in the side session. */
async function lstmStep({ page, step, phase, tickDetectors, openParams, shot }) {
  await step(
    'Modeling trains an LSTM autoencoder (live loss curve) and an ensemble shown beside its members',
    async () => {
      await phase('data').click();
      await page.locator('button:has-text("Load demo data")').click();
      await page.waitForSelector('[data-testid="dataset-badge"]:has-text("32,256 rows")');
      await phase('modeling').click();
      await tickDetectors(['lstm-ae', 'ensemble']);
      await openParams('Weighted ensemble');
      await page.fill('input[data-param="members"]', '["iforest", "robust-z"]');
      await page.locator('input[data-param="members"]').dispatchEvent('change');
      await page.fill('input[data-param="folds"]', '1');
      await page.locator('input[data-param="folds"]').dispatchEvent('change');
      await openParams('LSTM autoencoder');
      for (const [name, value] of [
        ['units', '8'],
        ['latent', '4'],
        ['window', '8'],
        ['epochs', '4'],
        ['patience', '0'],
        ['maxWindows', '1500'],
      ]) {
        await page.fill(`input[data-param="${name}"]`, value);
        await page.locator(`input[data-param="${name}"]`).dispatchEvent('change');
      }
      await page.click('[data-testid="train-selected"]');
      // The loss curve draws while the worker trains: after the first epoch, with the backend named.
      await page.waitForSelector('[data-testid="live-loss"] svg', { timeout: 120000 });
      const live = await page.textContent('[data-testid="live-loss"]');
      expect(/Epoch \d of 4 .* (WASM|WEBGL|CPU) backend/.test(live ?? ''), `live line: ${live}`);
      await shot('4-lstm-live');
      await page.waitForSelector('[data-testid="leaderboard"] tr[data-run="lstm-ae"]', { timeout: 180000 });
      // The ensemble's row is followed by its members, each measured alone.
      await page.waitForSelector('[data-testid="leaderboard"] tr[data-run="ensemble"]', { timeout: 180000 });
      const members = await page.locator('[data-testid="leaderboard"] tr[data-member]').count();
      expect(members === 2, `member rows: ${members}`);
      await page
        .locator('[data-testid="leaderboard"] tr[data-run="lstm-ae"] button:has-text("about this fit")')
        .first()
        .click();
      await page.waitForSelector('[data-testid="loss-curve"] svg');
      await page.mouse.move(0, 0);
      const notes = await page.textContent('[data-testid="leaderboard"] tr.details');
      expect(/4 of 4 epochs ran \(fused kernel, (wasm|cpu) backend\)/.test(notes ?? ''), `notes: ${notes}`);
      await shot('4-lstm');
    },
  );
}

/** The second session: report and presentation, the LSTM and ensemble, hostile text, reliability. */
async function sideSteps(session) {
  const { page, ctx, step, phase, waitCell, shot, tickDetectors, profile } = session;
  await step('a second browser opens the app with the demo dataset', async () => {
    await page.goto(BASE);
    await page.waitForSelector('[data-testid="dataset-badge"]:has-text("demo")');
  });
  await reportSteps({ page, ctx, step, expect, phase, waitCell, shot, tickDetectors, profile });
  await lstmStep(session);
  // Hostile text, crashes, reloads, two tabs, refused storage and the policy (issue 10, the browser
  // side), while the Vite dev server loads the app in the background under the same policy.
  dev = startDevCheck({ ctx, port: PORT + 9 });
  await hostileSteps({ page, step, expect, phase, waitCell, tickDetectors, profile, shot });
  await reliabilitySteps({ page, ctx, step, expect, phase, waitCell, tickDetectors, base: BASE });
  await step('the Vite dev server (npm start) runs the app under the same policy', async () => {
    const failure = await dev.result();
    expect(failure === null, failure);
  });
}

const sessions = [];
let sideRun = Promise.resolve(null);
try {
  server = await startPreview(PORT);
  const main = await openSession('walk');
  sessions.push(main);
  const side = await openSession('side');
  sessions.push(side);
  // Errors of the side steps are reported by their step; the walk goes on and the run fails at the end.
  sideRun = sideSteps(side).then(
    () => null,
    (e) => e,
  );
  const { page, profile, step, phase, cellStatus, waitCell, shot, tickDetectors, openParams } = main;
  /** `npm run serve` on a bundle; resolves once /health says ok (a failing health fails the step). */
  const startServer = async (bundle, port) => {
    const serve = spawn('node', ['scripts/serve.mjs', bundle, '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let serveErr = '';
    serve.stderr.on('data', (d) => (serveErr += d));
    const base = `http://127.0.0.1:${port}`;
    let health = null;
    for (let i = 0; i < 120 && !health; i++) {
      health = await fetch(`${base}/health`)
        .then((r) => r.json())
        .catch(() => null);
      if (!health) await new Promise((r) => setTimeout(r, 500));
    }
    if (health?.ok !== true) serve.kill();
    expect(health?.ok === true, `server health: ${JSON.stringify(health)} ${serveErr}`);
    return {
      kill: () => serve.kill(),
      batchPredict: async (csv) => {
        const res = await fetch(`${base}/batch_predict`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: csv,
        });
        return (await res.json()).results;
      },
    };
  };

  console.log('e2e: walking the six phases');
  await step('opens with the demo dataset loaded', async () => {
    await page.goto(BASE);
    await page.waitForSelector('[data-testid="dataset-badge"]:has-text("demo")');
    const badge = await page.textContent('[data-testid="dataset-badge"]');
    expect(/32,256 rows/.test(badge), `badge says: ${badge}`);
    await page.waitForSelector('text=Success criteria');
    await shot('1-business');
  });

  await step('Data Understanding shows schema, summary and a time-series chart', async () => {
    await phase('data').click();
    await waitCell('data', 'done');
    await page.waitForSelector('[data-testid="summary-table"] td:has-text("cpu_pct")');
    await page.waitForSelector('[data-cell="series"] svg');
    expect(
      (await page.locator('nav [data-phase-status]').first().textContent()) === 'done',
      'business not done',
    );
    await shot('2-data');
  });

  const PREP_CELLS = ['prep-cleaning', 'prep-features', 'prep-selection', 'prep-split'];
  const prepDone = async () => {
    for (const id of PREP_CELLS) await waitCell(id, 'done');
  };
  const featuresReading = () => page.textContent('[data-cell="prep-features"] .reading');

  await step('Data Preparation shows cleaning, feature families, selection and the split', async () => {
    await phase('prep').click();
    await prepDone();
    await page.waitForSelector('[data-cell="prep-cleaning"] li:has-text("Forward fill")');
    await page.waitForSelector('[data-cell="prep-cleaning"] svg');
    await page.waitForSelector('[data-testid="prep-preview"] th:has-text("cpu_pct")');
    const reading = await featuresReading();
    expect(/^425 features from 3 metrics/.test(reading), `features reading: ${reading}`);
    await page.waitForSelector('[data-cell="prep-selection"] .reading:has-text("Kept")');
    await page.waitForSelector('[data-testid="selection-dropped"] td:has-text("correlated")');
    await page.waitForSelector('[data-cell="prep-split"] svg [aria-description="split part"]');
    await shot('3-prep');
  });

  await step('Data Preparation: families, windows and the split re-run the one preparation', async () => {
    const spectral = page.locator('[data-cell="prep-features"] label.family:has-text("Spectral") input');
    await spectral.uncheck();
    await page.waitForFunction(
      () =>
        /^389 features/.test(
          document.querySelector('[data-cell="prep-features"] .reading')?.textContent ?? '',
        ),
      null,
      { timeout: 120000 },
    );
    await prepDone();
    await spectral.check();
    // A window chip: 144 rows (12 hours) adds one window to every windowed family.
    await page.waitForSelector('[data-cell="prep-features"] .reading:has-text("425 features")', {
      timeout: 120000,
    });
    await prepDone();
    const chip = page.locator('[data-cell="prep-features"] button.chip:has-text("144")');
    expect((await chip.getAttribute('aria-pressed')) === 'false', '144 window on by default');
    await chip.click();
    await page.waitForSelector(
      '[data-cell="prep-features"] button.chip[aria-pressed="true"]:has-text("144")',
    );
    await prepDone();
    const more = Number(/^([\d,]+) features/.exec(await featuresReading())?.[1].replace(/,/g, ''));
    expect(more > 425, `features with a 144-row window: ${more}`);
    await chip.click();
    await page.waitForSelector('[data-cell="prep-features"] .reading:has-text("425 features")', {
      timeout: 120000,
    });
    await prepDone();
    // Shares that leave no test part are refused in the cell, and the last good split stays.
    const train = page.locator('input[aria-label="Training share (%)"]');
    const splitReading = () => page.textContent('[data-cell="prep-split"] .reading');
    const setTrain = async (percent) => {
      await train.fill(String(percent));
      await train.press('Tab');
    };
    const waitSplitChange = (before) =>
      page.waitForFunction(
        (text) => document.querySelector('[data-cell="prep-split"] .reading')?.textContent !== text,
        before,
        { timeout: 120000 },
      );
    const before = await splitReading();
    await setTrain(85);
    await page.waitForSelector('[data-cell="prep-split"] .problem:has-text("split.validation")');
    await page.waitForSelector('[data-cell="prep-split"] .test-share:has-text("no test part")');
    expect((await cellStatus('prep-split')) === 'done', 'a refused split still ran');
    expect((await splitReading()) === before, 'a refused split changed the reading');
    await setTrain(50);
    await waitSplitChange(before);
    await prepDone();
    expect(/^Training on 16,128 rows/.test(await splitReading()), `50% split: ${await splitReading()}`);
    const half = await splitReading();
    await setTrain(60);
    await waitSplitChange(half);
    await prepDone();
    expect((await splitReading()) === before, 'the 60% split did not come back');
    expect(!(await page.locator('[data-cell="prep-split"] .problem').count()), 'problem left after a fix');
  });

  /** Ticks exactly these detectors in the Modeling picker. */
  await step('Modeling: a long training can be cancelled while the page stays responsive', async () => {
    await phase('modeling').click();
    await tickDetectors(['iforest']);
    await openParams('Isolation Forest');
    // The largest forest the form allows, each tree on every training row: long enough to cancel.
    await page.fill('input[data-param="nEstimators"]', '2000');
    await page.locator('input[data-param="nEstimators"]').dispatchEvent('change');
    await page.fill('input[data-param="maxSamples"]', '100000');
    await page.locator('input[data-param="maxSamples"]').dispatchEvent('change');
    await page.click('[data-testid="train-selected"]');
    await page.waitForSelector('tr[data-job="iforest"][data-status="running"]', { timeout: 60000 });
    // The main thread is free: navigating and typing work during training.
    await phase('business').click();
    await page.waitForSelector('text=Success criteria', { timeout: 5000 });
    await phase('modeling').click();
    await page.locator('tr[data-job="iforest"] button:has-text("Cancel")').click();
    await page.waitForSelector('[data-testid="training-jobs"]', { state: 'detached', timeout: 30000 });
    expect(
      (await page.locator('[data-testid="leaderboard"]').count()) === 0,
      'a cancelled run reached the leaderboard',
    );
  });

  await step('Modeling trains several detectors in parallel workers into a leaderboard', async () => {
    await openParams('Isolation Forest');
    await page.fill('input[data-param="nEstimators"]', '100');
    await page.locator('input[data-param="nEstimators"]').dispatchEvent('change');
    await page.fill('input[data-param="maxSamples"]', '256');
    await page.locator('input[data-param="maxSamples"]').dispatchEvent('change');
    await tickDetectors(['iforest', 'kmeans', 'robust-z']);
    await page.click('[data-testid="train-selected"]');
    await page.waitForSelector('[data-testid="training-jobs"]', { state: 'detached', timeout: 120000 });
    for (const type of ['iforest', 'kmeans', 'robust-z'])
      await page.waitForSelector(`[data-testid="leaderboard"] tr[data-run="${type}"]`);
    const board = await page.textContent('[data-testid="leaderboard"]');
    expect(/PR-AUC \(validation\)/.test(board), `leaderboard header: ${board}`);
    await waitCell('train', 'done');
    await page.waitForSelector('[data-testid="leaderboard"] tr.inuse');
    await page.waitForSelector('[data-testid="model-summary"]');
    await shot('4-modeling');
  });

  await step('Modeling: a hyperparameter search lists its trials live and charts them', async () => {
    const cell = page.locator('[data-cell="tuning"]');
    await cell.scrollIntoViewIfNeeded();
    await cell.locator('[data-testid="tuning-detector"]').selectOption('iforest');
    await cell.locator('[data-testid="tuning-method"]').selectOption('random');
    await cell.locator('[data-testid="tuning-trials-budget"]').fill('4');
    // Small forests keep the step quick (each trial is also scored on every row by the engine).
    for (const [bound, value] of [
      ['high', '60'],
      ['low', '20'],
    ]) {
      const input = cell.locator(`[data-tuning-${bound}="nEstimators"]`);
      await input.fill(value);
      await input.dispatchEvent('change');
    }
    await cell.locator('header button:has-text("Search")').click();
    // Listed live: a finished trial shows while the search still runs.
    await page.waitForSelector(
      '[data-cell="tuning"][data-status="running"] [data-testid="tuning-trials"] tr[data-status="complete"]',
    );
    await waitCell('tuning', 'done');
    const rows = await cell.locator('[data-testid="tuning-trials"] tbody tr[data-trial]').count();
    expect(rows === 4, `trial rows: ${rows}`);
    expect((await cell.locator('[data-testid="tuning-trials"] tr.best').count()) === 1, 'best trial row');
    const charts = await cell.locator('[data-testid="tuning-charts"] svg').count();
    expect(charts >= 5, `tuning charts: ${charts}`);
    const line = await cell.locator('[data-testid="tuning-progress"]').textContent();
    expect(/4 trials/.test(line ?? ''), `progress line: ${line}`);
    await page.mouse.move(0, 0); // no chart tooltip in the picture
    await cell.screenshot({ path: join(SHOTS, '4-tuning.png') });
  });

  await step('Evaluation shows ROC/PR curves, threshold metrics and criteria', async () => {
    await phase('evaluation').click();
    await waitCell('evaluate', 'done');
    // The leaderboard's three models side by side, curves overlaid.
    await waitCell('compare', 'done');
    expect((await page.locator('[data-testid="compare-table"] tbody tr').count()) === 3, 'compared models');
    await page.waitForSelector('[data-testid="compare-curves"] svg');
    await page.waitForSelector('[data-testid="score-timeline"] svg');
    // Every alert of the instance shown is listed with the metrics that stand out at its peak.
    await page.waitForSelector('[data-testid="alert-incidents"] summary');
    const incidents = await page.textContent('[data-testid="alert-incidents"] summary');
    expect(/alert incident|No alerts/.test(incidents ?? ''), `alert incidents: ${incidents}`);
    if (!/No alerts/.test(incidents ?? ''))
      expect(
        (await page.locator('[data-testid="alert-incidents"] .why li').count()) > 0,
        'alert incidents without explanations',
      );
    // Without labels: the alert rate over time and behaviour clusters with their metric intensity.
    await waitCell('unlabelled', 'done');
    await page.waitForSelector('[data-testid="alert-rate"] svg');
    await page.waitForSelector('[data-testid="cluster-intensity"] svg');
    await page.waitForSelector('[data-testid="cluster-scatter"] svg');
    await page.locator('[data-cell="errors"] header button:has-text("Analyse")').click();
    await page.waitForSelector('[data-testid="error-cases"] .why li');
    // A threshold by rule: at most 1% false positives on the validation rows.
    await page.selectOption('select[aria-label="Threshold rule"]', 'fpr');
    await page.fill('input[aria-label="Target FPR"]', '0.01');
    await page.locator('[data-cell="threshold-rule"] header button:has-text("Apply")').click();
    await waitCell('threshold-rule', 'done');
    const chosen = await page.textContent('[data-testid="threshold-rule"]');
    const fprAt = Number(/FPR \(validation\)\s*([\d.]+)/.exec(chosen ?? '')?.[1]);
    expect(fprAt <= 0.01, `FPR at the chosen threshold: ${chosen}`);
    await page.waitForSelector('[aria-label="ROC curve"] svg');
    const text = await page.textContent('[data-cell="evaluate"]');
    const auc = Number(/ROC-AUC (\d\.\d+)/.exec(text)?.[1]);
    expect(auc > 0.7 && auc < 1, `ROC-AUC on the demo test split is ${auc}`);
    await page.waitForSelector('[data-testid="criteria"] td:has-text("met")');
    const before = await page.textContent('[data-testid="threshold-value"]');
    const slider = page.locator('input[aria-label="Alert threshold"]');
    await slider.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    const after = await page.textContent('[data-testid="threshold-value"]');
    expect(before !== after, 'moving the slider did not change the threshold');
    await shot('5-evaluation');
  });

  let bundlePath;
  await step('Deployment exports a bundle that the CLI scores', async () => {
    await phase('deployment').click();
    const download = page.waitForEvent('download');
    await page.locator('[data-cell="export"] button:has-text("Export bundle")').click();
    const d = await download;
    bundlePath = join(profile, 'model.awb');
    await d.saveAs(bundlePath);
    await page.waitForSelector('[data-testid="cli-command"]');
    await shot('6-deployment');
    const demo = join(profile, 'demo.csv');
    execFileSync('npx', [
      'tsx',
      'src/node/cli.ts',
      'generate',
      '--out',
      demo,
      '--days',
      '2',
      '--instances',
      '2',
    ]);
    const out = join(profile, 'scores.csv');
    execFileSync('npx', ['tsx', 'src/node/cli.ts', 'score', bundlePath, demo, '--out', out], {
      stdio: 'pipe',
    });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].startsWith('row,score,alert'), `score header: ${lines[0]}`);
    expect(lines.length === 2 * 2 * 288 + 1, `scored ${lines.length - 1} rows`);
    // The exported bundle opens in the page's own worker: verified, its manifest shown.
    await waitCell('bundle-check', 'done');
    const manifest = await page.textContent('[data-testid="bundle-manifest"]');
    expect(
      /Threshold/.test(manifest ?? '') && /Training summary\s*yes/.test(manifest ?? ''),
      `manifest: ${manifest}`,
    );
    expect(
      /verified/.test((await page.textContent('[data-cell="bundle-check"]')) ?? ''),
      'bundle not verified',
    );
    // Parity: the browser worker scores the same file as the CLI did, row for row (to 1e-9).
    await page.setInputFiles('[data-cell="bundle-check"] input[type="file"] >> nth=1', demo);
    const scoredLink = page.locator('[data-testid="scored-file"] a');
    await scoredLink.waitFor();
    const browserDownload = page.waitForEvent('download');
    await scoredLink.click();
    const browserScores = join(profile, 'browser-scores.csv');
    await (await browserDownload).saveAs(browserScores);
    const browserLines = readFileSync(browserScores, 'utf8').trim().split('\n');
    expect(browserLines.length === lines.length, `browser scored ${browserLines.length - 1} rows`);
    let maxDiff = 0;
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i].split(',');
      const b = browserLines[i].split(',');
      maxDiff = Math.max(maxDiff, Math.abs(Number(a[1]) - Number(b[1])));
      expect(a[2] === b[2], `alert differs at row ${i}: cli ${a[2]}, browser ${b[2]}`);
    }
    expect(maxDiff <= 1e-9, `browser vs CLI scores differ by ${maxDiff}`);
    // ...and the scoring server's /batch_predict of the same file gives the same scores too.
    const server = await startServer(bundlePath, PORT + 7);
    try {
      const served = await server.batchPredict(readFileSync(demo, 'utf8'));
      expect(served?.length === lines.length - 1, `server scored ${served?.length} rows`);
      let serverDiff = 0;
      for (let i = 1; i < lines.length; i++) {
        const a = lines[i].split(',');
        serverDiff = Math.max(serverDiff, Math.abs(Number(a[1]) - served[i - 1].score));
        expect((a[2] === '1') === served[i - 1].alert, `server alert differs at row ${i}`);
      }
      expect(serverDiff <= 1e-9, `server vs CLI scores differ by ${serverDiff}`);
    } finally {
      server.kill();
    }
    // The live stream replays the test split through the bundle; the health check passes.
    await page.selectOption('select[aria-label="Stream speed"]', '5000');
    await page.locator('[data-cell="stream"] button:has-text("Start")').click();
    await page.waitForSelector('[data-testid="stream-latest"] tbody tr');
    await page.waitForSelector('[data-testid="stream-risk"] svg');
    await page.waitForSelector('[data-testid="stream-series"] svg');
    await page.locator('[data-cell="stream"] button:has-text("Health check")').click();
    await page.waitForSelector('[data-testid="stream-health"]:has-text("Healthy")');
    await page.waitForTimeout(1500);
    await shot('6-deployment-stream');
  });

  await step('a changed byte in the bundle is refused by the CLI', async () => {
    const text = readFileSync(bundlePath, 'utf8');
    const i = text.indexOf('"threshold":') + 13;
    const tampered = join(profile, 'tampered.awb');
    writeFileSync(tampered, text.slice(0, i) + (text[i] === '9' ? '8' : '9') + text.slice(i + 1));
    let stderr = '';
    try {
      execFileSync('npx', ['tsx', 'src/node/cli.ts', 'score', tampered, bundlePath], { stdio: 'pipe' });
    } catch (e) {
      stderr = String(e.stderr);
    }
    expect(/hash mismatch/.test(stderr), `stderr: ${stderr}`);
  });

  await step(
    'an LSTM bundle trained by the CLI scores the same in the browser and the server (1e-4)',
    async () => {
      // TensorFlow.js in Node (WASM) trains and scores; the page's stream worker loads TensorFlow.js on
      // demand, verifies the reference rows and scores the same file on its own backend.
      const demo = join(profile, 'demo.csv');
      const lstm = join(profile, 'lstm.awb');
      const params = JSON.stringify({ units: 8, latent: 4, window: 8, epochs: 2, maxWindows: 500 });
      execFileSync(
        'npx',
        ['tsx', 'src/node/cli.ts', 'train', demo, '--model', 'lstm-ae', '--params', params, '--out', lstm],
        {
          stdio: 'pipe',
        },
      );
      const out = join(profile, 'lstm-scores.csv');
      execFileSync('npx', ['tsx', 'src/node/cli.ts', 'score', lstm, demo, '--out', out], { stdio: 'pipe' });
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      await page.setInputFiles('[data-cell="bundle-check"] input[type="file"] >> nth=0', lstm);
      await page.waitForSelector('[data-cell="bundle-check"]:has-text("lstm.awb: verified")');
      const scoredLink = page.locator('[data-testid="scored-file"] a');
      await page.setInputFiles('[data-cell="bundle-check"] input[type="file"] >> nth=1', demo);
      await scoredLink.waitFor();
      const browserDownload = page.waitForEvent('download');
      await scoredLink.click();
      const browserScores = join(profile, 'lstm-browser-scores.csv');
      await (await browserDownload).saveAs(browserScores);
      const browserLines = readFileSync(browserScores, 'utf8').trim().split('\n');
      expect(browserLines.length === lines.length, `browser scored ${browserLines.length - 1} rows`);
      let maxDiff = 0;
      let scale = 0;
      for (let i = 1; i < lines.length; i++) {
        const a = Number(lines[i].split(',')[1]);
        const b = Number(browserLines[i].split(',')[1]);
        maxDiff = Math.max(maxDiff, Math.abs(a - b));
        scale = Math.max(scale, Math.abs(a));
      }
      expect(maxDiff <= 1e-4 * scale, `LSTM browser vs CLI scores differ by ${maxDiff} (scale ${scale})`);
      // ...and the scoring server (TensorFlow.js in Node) gives them too.
      const server = await startServer(lstm, PORT + 8);
      try {
        const served = await server.batchPredict(readFileSync(demo, 'utf8'));
        let serverDiff = 0;
        for (let i = 1; i < lines.length; i++)
          serverDiff = Math.max(serverDiff, Math.abs(Number(lines[i].split(',')[1]) - served[i - 1].score));
        expect(serverDiff <= 1e-4 * scale, `LSTM server vs CLI scores differ by ${serverDiff}`);
      } finally {
        server.kill();
      }
      console.log(
        `    LSTM bundle: browser vs CLI max |diff| ${maxDiff.toExponential(2)} (scores up to ${scale.toFixed(3)})`,
      );
    },
  );

  await step('work survives a reload (restored from IndexedDB)', async () => {
    await page.waitForTimeout(800); // autosave debounce
    await page.reload();
    await phase('evaluation').click();
    await waitCell('evaluate', 'done');
    await page.waitForSelector('[aria-label="ROC curve"] svg');
    expect((await cellStatus('evaluate')) === 'done', 'evaluation not restored');
    const statuses = await page.locator('nav [data-phase-status]').allTextContents();
    expect(
      statuses.slice(0, 5).every((s) => s === 'done'),
      `phase statuses after reload: ${statuses}`,
    );
    // The leaderboard and run history come back with the project, the model in use marked.
    await phase('modeling').click();
    await page.waitForSelector('[data-testid="leaderboard"] tr.inuse');
    const runs = await page.locator('[data-testid="leaderboard"] tbody tr[data-run]').count();
    expect(runs === 3, `leaderboard rows after reload: ${runs}`);
    expect(
      (await page.locator('[data-testid="run-history"] tbody tr').count()) === 3,
      'run history after reload',
    );
  });

  await step('changing the scaler marks later phases stale; Re-run stale brings them back', async () => {
    await phase('prep').click();
    await page.selectOption('select[aria-label="Scaler"]', 'robust');
    await page.waitForSelector('nav a[data-phase="modeling"] [data-phase-status="stale"]');
    await page.waitForSelector('nav a[data-phase="evaluation"] [data-phase-status="stale"]');
    await page.locator('button:has-text("Re-run stale cells")').click();
    await page.waitForSelector('nav a[data-phase="evaluation"] [data-phase-status="done"]', {
      timeout: 120000,
    });
    await page.waitForSelector('nav a[data-phase="modeling"] [data-phase-status="done"]');
  });

  await step('Export project / Import project round-trip the work', async () => {
    const download = page.waitForEvent('download');
    await page.locator('button:has-text("Export project")').click();
    const file = join(profile, 'project.json');
    await (await download).saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(
      saved.settings.prep.config.scaler === 'robust' && saved.train,
      'project file lacks settings or model',
    );
    await page.fill('input[aria-label="Project name"]', 'changed');
    await page.setInputFiles('input[aria-label="Import project file"]', file);
    await page.waitForSelector('.info:has-text("Imported project.json with its trained model")');
    const name = await page.inputValue('input[aria-label="Project name"]');
    expect(name === 'Untitled project', `project name after import: ${name}`);
    const statuses = await page.locator('nav [data-phase-status]').allTextContents();
    expect(
      statuses.slice(0, 5).every((s) => s === 'done'),
      `phase statuses after import: ${statuses}`,
    );
    expect((await page.inputValue('select[aria-label="Scaler"]')) === 'robust', 'scaler not restored');
  });

  await step(
    'brushing the time series zooms, marks an anomaly that feeds later phases, and exports windows',
    async () => {
      await phase('data').click();
      // Cells above the chart must settle first, or the layout shifts under the pointer.
      for (const id of ['quality', 'stats', 'distributions', 'boxes', 'series']) await waitCell(id, 'done');
      const drag = async (f0, f1) => {
        // Measured right before each drag: the toolbar above the chart grows when a selection exists.
        const svg = page.locator('[data-cell="series"] [role="img"] svg').last();
        await svg.scrollIntoViewIfNeeded();
        const box = await svg.boundingBox();
        const y = box.y + box.height / 2;
        await page.mouse.move(box.x + box.width * f0, y);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * ((f0 + f1) / 2), y, { steps: 3 });
        await page.mouse.move(box.x + box.width * f1, y, { steps: 3 });
        await page.mouse.up();
        await page.waitForSelector('[data-testid="brush-selection"]');
      };
      await drag(0.3, 0.6);
      await page.locator('button:has-text("Zoom to selection")').click();
      await page.waitForSelector('button:has-text("Reset zoom")');
      await page.waitForSelector('[data-cell="series"][data-status="done"]');
      await drag(0.4, 0.5);
      await page.locator('button:has-text("Mark as anomaly")').click();
      await page.waitForSelector('[data-cell="series"] .reading:has-text("1 hand-made label edit")');
      await page.waitForSelector('nav a[data-phase="modeling"] [data-phase-status="stale"]');
      await shot('2-data-brushed');
      const download = page.waitForEvent('download');
      await page.locator('button:has-text("Download label windows")').click();
      const file = join(profile, 'windows.json');
      await (await download).saveAs(file);
      const windows = JSON.parse(readFileSync(file, 'utf8'));
      expect(Array.isArray(windows['demo.csv#web-01']), `windows keys: ${Object.keys(windows)}`);
      await page.locator('button:has-text("Undo last label edit")').click();
      await page.waitForSelector('[data-cell="series"] .reading:not(:has-text("hand-made"))');
      await page.locator('button:has-text("Reset zoom")').click();
    },
  );

  await step('a malformed CSV upload is refused with the line named, keeping the data', async () => {
    await phase('data').click();
    const bad = join(profile, 'bad.csv');
    writeFileSync(bad, 'timestamp,cpu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:05:00Z,abc,7\n');
    await page.setInputFiles('[data-testid="csv-upload"]', bad);
    await page.waitForSelector('[data-cell="data"] .error');
    const err = await page.textContent('[data-cell="data"] .error');
    expect(/line 3/.test(err), `error shown: ${err}`);
    const badge = await page.textContent('[data-testid="dataset-badge"]');
    expect(/demo/.test(badge), `dataset changed after a failed upload: ${badge}`);
    await shot('2-data-error');
  });

  await step(
    'sample files in other formats load, and data without time explains the missing time cells',
    async () => {
      const load = async (path, badge) => {
        await page.selectOption('select:near(:text("Sample file"))', path);
        await page.locator('button:has-text("Load sample")').click();
        await page.waitForSelector(`[data-testid="dataset-badge"]:has-text("${badge}")`);
        await waitCell('data', 'done');
      };
      await load('asd/omi-1_test.csv', 'omi-1_test');
      await waitCell('patterns', 'done');
      const absent = await page.textContent('[data-testid="patterns-absent"]');
      expect(/no time column/.test(absent), `patterns cell says: ${absent}`);
      await waitCell('acf', 'done');
      await waitCell('stats', 'done');
      await shot('2-data-asd');
      await load('formats/demo.arrow', '1,728 rows');
      await load('formats/prometheus-query-range.json', 'prometheus-query-range');
      await load('formats/cloudwatch-getmetricdata.json', 'cloudwatch-getmetricdata');
      await load('formats/long-demo.csv', 'long-demo');
    },
  );

  await step('a CSV read leniently says what it did; downstream phases turn stale', async () => {
    const odd = join(profile, 'odd.csv');
    const rows = ['timestamp,cpu'];
    for (let i = 0; i < 50; i++)
      rows.push(
        `2024-01-01T${String(Math.floor(i / 12)).padStart(2, '0')}:${String((i % 12) * 5).padStart(2, '0')}:00Z,${i === 7 ? 'inf' : i % 10}`,
      );
    writeFileSync(odd, rows.join('\n'));
    await page.setInputFiles('[data-testid="csv-upload"]', odd);
    await page.waitForSelector('[data-testid="dataset-badge"]:has-text("odd")');
    const warning = await page.textContent('.warnings');
    expect(/infinite/.test(warning) && /line 9/.test(warning), `warning shown: ${warning}`);
    await page.waitForSelector('nav a[data-phase="modeling"] [data-phase-status="stale"]');
  });

  await step('an uploaded file survives a reload (the file itself is kept in IndexedDB)', async () => {
    await page.waitForTimeout(800); // autosave debounce
    await page.reload();
    await page.waitForSelector('[data-testid="dataset-badge"]:has-text("odd")');
    await waitCell('data', 'done');
  });

  await step('Modeling trains KMeans with its own parameters; the run history compares runs', async () => {
    await phase('modeling').click();
    await tickDetectors(['kmeans']);
    await openParams('KMeans distance');
    await page.fill('input[data-param="k"]', '3');
    await page.locator('input[data-param="k"]').dispatchEvent('change');
    expect(
      (await page.locator('input[data-param="nEstimators"]').count()) === 0,
      'Isolation Forest fields still shown',
    );
    await page.click('[data-testid="train-selected"]');
    await page.waitForSelector('[data-testid="leaderboard"] tr[data-run="kmeans"]', { timeout: 60000 });
    await waitCell('train', 'done');
    // The summary follows the adopted run, which can land a moment after the leaderboard row.
    await page
      .waitForSelector('[data-testid="model-summary"]:has-text("kmeans v1")', { timeout: 30000 })
      .catch(() => null);
    const summary = await page.textContent('[data-testid="model-summary"]');
    expect(/kmeans v1/.test(summary ?? ''), `model summary: ${summary}`);
    const history = page.locator('[data-testid="run-history"] tbody tr');
    expect((await history.count()) >= 4, `history rows: ${await history.count()}`);
    await page.locator('[data-testid="run-history"] input[type="checkbox"]').nth(0).check();
    await page.locator('[data-testid="run-history"] input[type="checkbox"]').nth(1).check();
    await page.waitForSelector('[data-testid="run-compare"] tr.differs');
    await shot('4-modeling-history');
  });

  const sideError = await sideRun;
  if (sideError) throw sideError;

  await step('no uncaught page errors', async () => {
    const errors = sessions.flatMap((x) => x.pageErrors);
    expect(errors.length === 0, errors.join('\n'));
  });
} catch {
  // the failing step was already reported
} finally {
  await sideRun;
  for (const x of sessions) await x.close().catch(() => {});
  server?.kill();
  dev?.stop();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
