import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { HourlyProfile, WeekdayProfile } from '../engine/eda/seasonal-profile';
import {
  MUTED_TEXT_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  colorLegend,
  emptyChart,
  formatCount,
  formatNumber,
  labelWithUnit,
  themed,
} from './theme';

/** The p10-p90 band around the hourly mean: a light slate under the series colour. */
const BAND_COLOR = '#cbd5e1';
/** Weekend bars: a mid slate, distinct from the weekday bars without carrying a warm (anomaly) hue. */
const WEEKEND_COLOR = '#94a3b8';
/** The weekdays-only hourly mean: dashed, in a lighter slate than the all-days mean. */
const WEEKDAYS_LINE_COLOR = '#64748b';

export interface HourlyChartInput {
  metric: string;
  unit?: string;
  /** Hour-of-day profile over all days (`SeasonalProfile.hourly`). */
  hourly: HourlyProfile;
  /** Optional weekdays-only profile (`SeasonalProfile.hourlyWeekdays`), drawn as a dashed line. */
  hourlyWeekdays?: HourlyProfile;
  /** Not drawn here (see {@link weekdayChart}); accepted so one input object can feed both charts. */
  weekday?: WeekdayProfile;
  width?: number;
  height?: number;
}

export interface WeekdayChartInput {
  metric: string;
  unit?: string;
  /** Day-of-week profile, Monday first (`SeasonalProfile.weekday`). */
  weekday: WeekdayProfile;
  width?: number;
  height?: number;
}

/** `07:00`: an hour of the day. */
function hourLabel(h: number): string {
  return `${String(h).padStart(2, '0')}:00`;
}

/**
 * Hour-of-day pattern of one metric (UTC): the mean per hour as a line with dots, over a band from the
 * 10th to the 90th percentile, and optionally the weekdays-only mean as a dashed line. Hours without
 * values break the line. A tip gives each hour's numbers.
 */
export function hourlyChart(input: HourlyChartInput): PlotOptions {
  const { metric, unit, hourly } = input;
  const rows = hourly.rows.filter((r) => Number.isFinite(r.mean));
  if (rows.length === 0) {
    return emptyChart(`No hourly pattern of ${metric}: it needs a time column and values.`, input.width);
  }
  const weekdays = input.hourlyWeekdays?.rows.some((r) => Number.isFinite(r.mean))
    ? input.hourlyWeekdays
    : undefined;
  const names = {
    mean: 'mean, all days',
    band: '10th–90th percentile',
    weekdays: 'mean, Mon–Fri',
  };
  const domain = [names.mean, names.band, ...(weekdays ? [names.weekdays] : [])];
  const range = [SERIES_COLOR, BAND_COLOR, ...(weekdays ? [WEEKDAYS_LINE_COLOR] : [])];

  const fmt = (v: number): string => formatNumber(v, unit);
  const marks: Markish[] = [
    Plot.areaY(hourly.rows, {
      x: 'hour',
      y1: 'p10',
      y2: 'p90',
      fill: () => names.band,
      curve: 'monotone-x',
      ariaDescription: 'p10-p90 band',
    }),
  ];
  if (weekdays) {
    marks.push(
      Plot.line(weekdays.rows, {
        x: 'hour',
        y: 'mean',
        stroke: () => names.weekdays,
        strokeWidth: 1.5,
        strokeDasharray: '5,3',
        curve: 'monotone-x',
        ariaDescription: 'weekdays mean',
      }),
    );
  }
  marks.push(
    Plot.line(hourly.rows, {
      x: 'hour',
      y: 'mean',
      stroke: () => names.mean,
      strokeWidth: 2,
      curve: 'monotone-x',
      ariaDescription: 'hourly mean',
    }),
    Plot.dot(rows, { x: 'hour', y: 'mean', r: 2.5, fill: SERIES_COLOR }),
    Plot.tip(
      hourly.rows,
      Plot.pointerX({
        x: 'hour',
        y: 'mean',
        title: (r: HourlyProfile['rows'][number]) =>
          [
            `${hourLabel(r.hour)} to ${hourLabel((r.hour + 1) % 24)} UTC`,
            `mean ${fmt(r.mean)}`,
            `10th–90th percentile: ${formatNumber(r.p10)} to ${formatNumber(r.p90)}`,
            ...(weekdays ? [`mean Mon–Fri: ${fmt(weekdays.rows[r.hour]?.mean ?? NaN)}`] : []),
            `${formatCount(r.n)} values`,
          ].join('\n'),
      }),
    ),
  );

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 260,
    marginTop: 16,
    marginBottom: 40,
    marginLeft: 56,
    marginRight: 16,
    x: {
      domain: [0, 23],
      ticks: [0, 3, 6, 9, 12, 15, 18, 21],
      tickFormat: hourLabel,
      label: 'Hour of day (UTC)',
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
    },
    y: { label: labelWithUnit(metric, unit), labelArrow: 'none', grid: true, nice: true },
    color: colorLegend(domain, range, 'Series', 'square'),
    marks,
  });
}

/**
 * Day-of-week pattern of one metric (UTC days): one bar per day, Monday to Sunday, weekend bars in a
 * lighter colour, each bar's mean written above it. Days without values have no bar.
 */
export function weekdayChart(input: WeekdayChartInput): PlotOptions {
  const { metric, unit, weekday } = input;
  const rows = weekday.rows.filter((r) => Number.isFinite(r.mean));
  if (rows.length === 0) {
    return emptyChart(`No day-of-week pattern of ${metric}: it needs a time column and values.`, input.width);
  }
  const names = { weekday: 'weekday (Mon–Fri)', weekend: 'weekend (Sat–Sun)' };
  const kind = (r: { day: number }): string => (r.day >= 5 ? names.weekend : names.weekday);
  const fmt = (v: number): string => formatNumber(v, unit);

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 260,
    marginTop: 20,
    marginBottom: 40,
    marginLeft: 56,
    marginRight: 16,
    x: {
      domain: weekday.rows.map((r) => r.name),
      label: 'Day of week (UTC)',
      labelAnchor: 'center',
      labelArrow: 'none',
      padding: 0.2,
    },
    y: { label: `${labelWithUnit(metric, unit)}, mean`, labelArrow: 'none', grid: true, nice: true },
    color: colorLegend([names.weekday, names.weekend], [SERIES_COLOR, WEEKEND_COLOR], 'Day'),
    marks: [
      Plot.barY(rows, {
        x: 'name',
        y: 'mean',
        fill: kind,
        title: (r: WeekdayProfile['rows'][number]) =>
          `${r.name}: mean ${fmt(r.mean)}\nstd ${formatNumber(r.std)}\n${formatCount(r.n)} values`,
        tip: true,
        ariaDescription: 'day mean',
      }),
      Plot.text(rows, {
        x: 'name',
        y: 'mean',
        text: (r: { mean: number }) => formatNumber(r.mean),
        lineAnchor: 'bottom',
        dy: -4,
        fill: TEXT_COLOR,
      }),
      Plot.ruleY([0], { stroke: MUTED_TEXT_COLOR }),
    ],
  });
}
