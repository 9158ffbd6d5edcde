import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  ANOMALY_COLOR,
  SPLIT_COLORS,
  SPLIT_TEXT_COLORS,
  TEXT_COLOR,
  formatCount,
  formatX,
  xScale,
  type XAxisKind,
  themed,
} from './theme';

export interface SplitTimelineInput {
  /** Epoch ms of the first row. */
  start: number;
  /** Epoch ms of the train/test cut: rows before it train, rows from it on test. */
  split: number;
  /** Epoch ms of the last row. */
  end: number;
  trainRows: number;
  testRows: number;
  /** Labelled anomaly ranges (epoch ms), drawn as a strip above the bar. */
  anomalyRanges?: { start: number; end: number }[];
  width?: number;
  /** 'row' when the positions are row numbers (data without a time column); default 'time'. */
  axis?: XAxisKind;
}

const BAR = { y1: 0, y2: 0.6 } as const;
const STRIP = { y1: 0.72, y2: 1 } as const;

/**
 * Split timeline: a thin bar over the UTC time axis, the train segment and the test segment in their
 * split colours and labelled with their row counts, the split time written at the cut, and labelled
 * anomaly ranges as a strip of marks above the bar (anomalies in the test segment are what the
 * evaluation can see).
 *
 * @throws RangeError when the times are not finite or not ordered start <= split <= end
 */
export function splitTimelineChart(input: SplitTimelineInput): PlotOptions {
  const { start, split, end } = input;
  if (![start, split, end].every(Number.isFinite) || !(start <= split && split <= end)) {
    throw new RangeError(
      `split timeline: expected start <= split <= end, got ${formatX(start, input.axis)}, ${formatX(split, input.axis)}, ${formatX(end, input.axis)}`,
    );
  }
  const segments = [
    {
      name: 'Train',
      x1: start,
      x2: split,
      rows: input.trainRows,
      fill: SPLIT_COLORS.train,
      text: SPLIT_TEXT_COLORS.train,
    },
    {
      name: 'Test',
      x1: split,
      x2: end,
      rows: input.testRows,
      fill: SPLIT_COLORS.test,
      text: SPLIT_TEXT_COLORS.test,
    },
  ];
  const ranges = input.anomalyRanges ?? [];
  const cut = end > start ? (split - start) / (end - start) : 0.5;

  const marks: Markish[] = [
    Plot.rect(segments, {
      x1: 'x1',
      x2: 'x2',
      ...BAR,
      fill: 'fill',
      title: (d: Seg) => segmentTitle(d, input.axis),
    }),
    Plot.text(segments, {
      x: (d: Seg) => (d.x1 + d.x2) / 2,
      y: (BAR.y1 + BAR.y2) / 2,
      text: (d: Seg) => `${d.name} · ${formatCount(d.rows)} rows`,
      fill: 'text',
      fontWeight: 600,
    }),
    Plot.ruleX([split], { y1: 0, y2: 1, stroke: TEXT_COLOR, strokeWidth: 1.5 }),
  ];
  if (ranges.length > 0) {
    marks.push(
      Plot.rect(ranges, {
        x1: 'start',
        x2: 'end',
        ...STRIP,
        fill: ANOMALY_COLOR,
        insetLeft: -1,
        insetRight: -1,
        title: (r: { start: number; end: number }) =>
          `labelled anomaly\n${formatX(r.start, input.axis)} – ${formatX(r.end, input.axis)}`,
      }),
      Plot.text([`▮ labelled anomalies (${formatCount(ranges.length)})`], {
        // On the side away from the split label, so the two never overlap.
        frameAnchor: cut > 0.5 ? 'top-left' : 'top-right',
        lineAnchor: 'bottom',
        dy: -4,
        fill: ANOMALY_COLOR,
      }),
    );
  }
  marks.push(
    Plot.text([`split ${formatX(split, input.axis)}`], {
      x: [split],
      // Kept inside the chart when the cut is near either end.
      textAnchor: cut < 0.15 ? 'start' : cut > 0.85 ? 'end' : 'middle',
      frameAnchor: 'top',
      lineAnchor: 'bottom',
      dy: -4,
      fill: TEXT_COLOR,
    }),
  );

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 96,
    marginTop: 22,
    marginBottom: 30,
    marginLeft: 16,
    marginRight: 16,
    x: { type: xScale(input.axis).type, domain: [start, end], label: null },
    y: { domain: [0, 1], axis: null },
    marks,
  });
}

type Seg = { name: string; x1: number; x2: number; rows: number };

function segmentTitle(d: Seg, axis?: XAxisKind): string {
  return `${d.name}: ${formatCount(d.rows)} rows\n${formatX(d.x1, axis)} – ${formatX(d.x2, axis)}`;
}
