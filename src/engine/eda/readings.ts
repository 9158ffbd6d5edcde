import type { CorrelatedPair } from './correlation';
import type { MetricStats } from './descriptive-stats';
import type { DominantPeriod } from './autocorrelation';
import type { BoxStats } from './box-stats';
import type { QualityFinding } from './quality-report';
import type { SeasonalProfile } from './seasonal-profile';

/** Plain-language readings computed from the numbers, one sentence per cell, as a reader would say it. */

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const num = (x: number): string =>
  Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toString();

export function qualityReading(findings: readonly QualityFinding[]): string {
  if (!findings.length)
    return 'No data-quality problem found: no missing values, duplicates, gaps or out-of-range values.';
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const parts = [
    count('error') && `${count('error')} error(s)`,
    count('warning') && `${count('warning')} warning(s)`,
    count('info') && `${count('info')} note(s)`,
  ].filter(Boolean);
  return `${parts.join(', ')}; the most severe: ${findings[0].title}`;
}

export function statsReading(stats: readonly MetricStats[]): string {
  const overall = stats.filter((s) => s.entity === null && s.count > 0);
  if (!overall.length) return 'No metric has values.';
  const skewed = [...overall].sort((a, b) => Math.abs(b.skewness || 0) - Math.abs(a.skewness || 0))[0];
  const zeros = [...overall].sort((a, b) => b.zeroShare - a.zeroShare)[0];
  let s = `${skewed.metric} is the most skewed metric (skewness ${num(skewed.skewness)}, kurtosis ${num(skewed.kurtosis)})`;
  if (zeros.zeroShare > 0.05) s += `; ${zeros.metric} is zero in ${pct(zeros.zeroShare)} of rows`;
  return s + '.';
}

export function seasonalityReading(metric: string, p: SeasonalProfile): string {
  if (!p.n || !Number.isFinite(p.peakHour)) return `${metric} has no values with a time to profile.`;
  let s = `${metric} peaks around ${String(p.peakHour).padStart(2, '0')}:00 UTC${p.peakOnWeekdays ? ' on weekdays' : ''}`;
  const r = p.weekend.ratio;
  if (p.weekend.weekendN && p.weekend.weekdayN && Number.isFinite(r) && Math.abs(1 - r) >= 0.05) {
    s += `; the weekend mean is ${pct(Math.abs(1 - r))} ${r < 1 ? 'lower' : 'higher'} than on weekdays`;
  } else if (p.weekend.weekendN && p.weekend.weekdayN) s += '; weekends look like weekdays';
  return s + '.';
}

export function correlationReading(pairs: readonly CorrelatedPair[], method: string): string {
  const top = pairs[0];
  if (!top || !Number.isFinite(top.r)) return 'Not enough metrics with variance to correlate.';
  const strength = Math.abs(top.r) >= 0.7 ? 'strongly' : Math.abs(top.r) >= 0.4 ? 'moderately' : 'weakly';
  return `${top.a} and ${top.b} correlate ${strength} at ${top.r.toFixed(2)} (${method})${
    pairs[1] && Number.isFinite(pairs[1].r)
      ? `; next, ${pairs[1].a} and ${pairs[1].b} at ${pairs[1].r.toFixed(2)}`
      : ''
  }.`;
}

function duration(ms: number): string {
  const h = ms / 3_600_000;
  if (Math.abs(h - 24) < 0.5) return '1 day';
  if (Math.abs(h - 168) < 2) return '1 week';
  if (h >= 48) return `${num(h / 24)} days`;
  if (h >= 1) return `${num(h)} hours`;
  return `${num(ms / 60_000)} minutes`;
}

export function periodReading(metric: string, periods: readonly DominantPeriod[], hasTime: boolean): string {
  const top = periods[0];
  if (!top) return `${metric} shows no dominant period.`;
  const what = hasTime ? `${duration(top.periodMs)} (${top.periodSteps} steps)` : `${top.periodSteps} steps`;
  return `${metric} repeats every ${what}; autocorrelation ${top.acf.toFixed(2)} at that lag.`;
}

export function boxReading(metric: string, boxes: readonly BoxStats[]): string {
  const worst = [...boxes].sort(
    (a, b) => b.outliersHigh + b.outliersLow - (a.outliersHigh + a.outliersLow),
  )[0];
  if (!worst || worst.outliersHigh + worst.outliersLow === 0)
    return `${metric} has no value outside the 1.5 IQR fences.`;
  const total = boxes.reduce((s, b) => s + b.outliersHigh + b.outliersLow, 0);
  return `${metric}: ${total.toLocaleString('en-US')} value(s) outside the 1.5 IQR fences; most on ${worst.key} (${worst.outliersHigh} high, ${worst.outliersLow} low).`;
}

export function distributionReading(items: readonly { metric: string; heavyTailed: boolean }[]): string {
  const heavy = items.filter((i) => i.heavyTailed).map((i) => i.metric);
  if (!heavy.length) return 'No metric is heavy-tailed; linear scales suit them all.';
  return `${heavy.join(', ')} ${heavy.length === 1 ? 'is' : 'are'} heavy-tailed: a log scale shows ${heavy.length === 1 ? 'its' : 'their'} bulk better.`;
}
