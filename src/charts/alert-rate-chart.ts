import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ANOMALY_COLOR, TEXT_COLOR, emptyChart, formatCount, formatNumber, formatUtc, themed } from './theme';

/** One bin of the alert rate (`AlertRate.bins`): [start, end) in epoch ms, or row positions. */
export interface AlertRateBin {
  start: number;
  end: number;
  /** Rows in the bin, alerting rows among them, and the instances with an alerting row. */
  rows: number;
  alerts: number;
  entities: number;
}

export interface AlertRateInput {
  bins: readonly AlertRateBin[];
  /** `time`: start and end are epoch ms; `row`: row positions within each instance. */
  axis: 'time' | 'row';
  /** What one bin spans: `hour`, `day`, `week`, or `rows` without times. */
  binName: string;
  width?: number;
  height?: number;
}

/** Above this many bins the bars touch: a gap of a pixel would leave nothing of them. */
const MAX_INSET_BINS = 150;
/** Rough advance of a character at 12px, to make room for the mean's label. */
const CHAR_WIDTH = 6.6;

/** What a bin is called after "per": `day`, or `50 rows` for row bins (their size read from the bins). */
function perName(bins: readonly AlertRateBin[], axis: 'time' | 'row', binName: string): string {
  if (axis === 'row' || binName === 'rows') {
    const size = Math.round(bins[0].end - bins[0].start);
    return size === 1 ? 'row' : `${formatCount(size)} rows`;
  }
  return binName;
}

/** The span of a bin as a tip reads it: a date for a day, `week of` a Monday, an hour, or rows. */
function binRange(bin: AlertRateBin, axis: 'time' | 'row', binName: string): string {
  if (axis === 'row') {
    const last = Math.max(bin.start, Math.round(bin.end) - 1);
    return `rows ${formatCount(bin.start)}–${formatCount(last)} of each instance`;
  }
  const start = formatUtc(bin.start);
  if (binName === 'day') return `${start.slice(0, 10)} (UTC)`;
  if (binName === 'week') return `week of ${start.slice(0, 10)} (UTC)`;
  if (binName === 'hour') return `${start.slice(0, 16)}–${formatUtc(bin.end).slice(11, 16)} UTC`;
  return `${start} – ${formatUtc(bin.end)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The tip of a bin: its span, its alerting rows out of its rows with the share, and the instances. */
export function alertRateTitle(bin: AlertRateBin, axis: 'time' | 'row', binName: string): string {
  const share = bin.rows > 0 ? `${formatNumber(+((100 * bin.alerts) / bin.rows).toFixed(1))}%` : 'n/a';
  return [
    binRange(bin, axis, binName),
    `${plural(bin.alerts, 'alerting row', 'alerting rows')} of ${formatCount(bin.rows)} (${share})`,
    `${plural(bin.entities, 'instance', 'instances')} alerting`,
  ].join('\n');
}

/**
 * Alerting rows over time: one bar per bin (an hour, a day, a week, or a block of rows without times)
 * in the anomaly colour, from the bin's start to its end, with a dashed rule at the mean per bin,
 * labelled. A tip gives each bin's span, alerting rows out of its rows with the share, and the number
 * of instances alerting in it. Without bins it says how to get them.
 */
export function alertRateChart(input: AlertRateInput): PlotOptions {
  const { bins, axis, binName } = input;
  if (bins.length === 0) {
    return emptyChart(
      'No alert rate yet: score the test rows with a model and a threshold to count alerts over time.',
      input.width,
    );
  }
  const per = perName(bins, axis, binName);
  const total = bins.reduce((s, b) => s + b.alerts, 0);
  const mean = total / bins.length;
  const peak = bins.reduce((m, b) => Math.max(m, b.alerts), 0);
  const rows = bins.map((b) => ({
    ...b,
    mid: (b.start + b.end) / 2,
    title: alertRateTitle(b, axis, binName),
  }));
  const inset = bins.length > MAX_INSET_BINS ? 0 : 0.5;
  const meanLabel = `mean ${formatNumber(+mean.toPrecision(3))}\nper ${per}`;
  const marginRight = Math.ceil(10 + CHAR_WIDTH * Math.max(...meanLabel.split('\n').map((l) => l.length)));

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 220,
    marginTop: 20,
    marginRight,
    marginBottom: 36,
    marginLeft: 48,
    x: {
      ...(axis === 'time'
        ? { type: 'utc' as const, label: 'Time (UTC)' }
        : { type: 'linear' as const, label: 'Row (position within each instance)' }),
      domain: [bins[0].start, bins[bins.length - 1].end],
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: {
      domain: [0, Math.max(1, peak) * 1.05],
      label: `Alerting rows per ${per}`,
      labelArrow: 'none',
      grid: true,
      nice: true,
      tickFormat: (v: number) => (Number.isInteger(v) ? formatCount(v) : ''),
    },
    marks: [
      Plot.rectY(rows, {
        x1: 'start',
        x2: 'end',
        y: 'alerts',
        fill: ANOMALY_COLOR,
        insetLeft: inset,
        insetRight: inset,
        ariaDescription: 'alert bar',
      }),
      Plot.ruleY([0], { stroke: TEXT_COLOR }),
      Plot.ruleY([mean], {
        stroke: TEXT_COLOR,
        strokeWidth: 1.5,
        strokeDasharray: '4,3',
        ariaDescription: 'mean rule',
      }),
      // In the right margin, level with the rule, where no bar can cover it.
      Plot.text([meanLabel], {
        y: [mean],
        frameAnchor: 'right',
        textAnchor: 'start',
        dx: 6,
        fill: TEXT_COLOR,
        ariaDescription: 'mean label',
      }),
      Plot.tip(rows, Plot.pointerX({ x: 'mid', y: 'alerts', title: 'title' })),
    ],
  });
}
