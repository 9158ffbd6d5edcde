import * as Comlink from 'comlink';
import type { StreamApi } from '../worker/stream.worker';

/** A worker of its own for the Deployment page: bundle checks, file scoring and the live stream replay. */
export function startStreamWorker(): { api: Comlink.Remote<StreamApi>; stop: () => void } {
  const worker = new Worker(new URL('../worker/stream.worker.ts', import.meta.url), { type: 'module' });
  return { api: Comlink.wrap<StreamApi>(worker), stop: () => worker.terminate() };
}
