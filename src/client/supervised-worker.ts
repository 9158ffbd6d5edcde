import * as Comlink from 'comlink';
import { LIFE_LOCK_HELD, LIFE_LOCK_REQUEST } from '../worker/life-lock';

/** The `name` of the error a call gets when its worker died before answering. */
export const WORKER_CRASHED = 'WorkerCrashed';

/** Whether an error says the worker died under the call (as opposed to the call itself failing). */
export function isWorkerCrash(e: unknown): boolean {
  return !!e && typeof e === 'object' && 'name' in e && (e as { name: unknown }).name === WORKER_CRASHED;
}

export interface SupervisedWorkerOptions<T> {
  /** What the user calls it in messages, e.g. "engine worker". */
  name: string;
  /** Starts a fresh worker. The `new Worker(new URL(...))` stays at the caller, where Vite can see it. */
  spawn: () => Worker;
  /**
   * Puts back, in a fresh worker after a crash, the state the page expects it to hold (loaded data, a
   * fitted model). Calls made meanwhile wait for it; `api` reaches the new worker directly.
   */
  restore?: (api: Comlink.Remote<T>) => Promise<void>;
  /** Told after each restart (with the restore's error, if it failed). */
  onRestart?: (restoreError: unknown) => void;
  /** The Web Locks manager that tells a worker's death; absent (no secure context), crashes go unseen. */
  locks?: LockManager | null;
}

type State = 'starting' | 'restoring' | 'ready' | 'stopped' | 'failed';
type Listener = (ev: MessageEvent) => void;
interface Outgoing {
  msg: { id?: string; type?: string; path?: string[] };
  transfer: Transferable[];
}

/** After this many crashes in a row without a successful restart, the worker is given up on. */
const MAX_RESTARTS = 3;

let armed: { name: string; method: string } | null = null;

/**
 * Fault injection for tests: the next call of `method` on a supervised worker named `name` kills that
 * worker right after the call is sent, as a crash would (the supervisor is not told; it must notice).
 */
export function crashOnNextCall(name: string, method: string): void {
  armed = { name, method };
}

