/**
 * Runs fuzz cases one at a time in a worker thread with a time bound per case, so that a case that
 * hangs is detected (the worker is ended and a new one started) and one that kills its thread (out of
 * memory, a native crash, process.exit) is counted instead of taking the run down with it.
 *
 * A worker entry (see `csv-worker.ts`) answers each `{id, request}` with `{id, type: 'start', info}`
 * when it begins (what the case is, so a hang can name it) and `{id, type: 'done', result}`.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** How one case ended. */
export type PoolResult<I, R> =
  | { status: 'done'; info: I | null; result: R; ms: number }
  | { status: 'hang'; info: I | null; ms: number }
  | { status: 'crash'; info: I | null; error: string; ms: number };

/** A message from a case worker. */
export type WorkerMessage<I, R> =
  { id: number; type: 'start'; info: I } | { id: number; type: 'done'; result: R };

/** Time a case may take to start (a fresh worker loading its modules, the case being made), ms. */
export const STARTUP_MS = 60_000;

/** A worker thread running a TypeScript entry (tsx's loader registered in the thread first). */
function startTsWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, {
    eval: true,
    execArgv: [],
    workerData,
    resourceLimits,
    stdout: true,
    stderr: true,
  });
}

export class CasePool<Q, I, R> {
  private worker: Worker | null = null;
  private nextId = 0;
  /** Workers started so far (1 + one per hang or crash). */
  started = 0;

  /**
   * @param entry - the worker's module (a .ts file)
   * @param workerData - given to every worker started
   * @param resourceLimits - heap limits per worker: a case over them is a crash, not the runner's death
   */
  constructor(
    private readonly entry: URL,
    private readonly workerData: unknown,
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  /**
   * Runs one case; ends in `hang` when it has not answered within `deadlineMs` of starting it (the
   * worker's `start` message: a fresh worker's start-up and the case's making are not counted, within
   * {@link STARTUP_MS}).
   */
  run(request: Q, deadlineMs: number): Promise<PoolResult<I, R>> {
    if (!this.worker) {
      this.worker = startTsWorker(this.entry, this.workerData, this.resourceLimits);
      this.started++;
      // The case's own output is not the runner's: a case that logs megabytes must not flood it.
      this.worker.stdout.resume();
      this.worker.stderr.resume();
    }
    const worker = this.worker;
    const id = this.nextId++;
    const t0 = performance.now();
    let info: I | null = null;
    return new Promise((resolve) => {
      const finish = (result: PoolResult<I, R>, dead: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (dead && this.worker === worker) this.worker = null;
        resolve(result);
      };
      let started = t0;
      const onMessage = (m: WorkerMessage<I, R>): void => {
        if (m.id !== id) return;
        if (m.type === 'start') {
          info = m.info;
          started = performance.now();
          clearTimeout(timer);
          timer = setTimeout(onTimeout, deadlineMs);
        } else finish({ status: 'done', info, result: m.result, ms: performance.now() - started }, false);
      };
      const onError = (e: Error): void => {
        finish(
          { status: 'crash', info, error: `${e.name}: ${e.message}`, ms: performance.now() - started },
          true,
        );
        void worker.terminate();
      };
      const onExit = (code: number): void =>
        finish(
          {
            status: 'crash',
            info,
            error: `worker exited with code ${code}`,
            ms: performance.now() - started,
          },
          true,
        );
      const onTimeout = (): void => {
        finish({ status: 'hang', info, ms: performance.now() - started }, true);
        void worker.terminate();
      };
      let timer = setTimeout(onTimeout, deadlineMs + STARTUP_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, request });
    });
  }

  /** Ends the worker. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
