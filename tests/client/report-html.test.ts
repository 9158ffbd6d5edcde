import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { rocChart } from '../../src/charts/index';
import { defaultBusiness } from '../../src/client/business/business';
import { checkCriteria } from '../../src/client/business/criteria';
import { measureAt } from '../../src/client/business/measure';
import { moneyAt, moneyFormula } from '../../src/client/business/money';
import { sanitizerFor } from '../../src/client/markdown';
import { chartSvg } from '../../src/client/report/chart-svg';
import { reportHtml, sectionNotes } from '../../src/client/report/report-html';
import type { ReportInput } from '../../src/client/report/report-input';
import { reportSections } from '../../src/client/report/sections';

const dom = new JSDOM('');
const sanitize = sanitizerFor(dom.window as unknown as Window);
const HOUR = 3600000;
const ev = {
  testScores: Float64Array.from([0.1, 0.2, 0.3, 0.9, 0.2, 0.6, 0.1, 0.4, 0.8, 0.1]),
  testLabels: Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 1, 1, 0]),
  testTimes: Float64Array.from({ length: 10 }, (_, i) => i * HOUR),
  events: [
    { start: 2 * HOUR, end: 3 * HOUR, firstRow: 2, lastRow: 3 },
    { start: 7 * HOUR, end: 8 * HOUR, firstRow: 7, lastRow: 8 },
  ],
  stepMs: HOUR,
  days: 10 / 24,
  scoring: { rows: 10, ms: 0.5 },
};

function input(): ReportInput {
  const business = defaultBusiness();
  business.stakeholders.push({ role: 'DBA <team>', needs: 'Fewer pages at night' });
  const measured = measureAt(ev, 0.5);
  const money = moneyAt(measured, business.costs)!;
  const roc = chartSvg(
    rocChart({ curves: [{ model: 'iforest', fpr: [0, 0.2, 1], tpr: [0, 0.8, 1], auc: 0.8 }], width: 400 }),
    400,
    dom.window.document,
  );
  return {
    title: 'Checkout fleet <v2>',
    generatedAt: '2026-11-22T10:00:00.000Z',
    business,
    dataset: {
      name: 'demo.csv',
      rows: 32256,
      columns: 9,
      instances: 8,
      timeRange: { start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 0, 15), stepMs: 300000 },
      labelledShare: 0.031,
      metrics: [{ name: 'cpu_pct', missingPct: 0.5, min: 1, mean: 40, max: 100, std: 12 }],
      warnings: [],
    },
    quality: {
      reading: 'Two findings.',
      findings: [{ severity: 'warning', title: '12 missing cpu_pct values', remedy: 'forward fill' }],
    },
    edaCharts: [],
    prep: { steps: ['Metrics used: cpu_pct.'], warnings: [] },
    leaderboard: [
      {
        model: 'iforest',
        inUse: true,
        validationPrAuc: 0.61,
        validationRocAuc: 0.9,
        testPrAuc: 0.58,
        testRocAuc: 0.88,
        alertRate: 0.05,
        seconds: 2.1,
      },
    ],
    comparison: [],
    curveCharts: [{ phase: 'evaluation', cell: 'evaluate', title: 'ROC curve', svg: roc, caption: 'ROC.' }],
    evaluation: {
      model: 'iforest',
      measured,
      incidentsPerDay: 4.8,
      checks: checkCriteria(business.criteria, measured),
      money,
      formula: moneyFormula(money, business.costs),
    },
    deploy: { bundleName: 'checkout.awb', sha256: 'ab12' },
    notes: [
      {
        key: 'evaluation/evaluate',
        title: 'ROC and PR',
        text: 'Good **separation**. <script>alert(1)</script>',
      },
      { key: 'data/stats', title: 'Statistics', text: 'Skewed *memory* <img src=x onerror=alert(2)>' },
      { key: 'business/objectives', title: 'Objectives', text: '   ' },
    ],
  };
}

