import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { DominantPeriod } from '../engine/eda/autocorrelation';
import {
  BACKGROUND_COLOR,
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  RULE_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatCount,
  formatNumber,
  themed,
} from './theme';

export interface AcfInput {
  metric: string;
  /** Autocorrelation at lags 0..maxLag (`acf`). */
  acf: Float64Array;
  /** Half-width of the white-noise band (`acfBand(n)`); NaN or 0 draws none. */
  band: number;
  /** Dominant periods (`dominantPeriods`), strongest first. */
  periods: DominantPeriod[];
  /** Sampling step in ms, to name periods in time (`1 day`); 0 or NaN names them in steps only. */
  stepMs: number;
  width?: number;
  height?: number;
}

/** Above this many lags the stems merge: the ACF is drawn as an area instead of one rule per lag. */
const MAX_STEMS = 2000;
const MARGIN_TOP = 16;
const MARGIN_BOTTOM = 40;

const UNITS: [number, string][] = [
  [7 * 86_400_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/**
 * A duration in words: `1 day`, `12 hours`, `2 weeks`, `23.9 hours`. Weeks only when whole; otherwise
 * the largest unit that fits, up to 3 significant digits.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'n/a';
  for (const [size, name] of UNITS) {
    if (name === 'week' && ms % size !== 0) continue;
    if (ms >= size) {
      const v = +(ms / size).toPrecision(3);
      return `${formatNumber(v)} ${name}${v === 1 ? '' : 's'}`;
    }
  }
  return `${formatNumber(ms)} ms`;
}

/** `1 day (288 steps)`, or `288 steps` without a time step: how a dominant period is labelled. */
export function periodLabel(period: DominantPeriod, stepMs: number): string {
  const steps = `${formatCount(period.periodSteps)} step${period.periodSteps === 1 ? '' : 's'}`;
  return stepMs > 0 && Number.isFinite(stepMs)
    ? `${formatDuration(period.periodSteps * stepMs)} (${steps})`
    : steps;
}

/**
 * Autocorrelation plot of one metric: a stem per lag (an area when there are more than 2,000 lags),
 * the dashed ±band of white noise (about 95%), and each dominant period within the lag range marked
 * by a ringed dot and a label such as `1 day (288 steps)`. Periods beyond the largest lag are listed
 * in the top-right corner instead. The x label names the step and the band's half-width.
 */
export function acfChart(input: AcfInput): PlotOptions {
  const { metric, acf, band, periods, stepMs } = input;
  const maxLag = acf.length - 1;
  let finite = 0;
  let lo = 0;
  for (let k = 0; k < acf.length; k++) {
    if (!Number.isFinite(acf[k])) continue;
    finite++;
    lo = Math.min(lo, acf[k]);
  }
  if (acf.length < 2 || finite < 2) {
    return emptyChart(
      `No autocorrelation of ${metric}: it needs at least two values that vary over time.`,
      input.width,
    );
  }
  const hasBand = Number.isFinite(band) && band > 0;
  if (hasBand) lo = Math.min(lo, -band);

  const lags = { length: acf.length };
  const x = Float64Array.from(lags, (_, k) => k);
  const timed = stepMs > 0 && Number.isFinite(stepMs);
  const stepText = timed ? ` (steps of ${formatDuration(stepMs)})` : ' (steps)';
  const tipTitle = (_: unknown, k: number): string => {
    const lag = `lag ${formatCount(k)}${timed ? ` = ${formatDuration(k * stepMs)}` : ''}`;
    return `${lag}\nr = ${Number.isFinite(acf[k]) ? acf[k].toFixed(3) : 'n/a'}`;
  };

  const marks: Markish[] = [];
  if (hasBand) {
    marks.push(
      Plot.rect([0], { x1: 0, x2: maxLag, y1: -band, y2: band, fill: GRID_COLOR, fillOpacity: 0.6 }),
      Plot.ruleY([-band, band], {
        stroke: RULE_COLOR,
        strokeDasharray: '4,3',
        ariaDescription: 'noise band',
      }),
    );
  }
  marks.push(Plot.ruleY([0], { stroke: TEXT_COLOR }));
  if (acf.length <= MAX_STEMS) {
    marks.push(Plot.ruleX(lags, { x, y1: 0, y2: acf, stroke: SERIES_COLOR, ariaDescription: 'acf stem' }));
  } else {
    marks.push(Plot.areaY(lags, { x, y1: 0, y2: acf, fill: SERIES_COLOR, ariaDescription: 'acf area' }));
  }

  const inside = periods.filter((p) => p.periodSteps >= 1 && p.periodSteps <= maxLag);
  const outside = periods.filter((p) => !(p.periodSteps >= 1 && p.periodSteps <= maxLag));
  if (inside.length > 0) {
    const points = inside.map((p) => ({
      lag: p.periodSteps,
      r: acf[p.periodSteps],
      label: periodLabel(p, stepMs),
    }));
    marks.push(
      Plot.ruleX(points, { x: 'lag', stroke: TEXT_COLOR, strokeDasharray: '2,3', strokeOpacity: 0.6 }),
      Plot.dot(points, {
        x: 'lag',
        y: 'r',
        r: 4,
        fill: BACKGROUND_COLOR,
        stroke: TEXT_COLOR,
        strokeWidth: 1.5,
        ariaDescription: 'dominant period',
      }),
      // One text mark per period, each a line lower, so labels of close periods do not overlap.
      ...points.map((p, i) =>
        Plot.text([p], {
          x: 'lag',
          text: 'label',
          frameAnchor: 'top',
          lineAnchor: 'top',
          textAnchor: p.lag > 0.75 * maxLag ? 'end' : 'start',
          dx: p.lag > 0.75 * maxLag ? -4 : 4,
          dy: 2 + 15 * i,
          fill: TEXT_COLOR,
          stroke: BACKGROUND_COLOR,
          strokeWidth: 3,
          paintOrder: 'stroke',
          ariaDescription: 'period label',
        }),
      ),
    );
  }
  if (outside.length > 0) {
    marks.push(
      Plot.text(
        [`beyond lag ${formatCount(maxLag)}: ${outside.map((p) => periodLabel(p, stepMs)).join(', ')}`],
        {
          frameAnchor: 'top-right',
          lineAnchor: 'top',
          dy: 2 + 15 * inside.length,
          dx: -4,
          fill: MUTED_TEXT_COLOR,
          stroke: BACKGROUND_COLOR,
          strokeWidth: 3,
          paintOrder: 'stroke',
          ariaDescription: 'periods beyond range',
        },
      ),
    );
  }
  marks.push(Plot.tip(lags, Plot.pointerX({ x, y: acf, title: tipTitle })));

  // Headroom above r = 1 for the period labels, so they never cover a stem.
  const height = input.height ?? 260;
  const lines = inside.length + (outside.length > 0 ? 1 : 0);
  const yMin = Math.floor(lo * 10) / 10;
  const plotHeight = Math.max(40, height - MARGIN_TOP - MARGIN_BOTTOM);
  const headroom = lines === 0 ? 0 : Math.min(0.5 * plotHeight, 4 + 15 * lines);
  const yMax = 1 + ((1 - yMin) * headroom) / (plotHeight - headroom);
  const yTicks: number[] = [];
  const tickStep = 1 - yMin > 1.2 ? 0.2 : 0.1;
  for (let t = Math.ceil(yMin / tickStep - 1e-9); t * tickStep <= 1 + 1e-9; t++)
    yTicks.push(+(t * tickStep).toFixed(1));

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: 48,
    marginRight: 16,
    x: {
      domain: [0, maxLag],
      // The band is explained in the axis label, where it cannot cover a stem.
      label: `Lag${stepText}${hasBand ? ` · dashed: ±${band.toFixed(3)}, 95% band of white noise` : ''}`,
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: {
      domain: [yMin, yMax],
      ticks: yTicks,
      label: `Autocorrelation of ${metric}`,
      labelArrow: 'none',
      grid: true,
    },
    marks,
  });
}
