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

export interface RocInput {
  /** One ROC curve per model, points in threshold order (fpr and tpr of equal length). */
  curves: { model: string; fpr: ArrayLike<number>; tpr: ArrayLike<number>; auc: number }[];
  /** Operating point at the chosen threshold. */
  point?: { fpr: number; tpr: number };
  /** Outer width in pixels, clamped to [280, 560] so the square plot fits a cell; default 460. */
  width?: number;
}

/**
 * ROC chart: one line per model in its model colour, legend "iforest (AUC 0.873)", the dashed chance
 * diagonal, and the operating point at the chosen threshold. Both axes span [0, 1] at equal scale.
 */
export function rocChart(input: RocInput): PlotOptions {
  const width = clampCurveWidth(input.width);
  const curves = input.curves.filter((c) => Math.min(c.fpr.length, c.tpr.length) > 0);
  if (curves.length === 0) {
    return emptyChart('No ROC curve yet: train a model on data with labels, then evaluate it.', width);
  }
  const { rows, x, y, label, domain, range } = curveRows(
    curves.map((c) => ({
      x: c.fpr,
      y: c.tpr,
      label: curveLegendLabel(c.model, 'AUC', c.auc),
      model: c.model,
    })),
  );

  const marks: Markish[] = [
    Plot.line(
      [
        [0, 0],
        [1, 1],
      ],
      { stroke: RULE_COLOR, strokeDasharray: '4,3' },
    ),
    Plot.text(['chance'], {
      x: [0.62],
      y: [0.62],
      rotate: -45,
      dy: -6,
      fill: MUTED_TEXT_COLOR,
    }),
    Plot.line(rows, {
      x,
      y,
      z: label,
      stroke: label,
      strokeWidth: 2,
      tip: { format: { x: '.3f', y: '.3f', stroke: true, z: false } },
    }),
  ];
  if (input.point) marks.push(...operatingPointMarks(input.point.fpr, input.point.tpr, 'FPR', 'TPR'));

  return themed({
    width,
    aspectRatio: 1,
    ...CURVE_MARGINS,
    x: rateAxis('False positive rate'),
    y: rateAxis('True positive rate'),
    color: colorLegend(domain, range, 'Model', 'line'),
    marks,
  });
}
