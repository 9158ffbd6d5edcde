import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ANOMALY_COLOR, NORMAL_COLOR, SERIES_COLOR, emptyChart, themed } from './theme';

export interface LossCurveInput {
  /** Training loss per epoch run, in order. */
  loss: readonly number[];
  /** Validation loss per epoch (null where not measured). */
  valLoss: readonly (number | null)[];
  /** 1-based epoch whose weights were kept, once training has ended. */
  kept?: number | null;
  /** Epochs planned, so a curve in progress shows how far it has to go. */
  epochs?: number;
  width?: number;
  height?: number;
}

type Row = { epoch: number; loss: number; series: 'training' | 'validation' };

const COLORS = { training: SERIES_COLOR, validation: NORMAL_COLOR } as const;

/**
 * A network's loss per epoch, training and validation (log scale: losses fall by orders of magnitude),
 * with the kept epoch ringed; drawn live while training runs and again from the fitted state.
 */
export function lossCurveChart(input: LossCurveInput): PlotOptions {
  const rows: Row[] = [];
  input.loss.forEach((v, i) => {
    if (Number.isFinite(v) && v > 0) rows.push({ epoch: i + 1, loss: v, series: 'training' });
  });
  input.valLoss.forEach((v, i) => {
    if (v !== null && Number.isFinite(v) && v > 0) rows.push({ epoch: i + 1, loss: v, series: 'validation' });
  });
  if (!rows.length) return emptyChart('The loss curve appears after the first epoch.', input.width);
  const last = input.loss.length;
  const maxEpoch = Math.max(2, input.epochs ?? last, last);
  const step = Math.max(1, Math.ceil(maxEpoch / 10));
  const ticks = Array.from({ length: Math.floor((maxEpoch - 1) / step) + 1 }, (_, i) => 1 + i * step);
  // The kept epoch is the best validation loss: ring that point (the training one without validation).
  const atKept = rows.filter((r) => r.epoch === input.kept);
  const keptMark = atKept.some((r) => r.series === 'validation')
    ? atKept.filter((r) => r.series === 'validation')
    : atKept;
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 200,
    marginLeft: 56,
    marginTop: 24,
    x: {
      label: 'Epoch',
      labelAnchor: 'center',
      labelArrow: 'none',
      domain: [1, maxEpoch],
      ticks,
      tickFormat: 'd',
    },
    y: { label: 'Loss (MSE)', labelArrow: 'none', type: 'log', grid: true, tickFormat: '~g' },
    color: { domain: ['training', 'validation'], range: [COLORS.training, COLORS.validation], legend: true },
    marks: [
      Plot.line(rows, { x: 'epoch', y: 'loss', stroke: 'series', z: 'series', ariaDescription: 'loss line' }),
      Plot.dot(rows, { x: 'epoch', y: 'loss', fill: 'series', r: 2.5, ariaDescription: 'loss point' }),
      Plot.dot(keptMark, {
        x: 'epoch',
        y: 'loss',
        r: 7,
        stroke: ANOMALY_COLOR,
        strokeWidth: 2,
        fill: 'none',
        ariaDescription: 'kept epoch',
      }),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: 'epoch',
          y: 'loss',
          title: (r: Row) => `epoch ${r.epoch}\n${r.series} loss ${r.loss.toPrecision(4)}`,
        }),
      ),
    ],
  });
}
