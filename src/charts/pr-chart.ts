import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  CURVE_MARGINS,
  MUTED_TEXT_COLOR,
  RULE_COLOR,
  clampCurveWidth,
  colorLegend,
  curveLegendLabel,
  curveRows,
  emptyChart,
  operatingPointMarks,
  rateAxis,
  themed,
} from './theme';

export interface PrInput {
  /** One precision-recall curve per model, points in threshold order (recall and precision of equal length). */
  curves: { model: string; recall: ArrayLike<number>; precision: ArrayLike<number>; ap: number }[];
  /** Share of positive (anomalous) rows in [0, 1]: the precision of a random ranking, drawn as a baseline. */
  positiveShare?: number;
  /** Operating point at the chosen threshold. */
  point?: { recall: number; precision: number };
  /** Outer width in pixels, clamped to [280, 560] so the square plot fits a cell; default 460. */
  width?: number;
}

/**
 * Precision-recall chart: one line per model in its model colour, legend "iforest (AP 0.412)", a dashed
 * horizontal baseline at the positive share, and the operating point at the chosen threshold. Both axes
 * span [0, 1] at equal scale.
 */
export function prChart(input: PrInput): PlotOptions {
  const width = clampCurveWidth(input.width);
  const curves = input.curves.filter((c) => Math.min(c.recall.length, c.precision.length) > 0);
  if (curves.length === 0) {
    return emptyChart(
      'No precision-recall curve yet: train a model on data with labels, then evaluate it.',
      width,
    );
  }
  const { rows, x, y, label, domain, range } = curveRows(
    curves.map((c) => ({
      x: c.recall,
      y: c.precision,
      label: curveLegendLabel(c.model, 'AP', c.ap),
      model: c.model,
    })),
  );

  const marks: Markish[] = [];
  const share = input.positiveShare;
  if (share !== undefined && Number.isFinite(share)) {
    marks.push(
      Plot.ruleY([share], { stroke: RULE_COLOR, strokeDasharray: '4,3' }),
      Plot.text([`baseline: ${(share * 100).toFixed(1)}% positives`], {
        x: [0],
        y: [share],
        textAnchor: 'start',
        dx: 4,
        lineAnchor: 'bottom',
        dy: -4,
        fill: MUTED_TEXT_COLOR,
      }),
    );
  }
  marks.push(
    Plot.line(rows, {
      x,
      y,
      z: label,
      stroke: label,
      strokeWidth: 2,
      tip: { format: { x: '.3f', y: '.3f', stroke: true, z: false } },
    }),
  );
  if (input.point)
    marks.push(...operatingPointMarks(input.point.recall, input.point.precision, 'recall', 'precision'));

  return themed({
    width,
    aspectRatio: 1,
    ...CURVE_MARGINS,
    x: rateAxis('Recall'),
    y: rateAxis('Precision'),
    color: colorLegend(domain, range, 'Model', 'line'),
    marks,
  });
}
