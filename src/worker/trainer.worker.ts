import * as Comlink from 'comlink';
import { createDetector } from '../engine/detectors/index';
import type { DetectorJSON, EpochLog, RowContext } from '../engine/detectors/detector';
import type { Matrix } from '../engine/util/matrix';
import { holdLifeLock } from './life-lock';
import { configureLstmBackends } from './lstm-backends';

holdLifeLock(self as unknown as Parameters<typeof holdLifeLock>[0]);
configureLstmBackends();

/** Fits one detector on training rows handed over by the page; one fit at a time per worker. */
const api = {
  async fit(
    X: Matrix,
    context: RowContext,
    type: string,
    params: Record<string, unknown>,
    onProgress: (fraction: number) => void,
    labels?: ArrayLike<number>,
    onEpoch?: (log: EpochLog) => void,
  ): Promise<{ detector: DetectorJSON; seconds: number }> {
    const started = performance.now();
    const detector = await createDetector(type, params).fit(X, {
      context,
      onProgress,
      ...(labels ? { labels } : {}),
      ...(onEpoch ? { onEpoch } : {}),
    });
    return { detector: detector.toJSON(), seconds: (performance.now() - started) / 1000 };
  },
};

export type TrainerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