let lockCounter = 0;
/** Web Locks are shared by every tab of the site: the page's own prefix keeps two tabs' locks apart. */
const PAGE_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A comlink worker that is watched and restarted when it dies. Each worker holds a Web Lock for as long
 * as it lives (see worker/life-lock.ts); the page queues for the same lock, which it is granted only
 * when the worker is gone — a terminate, `close()` or a crash of the worker's thread alike. Every call
 * still waiting for an answer then rejects with a `WorkerCrashed` error that says so, a fresh worker is
 * started, `restore` puts the page's state back into it, and calls made in the meantime run after that.
 * A worker that dies while busy is reported within about two seconds (Chromium's grace period).
 */
export class SupervisedWorker<T> {
  /** The worker's API; calls wait while a worker starts or is restored. */
  readonly api: Comlink.Remote<T>;
  /** How many times a crashed worker was replaced. */
  restarts = 0;
  private readonly direct: Comlink.Remote<T>;
  private readonly opts: SupervisedWorkerOptions<T>;
  private readonly locks: LockManager | null;
  private worker: Worker | null = null;
  private state: State = 'starting';
  private generation = 0;
  private crashesInRow = 0;
  private unwatch: AbortController | null = null;
  private listeners = new Set<Listener>();
  private inflight = new Set<string>();
  private queue: Outgoing[] = [];
  private failure = '';

  constructor(opts: SupervisedWorkerOptions<T>) {
    this.opts = opts;
    this.locks = opts.locks === undefined ? (globalThis.navigator?.locks ?? null) : opts.locks;
    this.api = Comlink.wrap<T>(this.endpoint(false));
    this.direct = Comlink.wrap<T>(this.endpoint(true));
    this.start();
  }

  /** Calls sent and not yet answered. */
  get pending(): number {
    return this.inflight.size;
  }

  /** Ends the worker for good (the page is done with it): calls still waiting reject. */
  terminate(): void {
    if (this.state === 'stopped') return;
    this.failure = `The ${this.opts.name} was stopped.`;
    this.state = 'stopped';
    this.end();
    this.rejectAll(this.failure, false);
  }

  /** Kills the worker without telling anyone, as a crash would; for tests of the recovery. */
  kill(): void {
    this.worker?.terminate();
  }

  private endpoint(direct: boolean): Comlink.Endpoint {
    return {
      postMessage: (msg: Outgoing['msg'], transfer?: Transferable[]) =>
        this.post({ msg, transfer: transfer ?? [] }, direct),
      addEventListener: (_type: string, l: EventListenerOrEventListenerObject) =>
        this.listeners.add(l as Listener),
      removeEventListener: (_type: string, l: EventListenerOrEventListenerObject) =>
        this.listeners.delete(l as Listener),
    };
  }

  private post(out: Outgoing, direct: boolean): void {
    if (this.state === 'stopped' || this.state === 'failed') {
      const id = out.msg.id;
      if (id) queueMicrotask(() => this.answerWithError(id, this.failure, false));
    } else if (this.state === 'ready' || (direct && this.state === 'restoring')) {
      this.send(out);
    } else {
      this.queue.push(out);
    }
  }

  private send({ msg, transfer }: Outgoing): void {
    const worker = this.worker as Worker;
    if (msg.id) this.inflight.add(msg.id);
    worker.postMessage(msg, transfer);
    const method = msg.type === 'APPLY' ? msg.path?.[0] : undefined;
    if (armed && armed.name === this.opts.name && armed.method === method) {
      armed = null;
      this.kill();
    }
  }

  private start(): void {
    const generation = ++this.generation;
    const worker = this.opts.spawn();
    this.worker = worker;
    this.state = 'starting';
    const lockName = `awb-life-${PAGE_ID}-${this.opts.name.replace(/\W+/g, '-')}-${++lockCounter}`;
    worker.addEventListener('message', (ev: MessageEvent) => {
      if (generation !== this.generation) return;
      const data = ev.data as { id?: string; [LIFE_LOCK_HELD]?: string } | null;
      if (data && data[LIFE_LOCK_HELD] === lockName) {
        this.watch(lockName, generation);
        void this.becomeReady(generation);
        return;
      }
      if (data?.id) this.inflight.delete(data.id);
      for (const l of [...this.listeners]) l(ev);
    });
    // A worker whose script fails to load or throws on start never answers the handshake.
    worker.addEventListener('error', (ev: Event) => {
      if (generation !== this.generation || this.state !== 'starting') return;
      ev.preventDefault?.();
      const message = (ev as Partial<ErrorEvent>).message;
      const detail = message ? `: ${message}` : '';
      this.crashed(generation, `The ${this.opts.name} failed to start${detail}.`);
    });
    worker.postMessage({ [LIFE_LOCK_REQUEST]: lockName, watched: !!this.locks });
  }

  private watch(lockName: string, generation: number): void {
    if (!this.locks) return;
    const unwatch = new AbortController();
    this.unwatch = unwatch;
    this.locks
      .request(lockName, { signal: unwatch.signal }, () => {
        if (generation === this.generation && this.state !== 'stopped')
          this.crashed(
            generation,
            `The ${this.opts.name} stopped unexpectedly (it crashed or ran out of memory) and was restarted: press Retry.`,
          );
      })
      .catch(() => {
        /* aborted: this worker was ended on purpose */
      });
  }

  private async becomeReady(generation: number): Promise<void> {
    let restoreError: unknown = null;
    if (this.restarts > 0 && this.opts.restore) {
      this.state = 'restoring';
      try {
        await this.opts.restore(this.direct);
      } catch (e) {
        restoreError = e;
      }
      if (generation !== this.generation) return; // crashed again while restoring
    }
    this.state = 'ready';
    if (this.restarts > 0) {
      this.crashesInRow = 0;
      this.opts.onRestart?.(restoreError);
    }
    const queued = this.queue;
    this.queue = [];
    for (const out of queued) this.send(out);
  }

  private crashed(generation: number, message: string): void {
    if (generation !== this.generation) return;
    this.end();
    this.rejectAll(message, true);
    this.crashesInRow++;
    if (this.crashesInRow > MAX_RESTARTS) {
      this.state = 'failed';
      this.failure = `The ${this.opts.name} kept stopping and was not restarted again; reload the page (your saved work is kept).`;
      for (const out of this.queue.splice(0))
        if (out.msg.id) this.answerWithError(out.msg.id, this.failure, true);
      return;
    }
    this.restarts++;
    this.start();
  }

  private end(): void {
    this.generation++;
    this.unwatch?.abort();
    this.unwatch = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private rejectAll(message: string, crash: boolean): void {
    const ids = [...this.inflight];
    this.inflight.clear();
    for (const id of ids) this.answerWithError(id, message, crash);
    if (!crash)
      for (const out of this.queue.splice(0))
        if (out.msg.id) this.answerWithError(out.msg.id, message, false);
  }

  /** Answers a call as comlink's own thrown-error reply would, so its promise rejects with `message`. */
  private answerWithError(id: string, message: string, crash: boolean): void {
    const data = {
      id,
      type: 'HANDLER',
      name: 'throw',
      value: { isError: true, value: { name: crash ? WORKER_CRASHED : 'Error', message } },
    };
    for (const l of [...this.listeners]) l({ data } as MessageEvent);
  }
}
