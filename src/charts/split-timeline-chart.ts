import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  ANOMALY_COLOR,
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  SPLIT_COLORS,
  colorLegend,
  emptyChart,
  formatCount,
  formatX,
  themed,
  xScale,
  type XAxisKind,
} from './theme';

/** The three parts of a split, in time order. */
export type SplitPart = 'train' | 'validation' | 'test';

/** Fills of the parts: train dark, test light (the theme's split colours), validation in between. */
export const PART_COLORS: Record<SplitPart, string> = {
  train: SPLIT_COLORS.train,
  validation: '#8391a5',
  test: SPLIT_COLORS.test,
};

export interface SplitTimelineInput {
  /** Epoch ms (or row position) of the first row of the data. */
  start: number;
  /** Epoch ms (or row position) of the last row of the data. */
  end: number;
  /**
   * Where each part lies, per entity when the data is cut per entity (entity null: one global cut).
   * Space between an entity's parts is a gap: rows that belong to no part.
   */
  parts: { entity: string | null; part: SplitPart; start: number; end: number }[];
  /** Rows in each part (all entities), for the legend; `gap` rows belong to no part. */
  rows?: { train: number; validation: number; test: number; gap?: number };
  /**
   * Labelled anomaly ranges: shaded over their entity's row; a range that names no entity is shaded
   * over the single row of a global cut, or drawn in a strip above the rows of a per-entity cut.
   */
  anomalyRanges?: { start: number; end: number; entity?: string | null }[];
  /** Entity rows drawn at most (the first ones); default 12. */
  maxEntities?: number;
  width?: number;
  /** 'row' when the positions are row numbers (data without a time column); default 'time'. */
  axis?: XAxisKind;
}

const ALL = 'all rows';
/** The y-axis row of the anomaly ranges that name no instance. */
const STRIP = 'anomalies';
const ROW_HEIGHT = 20;
/** Stronger than the theme's shading of line charts: here it lies over opaque bars, the train bar dark. */
const ANOMALY_OPACITY = 0.45;

const PART_NAMES: Record<SplitPart, string> = { train: 'train', validation: 'validation', test: 'test' };

/**
 * Split timeline: one row per entity (or a single row for a global cut) over the time axis, its train,
 * validation and test parts as bars in the part colours, the gaps between them left as a thin line,
 * and labelled anomaly ranges shaded on top in the anomaly colour (those naming no instance in a strip
 * of their own when there are instance rows). Only the first `maxEntities` rows are drawn; a note
 * above the chart says how many were left out. The legend gives each part's rows.
 *
 * @throws RangeError when start or end is not finite, or start > end
 */
export function splitTimelineChart(input: SplitTimelineInput): PlotOptions {
  const { start, end, axis } = input;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
    throw new RangeError(
      `split timeline: expected start <= end, got ${formatX(start, axis)}, ${formatX(end, axis)}`,
    );
  }
  const entities: string[] = [];
  for (const p of input.parts) {
    const name = p.entity ?? ALL;
    if (!entities.includes(name)) entities.push(name);
  }
  if (entities.length === 0) {
    return emptyChart('No split yet: run Data Preparation to cut the data.', input.width);
  }
  const max = Math.max(1, input.maxEntities ?? 12);
  const shown = entities.slice(0, max);
  const hidden = entities.length - shown.length;
  const parts = input.parts
    .map((p) => ({ ...p, row: p.entity ?? ALL }))
    .filter((p) => shown.includes(p.row) && p.end >= p.start);

  // Each entity's span, first part start to last part end: the line that shows through the gaps.
  const spans = shown.map((row) => {
    const own = parts.filter((p) => p.row === row);
    return {
      row,
      start: Math.min(...own.map((p) => p.start)),
      end: Math.max(...own.map((p) => p.end)),
    };
  });

  const present = (['train', 'validation', 'test'] as const).filter((k) => parts.some((p) => p.part === k));
  const legend = present.map((k) =>
    input.rows ? `${PART_NAMES[k]} · ${formatCount(input.rows[k])} rows` : PART_NAMES[k],
  );
  const labelOf = (k: SplitPart) => legend[present.indexOf(k)];

  const marks: Markish[] = [
    Plot.ruleY(spans, {
      y: 'row',
      x1: 'start',
      x2: 'end',
      stroke: MUTED_TEXT_COLOR,
      strokeDasharray: '2,2',
      ariaDescription: 'gap',
    }),
    Plot.barX(parts, {
      y: 'row',
      x1: 'start',
      x2: 'end',
      fill: (p: { part: SplitPart }) => labelOf(p.part),
      insetTop: 2,
      insetBottom: 2,
      title: (p: { row: string; part: SplitPart; start: number; end: number }) =>
        `${p.row === ALL ? '' : `${p.row} · `}${PART_NAMES[p.part]}\n${formatX(p.start, axis)} – ${formatX(p.end, axis)}`,
      ariaDescription: 'split part',
    }),
  ];

  const ranges = input.anomalyRanges ?? [];
  const single = shown.length === 1 && shown[0] === ALL;
  // Ranges that name no instance cannot be put on an instance's row: with several rows they get a
  // strip of their own above the rows, rather than shading rows they may not belong to.
  const strip = !single && ranges.some((r) => r.entity == null);
  if (ranges.length > 0) {
    const style = {
      x1: 'start',
      x2: 'end',
      fill: ANOMALY_COLOR,
      // A one-row anomaly has start === end: widen every range by 1px on each side to keep it visible.
      insetLeft: -1,
      insetRight: -1,
      ariaDescription: 'labelled anomaly',
    } as const;
    const perRow = ranges.filter((r) => r.entity != null && shown.includes(r.entity));
    const unnamed = ranges.filter((r) => r.entity == null);
    if (perRow.length > 0) {
      marks.push(Plot.barX(perRow, { ...style, y: 'entity', fillOpacity: ANOMALY_OPACITY }));
    }
    if (unnamed.length > 0) {
      marks.push(
        strip
          ? Plot.barX(unnamed, { ...style, y: () => STRIP, insetTop: 3, insetBottom: 3 })
          : Plot.rect(unnamed, { ...style, fillOpacity: ANOMALY_OPACITY }),
      );
    }
    marks.push(
      Plot.text([`▮ labelled anomalies (${formatCount(ranges.length)})`], {
        frameAnchor: 'top-right',
        lineAnchor: 'bottom',
        dy: -6,
        fill: ANOMALY_COLOR,
      }),
    );
  }
  if (hidden > 0) {
    marks.push(
      Plot.text([`first ${shown.length} of ${formatCount(entities.length)} instances shown`], {
        frameAnchor: 'top-left',
        lineAnchor: 'bottom',
        dy: -6,
        fill: MUTED_TEXT_COLOR,
      }),
    );
  }

  const domain = strip ? [STRIP, ...shown] : shown;
  const longest = Math.max(...domain.map((s) => s.length));
  const marginLeft = single ? 16 : Math.min(160, 12 + 7 * longest);
  const height = 24 + 32 + domain.length * (single ? 36 : ROW_HEIGHT);
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height,
    marginTop: 24,
    marginBottom: 32,
    marginLeft,
    marginRight: 16,
    x: { type: xScale(axis).type, domain: [start, end], label: null },
    y: {
      domain,
      label: null,
      padding: 0.1,
      ...(single ? { axis: null } : { tickSize: 0 }),
    },
    color: colorLegend(
      legend,
      present.map((k) => PART_COLORS[k]),
      'part',
    ),
    marks: [Plot.gridX({ stroke: GRID_COLOR, strokeOpacity: 1 }), ...marks],
  });
}
