/** The report's stylesheet, inlined in the file: screen first, then clean A4 pages for Print → PDF. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d8dee4; --panel: #f6f8fa; --accent: #0969da;
  --ok: #1a7f37; --bad: #cf222e; --note: #fff8c5; --note-line: #bf8700; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 28px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--fg); }
h3 { font-size: 16px; margin: 22px 0 8px; }
h4 { font-size: 14px; margin: 0 0 4px; }
p { margin: 6px 0; }
.sub, .muted { color: var(--muted); }
.keyfigures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 18px 0 8px; }
.keyfigures div { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; background: var(--panel); }
.keyfigures b { display: block; font-size: 18px; font-variant-numeric: tabular-nums; }
.keyfigures span { color: var(--muted); font-size: 12px; }
nav.toc ol { columns: 2; margin: 8px 0; padding-left: 20px; }
nav.toc a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 8px 0; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { background: var(--panel); font-weight: 600; }
table.wide { width: 100%; }
table.wide td, table.wide th { text-align: left; }
td:first-child { white-space: nowrap; }
table.plain td { border-bottom: 1px solid var(--line); }
.met { color: var(--ok); font-weight: 600; }
.not-met { color: var(--bad); font-weight: 600; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.sev-error { color: var(--bad); } .sev-warning { color: #9a6700; } .sev-info { color: var(--muted); }
.columns { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
.columns ul { padding-left: 18px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.charts > figure.chart { flex: 1 1 300px; max-width: calc(50% - 6px); }
/* The chart's own SVG, not the colour swatches of its legend. */
.charts > figure.chart > svg, .charts > figure.chart > figure > svg { width: 100%; }
figure.chart { margin: 8px 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
  white-space: pre-wrap; word-break: break-all; font-size: 12.5px; }
code { font-size: 12.5px; }
.formula { color: var(--muted); font-size: 13px; }
.warnings { color: #9a6700; }
aside.note { border-left: 3px solid var(--note-line); background: var(--note); padding: 6px 12px; margin: 10px 0;
  border-radius: 0 6px 6px 0; }
aside.note .note-title { font-size: 12px; font-weight: 600; color: #7d4e00; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2, h3, h4 { break-after: avoid; }
  table, figure, aside.note, pre, .keyfigures, .columns > div { break-inside: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .keyfigures div { background: none; }
}
`;