describe('the stakeholder report', () => {
  const html = reportHtml(input(), sanitize);
  const doc = new JSDOM(html).window.document;

  it('is one self-contained HTML file: inline CSS and SVG, no script, nothing fetched', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(doc.querySelectorAll('script, link, iframe, object, embed').length).toBe(0);
    expect(html).not.toMatch(/onerror|javascript:/i);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(
      /default-src 'none'/,
    );
    // Nothing is loaded from anywhere (a note's image is dropped), and the contents link inside the file.
    expect(doc.querySelectorAll('[src], img').length).toBe(0);
    for (const a of doc.querySelectorAll('nav a')) expect(a.getAttribute('href')).toMatch(/^#s-/);
    expect(doc.querySelector('style')?.textContent).toMatch(/@media print/);
    expect(doc.querySelector('style')?.textContent).toMatch(/@page \{ size: A4/);
    expect(doc.querySelector('#s-curves svg')).not.toBeNull();
  });

  it('holds every part the issue asks for, in notebook order', () => {
    const ids = [...doc.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section'));
    expect(ids).toEqual([
      'objectives',
      'context',
      'stakeholders',
      'targets',
      'data-summary',
      'quality',
      'notes-data',
      'prep',
      'leaderboard',
      'curves',
      'criteria-check',
      'chosen',
      'deploy',
    ]);
    const criteria = [...doc.querySelectorAll('[data-report="criteria"] tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(criteria[0]).toEqual(['Precision', '≥ 0.85', '0.667', 'not met']);
    expect(criteria[4]).toEqual(['Alerts per day (fleet)', '≤ 20', '7.2', 'met']);
    const chosen = doc.querySelector('[data-report="chosen"]')?.textContent ?? '';
    expect(chosen).toMatch(/Expected alerts per day \(fleet\)7\.2 \(budget 20\)/);
    expect(chosen).toMatch(/Saved\$9,950 over 0\.4 days/);
    expect(chosen).toMatch(/Alert incidents per day \(alert rules\)4\.8/);
    expect(doc.querySelector('#s-deploy pre')?.textContent).toBe(
      'npm run -s cli -- score checkout.awb your-metrics.csv --out scores.csv',
    );
    expect(doc.querySelector('.keyfigures')?.textContent).toMatch(/2 \/ 6success criteria met/);
  });

  it('escapes user text and sanitizes notes, which follow their cells', () => {
    expect(doc.querySelector('h1')?.textContent).toBe('Checkout fleet <v2>');
    expect(doc.querySelector('[data-report="stakeholders"]')?.textContent).toMatch(/DBA <team>/);
    const curveNote = doc.querySelector('#s-curves aside.note');
    expect(curveNote?.innerHTML).toContain('<strong>separation</strong>');
    expect(doc.querySelector('[data-section="notes-data"] aside.note em')?.textContent).toBe('memory');
    // A blank note adds nothing.
    expect(doc.querySelector('#s-objectives aside.note')).toBeNull();
  });

  it('shows hostile names (metrics, instances, models, chart labels) as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>"><svg onload=alert(2)>';
    const r = input();
    r.title = evil;
    r.dataset!.name = `${evil}.csv`;
    r.dataset!.metrics[0].name = `cpu ${evil}`;
    r.dataset!.warnings = [`column 'cpu ${evil}': 3 cells empty`];
    r.leaderboard[0].model = `iforest ${evil}`;
    r.deploy = { bundleName: `${evil}.awb`, sha256: evil };
    r.curveCharts = [
      {
        phase: 'evaluation',
        cell: 'evaluate',
        title: evil,
        caption: evil,
        svg: chartSvg(
          rocChart({ curves: [{ model: `m ${evil}`, fpr: [0, 1], tpr: [0, 1], auc: 0.5 }], width: 300 }),
          300,
          dom.window.document,
        ),
      },
    ];
    const hostile = new JSDOM(reportHtml(r, sanitize)).window.document;
    expect(hostile.querySelectorAll('img, script, iframe, [onerror], [onload]').length).toBe(0);
    for (const svg of hostile.querySelectorAll('svg')) expect(svg.closest('figure.chart')).not.toBeNull();
    expect(hostile.querySelector('h1')?.textContent).toBe(evil);
    expect(hostile.querySelector('[data-section="data-summary"]')?.textContent).toContain(`cpu ${evil}`);
    expect(hostile.querySelector('[data-report="leaderboard"]')?.textContent).toContain(`iforest ${evil}`);
    expect(hostile.querySelector('#s-curves figure.chart')?.textContent).toContain(`m ${evil}`);
  });

  it('gives each slide the notes after the cells it shows', () => {
    const r = input();
    const sections = reportSections(r, sanitize);
    const curves = sections.find((s) => s.id === 'curves')!;
    expect(sectionNotes(curves, r.notes).map((n) => n.key)).toEqual(['evaluation/evaluate']);
    expect(sections.filter((s) => s.keySlide).map((s) => s.id)).toEqual([
      'objectives',
      'targets',
      'data-summary',
      'leaderboard',
      'curves',
      'criteria-check',
      'chosen',
      'deploy',
    ]);
  });
});
