import type { EpochLog } from '../../src/engine/detectors/detector';

/** One line on a training in epochs: where it is, how fast, on which backend, and the latest losses. */
export function epochReading(epochs: readonly EpochLog[]): string {
  const last = epochs[epochs.length - 1];
  const seconds = epochs.reduce((a, e) => a + e.seconds, 0);
  const rate = seconds > 0 ? epochs.length / seconds : NaN;
  const speed = Number.isFinite(rate)
    ? rate >= 1
      ? `${rate.toFixed(1)} epochs/s`
      : `${(1 / rate).toFixed(1)} s per epoch`
    : '';
  const val = Number.isFinite(last.valLoss) ? `, validation ${last.valLoss.toPrecision(3)}` : '';
  return (
    `Epoch ${last.epoch} of ${last.epochs}` +
    (speed ? ` · ${speed}` : '') +
    (last.backend ? ` · ${last.backend.toUpperCase()} backend` : '') +
    ` · loss ${last.loss.toPrecision(3)}${val}`
  );
}
