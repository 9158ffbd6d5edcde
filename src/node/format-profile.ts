import type { DataProfile, Schema, summarize } from '../engine/index';

type Summary = ReturnType<typeof summarize>;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : v.toFixed(3);
}

/** The profile as a plain-text report: schema, then one line per metric. */
export function formatProfile(file: string, schema: Schema, s: Summary, p: DataProfile): string {
  const lines = [
    `${file}: ${s.rows} rows x ${s.columns} columns`,
    `time column:   ${schema.time ?? '(none)'}${s.time ? `  ${new Date(s.time.start).toISOString()} .. ${new Date(s.time.end).toISOString()}, step ${s.time.stepMs / 60000} min` : ''}`,
    `entity column: ${schema.entity ?? '(none)'}${s.entities ? `  (${s.entities.count} entities)` : ''}`,
    `label column:  ${schema.label ?? '(none)'}${s.labelled ? `  (${s.labelled.positives} anomalous rows, ${(s.labelled.share * 100).toFixed(2)}%)` : ''}`,
    '',
    ['metric', 'missing %', 'min', 'mean', 'max', 'std']
      .map((h, i) => (i ? h.padStart(12) : h.padEnd(24)))
      .join(''),
  ];
  for (const m of s.metrics) {
    lines.push(
      m.name.padEnd(24) +
        [m.missingPct.toFixed(2), fmt(m.min), fmt(m.mean), fmt(m.max), fmt(m.std)]
          .map((x) => x.padStart(12))
          .join(''),
    );
  }
  lines.push('', `quality: ${p.quality.reading}`);
  for (const f of p.quality.findings.slice(0, 12)) lines.push(`  [${f.severity}] ${f.title}`);
  if (p.quality.findings.length > 12) lines.push(`  ... ${p.quality.findings.length - 12} more (see --json)`);
  lines.push('', `statistics: ${p.stats.reading}`);
  lines.push(`correlation: ${p.correlation.pearson.reading}`);
  for (const m of p.seasonality ?? []) lines.push(`pattern: ${m.reading}`);
  if (p.timeAbsent) lines.push(`pattern: ${p.timeAbsent}`);
  for (const m of p.periods) lines.push(`period: ${m.reading}`);
  return lines.join('\n');
}
