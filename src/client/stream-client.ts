import type * as Comlink from 'comlink';
import type { StreamApi } from '../worker/stream.worker';
import { SupervisedWorker } from './supervised-worker';

/**
 * A worker of its own for the Deployment page: bundle checks, file scoring and the live stream replay.
 * If it dies, the call under way fails with a message and the next one runs in a fresh worker.
 */
export function startStreamWorker(): { api: Comlink.Remote<StreamApi>; stop: () => void } {
  const worker = new SupervisedWorker<StreamApi>({
    name: 'deployment worker',
    spawn: () => new Worker(new URL('../worker/stream.worker.ts', import.meta.url), { type: 'module' }),
  });
  return { api: worker.api, stop: () => worker.terminate() };
}
