import * as Comlink from 'comlink';
import type { EngineApi } from '../worker/engine.worker';
import { SupervisedWorker, type SupervisedWorkerOptions } from './supervised-worker';

/**
 * The main thread's handle on the engine worker, where all heavy work runs; a worker that dies is
 * replaced, and `restore` puts the page's data and model back into the new one.
 */
export function startEngine(
  restore?: SupervisedWorkerOptions<EngineApi>['restore'],
  onRestart?: SupervisedWorkerOptions<EngineApi>['onRestart'],
): SupervisedWorker<EngineApi> {
  return new SupervisedWorker<EngineApi>({
    name: 'engine worker',
    spawn: () => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }),
    restore,
    onRestart,
  });
}

/** Wraps a progress callback so the worker can call it across the thread boundary. */
export function progressProxy(fn: (fraction: number) => void): (fraction: number) => void {
  return Comlink.proxy(fn);
}

/** The message of an error thrown in the worker (comlink keeps name and message). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export function isAbort(e: unknown): boolean {
  return !!e && typeof e === 'object' && 'name' in e && (e as { name: unknown }).name === 'AbortError';
}
