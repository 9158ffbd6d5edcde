import { CRITERION_METRICS } from '../business/business';
import { formatMoney } from '../business/money';
import { escapeHtml as esc, renderMarkdown, type Sanitizer } from '../markdown';
import type { ReportChart, ReportInput, ReportSection } from './report-input';

export const PHASE_TITLES: Record<string, string> = {
  business: '1. Business Understanding',
  data: '2. Data Understanding',
  prep: '3. Data Preparation',
  modeling: '4. Modeling',
  evaluation: '5. Evaluation',
  deployment: '6. Deployment',
};

const num = (v: number | null | undefined, d = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d);
const int = (v: number) => v.toLocaleString('en-US');
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

function table(head: string[], rows: string[][], attrs = ''): string {
  return (
    `<table${attrs}>` +
    (head.length ? `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` : '') +
    '<tbody>' +
    rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

function chart(c: ReportChart): string {
  return `<figure class="chart">${c.svg}<figcaption>${esc(c.caption)}</figcaption></figure>`;
}

function section(
  id: string,
  phase: string,
  cells: string[],
  title: string,
  html: string,
  keySlide = false,
): ReportSection {
  return { id, phase, cells, title, html, keySlide };
}

function businessSections(r: ReportInput, md: (t: string) => string): ReportSection[] {
  const b = r.business;
  const out = [
    section('objectives', 'business', ['objectives'], 'Objectives', md(b.objectives), true),
    section(
      'context',
      'business',
      ['scope', 'assumptions', 'risks'],
      'Scope, assumptions and risks',
      `<div class="columns"><div><h4>Scope</h4>${md(b.scope)}</div><div><h4>Assumptions</h4>${md(b.assumptions)}</div>` +
        `<div><h4>Risks</h4>${md(b.risks)}</div></div>`,
    ),
  ];
  if (b.stakeholders.length) {
    out.push(
      section(
        'stakeholders',
        'business',
        ['stakeholders'],
        'Stakeholders',
        table(
          ['Role', 'What they need from the result'],
          b.stakeholders.map((s) => [esc(s.role), esc(s.needs)]),
          ' class="wide" data-report="stakeholders"',
        ),
      ),
    );
  }
  const c = b.costs;
  out.push(
    section(
      'targets',
      'business',
      ['criteria', 'costs'],
      'Success criteria and costs',
      (b.criteria.length
        ? table(
            ['Criterion', 'Target'],
            b.criteria.map((k) => {
              const m = CRITERION_METRICS[k.metric];
              return [
                esc(m.label),
                `${k.op === '>=' ? '≥' : '≤'} ${k.value}${m.unit ? ` ${esc(m.unit)}` : ''}`,
              ];
            }),
          )
        : '<p>No success criteria were set.</p>') +
        `<p>A missed incident costs <strong>${esc(formatMoney(c.missedIncident, c.currency))}</strong>, a false alarm ` +
        `<strong>${esc(formatMoney(c.falseAlarm, c.currency))}</strong>; the on-call budget is ` +
        `<strong>${c.alertBudgetPerDay}</strong> alerts a day across the fleet.</p>`,
      true,
    ),
  );
  return out;
}

function dataSections(r: ReportInput): ReportSection[] {
  const out: ReportSection[] = [];
  const d = r.dataset;
  if (d) {
    const facts = [
      `<strong>${esc(d.name)}</strong>: ${int(d.rows)} rows × ${d.columns} columns`,
      d.instances ? `${d.instances} instances` : 'one series',
      d.timeRange
        ? `${day(d.timeRange.start)} to ${day(d.timeRange.end)} UTC, one row every ${Math.round(d.timeRange.stepMs / 60000)} min`
        : 'no time column',
      d.labelledShare === null
        ? 'no labels'
        : `${(d.labelledShare * 100).toFixed(1)}% of rows labelled anomalous`,
    ];
    out.push(
      section(
        'data-summary',
        'data',
        ['data'],
        'Data summary',
        `<p>${facts.join('; ')}.</p>` +
          table(
            ['Metric', 'Missing %', 'Min', 'Mean', 'Max', 'Std'],
            d.metrics.map((m) => [
              esc(m.name),
              num(m.missingPct, 2),
              num(m.min, 2),
              num(m.mean, 2),
              num(m.max, 2),
              num(m.std, 2),
            ]),
          ) +
          (d.warnings.length
            ? `<ul class="warnings">${d.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`
            : ''),
        true,
      ),
    );
  }
  if (r.quality) {
    const q = r.quality;
    out.push(
      section(
        'quality',
        'data',
        ['quality'],
        'Data quality findings',
        `<p>${esc(q.reading)}</p>` +
          (q.findings.length
            ? table(
                ['Severity', 'Finding', 'What to do'],
                q.findings.map((f) => [
                  `<span class="sev sev-${esc(f.severity)}">${esc(f.severity)}</span>`,
                  esc(f.title) + (f.detail ? `<div class="muted">${esc(f.detail)}</div>` : ''),
                  esc(f.remedy),
                ]),
                ' class="wide"',
              )
            : ''),
      ),
    );
  }
  for (const c of r.edaCharts) {
    out.push(section(`chart-${c.cell}`, c.phase, [c.cell], c.title, chart(c), c.cell === 'series'));
  }
  return out;
}

function prepSections(r: ReportInput): ReportSection[] {
  if (!r.prep) return [];
  return [
    section(
      'prep',
      'prep',
      ['prep-cleaning', 'prep-features', 'prep-selection', 'prep-split'],
      'Preparation steps',
      `<ol>${r.prep.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol>` +
        (r.prep.warnings.length
          ? `<ul class="warnings">${r.prep.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`
          : ''),
    ),
  ];
}

function modelingSections(r: ReportInput): ReportSection[] {
  if (!r.leaderboard.length) return [];
  return [
    section(
      'leaderboard',
      'modeling',
      ['zoo', 'train', 'history'],
      'Models compared',
      table(
        [
          'Model',
          'PR-AUC (validation)',
          'ROC-AUC (validation)',
          'PR-AUC (test)',
          'ROC-AUC (test)',
          'Alert rate',
          'Fit (s)',
        ],
        r.leaderboard.map((m) => [
          esc(m.model) + (m.inUse ? ' <strong>(in use)</strong>' : ''),
          num(m.validationPrAuc),
          num(m.validationRocAuc),
          num(m.testPrAuc),
          num(m.testRocAuc),
          `${(m.alertRate * 100).toFixed(1)}%`,
          m.seconds.toFixed(1),
        ]),
        ' data-report="leaderboard"',
      ) +
        '<p class="muted">Ranked by validation PR-AUC (average precision); the test columns judge on rows no choice was made on.</p>',
      true,
    ),
  ];
}

function evaluationSections(r: ReportInput): ReportSection[] {
  const out: ReportSection[] = [];
  if (r.curveCharts.length || r.comparison.length) {
    out.push(
      section(
        'curves',
        'evaluation',
        ['evaluate', 'compare'],
        'ROC and precision-recall on the test split',
        `<div class="charts">${r.curveCharts.map(chart).join('')}</div>` +
          (r.comparison.length
            ? table(
                ['Model', 'PR-AUC', 'ROC-AUC', 'Precision', 'Recall', 'F1', 'Alerts/day', 'Events detected'],
                r.comparison.map((m) => [
                  esc(m.model),
                  num(m.prAuc),
                  num(m.rocAuc),
                  num(m.precision),
                  num(m.recall),
                  num(m.f1),
                  num(m.alertsPerDay, 1),
                  `${m.eventsDetected}/${m.events}`,
                ]),
                ' data-report="comparison"',
              ) + '<p class="muted">Every model at its own threshold on the same test rows.</p>'
            : ''),
        true,
      ),
    );
  }
  const e = r.evaluation;
  if (!e) return out;
  out.push(
    section(
      'criteria-check',
      'evaluation',
      [],
      'Success criteria: met or not',
      table(
        ['Criterion', 'Target', 'Measured', 'Result'],
        e.checks.map((k) => [
          esc(k.name),
          esc(k.target),
          esc(k.shown),
          `<span class="${k.result === 'met' ? 'met' : k.result === 'not met' ? 'not-met' : 'muted'}">${k.result}</span>` +
            (k.reason ? `<div class="muted">${esc(k.reason)}</div>` : ''),
        ]),
        ' data-report="criteria"',
      ) +
        `<p>${e.checks.filter((k) => k.result === 'met').length} of ${e.checks.length} criteria met at threshold ` +
        `${e.measured.threshold.toPrecision(4)} on ${int(e.measured.testRows)} test rows.</p>`,
      true,
    ),
  );
  const m = e.measured;
  const cur = r.business.costs.currency;
  const money = (v: number | null) => (v === null ? '–' : esc(formatMoney(v, cur)));
  const rows: string[][] = [
    ['Model in use', esc(e.model)],
    ['Alert threshold', m.threshold.toPrecision(6)],
    [
      'Expected alerts per day (fleet)',
      m.alertsPerDay === null
        ? '–'
        : `${m.alertsPerDay.toFixed(1)} (budget ${r.business.costs.alertBudgetPerDay})`,
    ],
    ['Alert incidents per day (alert rules)', num(e.incidentsPerDay, 1)],
    ['Precision / recall / FPR', `${num(m.precision)} / ${num(m.recall)} / ${num(m.fpr, 4)}`],
    ['Incidents caught', `${m.eventsDetected} of ${m.events}`],
    ['Median detection latency', m.latencyMin === null ? '–' : `${m.latencyMin.toFixed(1)} min`],
  ];
  if (e.money) {
    rows.push(
      ['Cost without a detector', money(e.money.baseline)],
      ['Cost with the detector', money(e.money.withDetector)],
      [
        e.money.saved >= 0 ? 'Saved' : 'Lost',
        `<strong>${money(e.money.saved)}</strong> over ${e.money.days.toFixed(1)} days`,
      ],
      ['Per month (30 days)', money(e.money.savedPerMonth)],
    );
  }
  out.push(
    section(
      'chosen',
      'evaluation',
      ['money', 'threshold-rule', 'alert-rules'],
      'The chosen model and threshold',
      table([], rows, ' data-report="chosen"') +
        (e.formula
          ? `<p class="formula">${esc(e.formula)}.</p>`
          : '<p class="muted">No labelled incidents in the test rows: the cost cannot be estimated.</p>'),
      true,
    ),
  );
  return out;
}

function deploymentSections(r: ReportInput): ReportSection[] {
  if (!r.evaluation) return [];
  const name = r.deploy?.bundleName ?? 'model.awb';
  return [
    section(
      'deploy',
      'deployment',
      ['export', 'bundle-check', 'stream'],
      'How to deploy the bundle',
      (r.deploy?.sha256
        ? `<p>Bundle <code>${esc(name)}</code>, SHA-256 <code>${esc(r.deploy.sha256)}</code>.</p>`
        : `<p>Export the bundle on the Deployment page first: it downloads as <code>${esc(name)}</code>.</p>`) +
        '<p>Score a CSV with the same columns from the project folder (the CLI checks the hash and rescoring of the reference rows first):</p>' +
        `<pre>npm run -s cli -- score ${esc(name)} your-metrics.csv --out scores.csv</pre>` +
        '<p>Or serve it over HTTP (<code>/predict</code>, <code>/batch_predict</code>, <code>/health</code>, <code>/metrics</code>, OpenAPI at <code>/docs</code>):</p>' +
        `<pre>npm run serve -- ${esc(name)} --port 8080</pre>` +
        '<p>The bundle carries the whole pipeline: cleaning, features, scaling, detector, threshold and alert rules.</p>',
      true,
    ),
  ];
}

/** The report's sections in notebook order: each is also one slide of presentation mode. */
export function reportSections(r: ReportInput, sanitize?: Sanitizer): ReportSection[] {
  const md = (t: string) => `<div class="md">${renderMarkdown(t, sanitize)}</div>`;
  return [
    ...businessSections(r, md),
    ...dataSections(r),
    ...prepSections(r),
    ...modelingSections(r),
    ...evaluationSections(r),
    ...deploymentSections(r),
  ];
}
