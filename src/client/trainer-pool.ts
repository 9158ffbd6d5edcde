import * as Comlink from 'comlink';
import type { DetectorJSON, EpochLog, RowContext } from '../engine/detectors/detector';
import type { Matrix } from '../engine/util/matrix';
import type { TrainerApi } from '../worker/trainer.worker';
import { SupervisedWorker } from './supervised-worker';

/** One detector to fit on a training set. */
export interface TrainJob {
  X: Matrix;
  context: RowContext;
  type: string;
  params: Record<string, unknown>;
  /** 0/1 labels of X's rows, when the data has them (passed to fit as `FitOptions.labels`). */
  labels?: ArrayLike<number>;
  onProgress: (fraction: number) => void;
  /** Each epoch of a detector trained in epochs (the LSTM autoencoder), for a live loss curve. */
  onEpoch?: (log: EpochLog) => void;
}

interface Slot {
  worker: SupervisedWorker<TrainerApi>;
  busy: boolean;
}

interface Queued {
  job: TrainJob;
  resolve: (r: { detector: DetectorJSON; seconds: number }) => void;
  reject: (e: unknown) => void;
  slot: Slot | null;
  cancelled: boolean;
}

function cancelled(): Error {
  const e = new Error('The training was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Trainer workers, as many as the machine has cores minus one (the engine worker and the page need the
 * rest): jobs beyond that wait their turn. Cancelling a running job ends its worker at once (a fit need
 * not check for cancellation for it to stop) and starts a fresh one for the next job.
 */
export class TrainerPool {
  readonly size: number;
  private slots: Slot[] = [];
  private queue: Queued[] = [];

  constructor(size = Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1)) {
    this.size = size;
  }

  private spawn(): Slot {
    const worker = new SupervisedWorker<TrainerApi>({
      name: 'trainer worker',
      spawn: () => new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module' }),
    });
    return { worker, busy: false };
  }

  /** Queues a fit; `cancel` rejects it with an AbortError whether it waits or runs. */
  run(job: TrainJob): { result: Promise<{ detector: DetectorJSON; seconds: number }>; cancel: () => void } {
    let entry!: Queued;
    const result = new Promise<{ detector: DetectorJSON; seconds: number }>((resolve, reject) => {
      entry = { job, resolve, reject, slot: null, cancelled: false };
    });
    this.queue.push(entry);
    this.pump();
    return { result, cancel: () => this.cancel(entry) };
  }

  private cancel(entry: Queued): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    const waiting = this.queue.indexOf(entry);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    const slot = entry.slot;
    if (slot) {
      slot.worker.terminate();
      this.slots.splice(this.slots.indexOf(slot), 1);
    }
    entry.reject(cancelled());
    this.pump();
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
        this.slots.push(slot);
      }
      const entry = this.queue.shift() as Queued;
      const s = slot;
      s.busy = true;
      entry.slot = s;
      const { X, context, type, params, labels, onProgress, onEpoch } = entry.job;
      // Each worker gets its own copy of the rows (structured clone): no shared memory without COOP/COEP.
      s.worker.api
        .fit(X, context, type, params, Comlink.proxy(onProgress), labels, onEpoch && Comlink.proxy(onEpoch))
        .then(entry.resolve, entry.reject)
        .finally(() => {
          if (entry.cancelled) return;
          s.busy = false;
          this.pump();
        });
    }
  }

  /** Ends every worker (the page is going away). */
  dispose(): void {
    for (const e of [...this.queue]) this.cancel(e);
    for (const s of this.slots) s.worker.terminate();
    this.slots = [];
  }
}
