import { escapeHtml as esc, renderMarkdown, type Sanitizer } from '../markdown';
import { formatMoney } from '../business/money';
import { REPORT_CSS } from './report-css';
import type { ReportInput, ReportSection } from './report-input';
import { PHASE_TITLES, reportSections } from './sections';

/** The user's notes that belong with a section: those after the notebook cells it shows. */
export function sectionNotes(s: ReportSection, notes: ReportInput['notes']): ReportInput['notes'] {
  const keys = new Set(s.cells.map((c) => `${s.phase}/${c}`));
  return notes.filter((n) => keys.has(n.key) && n.text.trim());
}

function noteHtml(n: ReportInput['notes'][number], sanitize?: Sanitizer): string {
  return `<aside class="note"><div class="note-title">Note on ${esc(n.title)}</div>${renderMarkdown(n.text, sanitize)}</aside>`;
}

function keyFigures(r: ReportInput): string {
  const e = r.evaluation;
  if (!e) return '';
  const met = e.checks.filter((k) => k.result === 'met').length;
  const figs: [string, string][] = [
    [e.model, 'model in use'],
    [`${met} / ${e.checks.length}`, 'success criteria met'],
    [
      e.measured.alertsPerDay === null ? '–' : e.measured.alertsPerDay.toFixed(1),
      `alerts per day (budget ${r.business.costs.alertBudgetPerDay})`,
    ],
    [
      e.money?.savedPerMonth == null ? '–' : formatMoney(e.money.savedPerMonth, r.business.costs.currency),
      e.money && e.money.saved < 0 ? 'lost per month' : 'saved per month',
    ],
  ];
  return `<div class="keyfigures">${figs.map(([v, l]) => `<div><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('')}</div>`;
}

/**
 * The stakeholder report as one self-contained HTML file: inline CSS (with a print stylesheet), charts as
 * inline SVG, no script, and a Content-Security-Policy that forbids any network request or script, so the
 * file opens offline and nothing in a note can run.
 */
export function reportHtml(r: ReportInput, sanitize?: Sanitizer): string {
  const sections = reportSections(r, sanitize);
  const used = new Set<string>();
  const phases = Object.keys(PHASE_TITLES);
  const body = phases
    .map((phase) => {
      const own = sections.filter((s) => s.phase === phase);
      const parts = own.map((s) => {
        const notes = sectionNotes(s, r.notes).filter((n) => !used.has(n.key));
        notes.forEach((n) => used.add(n.key));
        return (
          `<section class="part" id="s-${s.id}" data-section="${s.id}"><h3>${esc(s.title)}</h3>${s.html}` +
          notes.map((n) => noteHtml(n, sanitize)).join('') +
          '</section>'
        );
      });
      const rest = r.notes.filter((n) => n.key.startsWith(`${phase}/`) && !used.has(n.key) && n.text.trim());
      rest.forEach((n) => used.add(n.key));
      if (rest.length) {
        parts.push(
          `<section class="part" data-section="notes-${phase}"><h3>Notes</h3>${rest.map((n) => noteHtml(n, sanitize)).join('')}</section>`,
        );
      }
      if (!parts.length) return '';
      return `<section class="phase" id="phase-${phase}"><h2>${esc(PHASE_TITLES[phase])}</h2>${parts.join('')}</section>`;
    })
    .join('');
  const toc = sections.map((s) => `<li><a href="#s-${s.id}">${esc(s.title)}</a></li>`).join('');
  const date = r.generatedAt.slice(0, 16).replace('T', ' ');
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(r.title)} — anomaly detection report</title><style>${REPORT_CSS}</style></head><body><main>` +
    `<header class="cover"><h1>${esc(r.title)}</h1><p class="sub">Anomaly detection on infrastructure metrics: ` +
    `report for stakeholders, generated ${esc(date)} UTC by Anomaly Workbench.</p>${keyFigures(r)}</header>` +
    `<nav class="toc" aria-label="Contents"><ol>${toc}</ol></nav>${body}` +
    '<footer>One self-contained file: charts are inline SVG, styles are inline, nothing is fetched. ' +
    'Print it (A4) for a PDF.</footer></main></body></html>\n'
  );
}
