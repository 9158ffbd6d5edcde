import * as Comlink from 'comlink';
import { createDetector } from '../engine/detectors/index';
import type { DetectorJSON, RowContext } from '../engine/detectors/index';
import type { Matrix } from '../engine/util/matrix';
import { configureLstmBackends } from './lstm-backends';

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
  ): Promise<{ detector: DetectorJSON; seconds: number }> {
    const started = performance.now();
    const detector = await createDetector(type, params).fit(X, {
      context,
      onProgress,
      ...(labels ? { labels } : {}),
    });
    return { detector: detector.toJSON(), seconds: (performance.now() - started) / 1000 };
  },
};

export type TrainerApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
