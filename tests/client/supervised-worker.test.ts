import * as Comlink from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { crashOnNextCall, isWorkerCrash, SupervisedWorker } from '../../src/client/supervised-worker';
import { holdLifeLock } from '../../src/worker/life-lock';

/** Web Locks as the browser keeps them: one holder per name, a queue, and locks freed with their holder. */
class FakeLocks {
  private held = new Map<string, { owner: object; waiting: (() => void)[] }>();

  /** The lock manager as seen from one context; `die()` frees what it holds. */
  view(owner: object): LockManager {
    const request = (name: string, a: unknown, b?: unknown): Promise<unknown> => {
      const cb = (typeof a === 'function' ? a : b) as () => unknown;
      const signal = (typeof a === 'function' ? undefined : (a as { signal?: AbortSignal }).signal) ?? null;
      return new Promise((resolve, reject) => {
        const grant = () => {
          this.held.set(name, { owner, waiting: this.held.get(name)?.waiting ?? [] });
          Promise.resolve(cb()).then(resolve, reject);
        };
        const entry = this.held.get(name);
        if (!entry) return grant();
        entry.waiting.push(grant);
        signal?.addEventListener('abort', () => {
          entry.waiting.splice(entry.waiting.indexOf(grant), 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    };
    return { request } as unknown as LockManager;
  }

  die(owner: object): void {
    for (const [name, entry] of [...this.held]) {
      if (entry.owner !== owner) continue;
      this.held.delete(name);
      const next = entry.waiting.shift();
      if (next) {
        this.held.set(name, { owner: {}, waiting: entry.waiting });
        next();
      }
    }
  }
}

/** What the fake worker runs: a slow call, a quick one and some state that a restart loses. */
function workerApi() {
  let loaded: string | null = null;
  return {
    load: (name: string) => void (loaded = name),
    loaded: () => loaded,
    echo: (x: number) => x,
    slow: () => new Promise<number>((r) => setTimeout(() => r(1), 60_000)),
  };
}
type Api = ReturnType<typeof workerApi>;

/** A Worker stand-in on a Node MessageChannel, whose "thread" can die. */
function fakeWorkers(locks: FakeLocks) {
  const spawned: { terminate: () => void }[] = [];
  const spawn = (): Worker => {
    const { port1, port2 } = new MessageChannel();
    const self = {};
    const scope = port2 as unknown as MessagePort & EventTarget;
    holdLifeLock(scope as never, locks.view(self));
    Comlink.expose(workerApi(), port2 as never);
    let dead = false;
    const worker = {
      postMessage: (m: unknown, t?: Transferable[]) => !dead && port1.postMessage(m, t as never),
      addEventListener: (type: string, l: (ev: unknown) => void) => port1.addEventListener(type, l as never),
      terminate: () => {
        if (dead) return;
        dead = true;
        port1.close();
        locks.die(self);
      },
    };
    spawned.push(worker);
    return worker as unknown as Worker;
  };
  return { spawn, spawned };
}

describe('SupervisedWorker', () => {
  it('answers calls; a worker that dies mid-call fails the call with a clear message and is replaced', async () => {
    const locks = new FakeLocks();
    const { spawn, spawned } = fakeWorkers(locks);
    const restored: string[] = [];
    const w = new SupervisedWorker<Api>({
      name: 'test worker',
      spawn,
      locks: locks.view({}),
      restore: async (api) => {
        await api.load('demo');
        restored.push(String(await api.loaded()));
      },
    });
    expect(await w.api.echo(3)).toBe(3);
    const slow = w.api.slow();
    await new Promise((r) => setTimeout(r, 20));
    expect(w.pending).toBe(1);
    spawned[0].terminate(); // the thread ends: its lock is freed, which the page is waiting for
    const error = await slow.catch((e: unknown) => e);
    expect(isWorkerCrash(error)).toBe(true);
    expect((error as Error).message).toMatch(/test worker stopped unexpectedly .* Retry/);
    // The next call waits for the fresh worker and the restore, then runs.
    expect(await w.api.loaded()).toBe('demo');
    expect(restored).toEqual(['demo']);
    expect(w.restarts).toBe(1);
    expect(spawned.length).toBe(2);
    w.terminate();
  });

  it('two tabs (two page modules) sharing the site Web Locks each watch their own worker', async () => {
    const locks = new FakeLocks();
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      vi.resetModules();
      const page = await import('../../src/client/supervised-worker');
      const { spawn } = fakeWorkers(locks);
      tabs.push(new page.SupervisedWorker<Api>({ name: 'engine worker', spawn, locks: locks.view({}) }));
    }
    expect(await Promise.all(tabs.map((w, i) => w.api.echo(i)))).toEqual([0, 1]);
    for (const w of tabs) w.terminate();
  });

  it('a fault injected on a named call kills the worker right after sending it', async () => {
    const locks = new FakeLocks();
    const { spawn, spawned } = fakeWorkers(locks);
    const w = new SupervisedWorker<Api>({ name: 'trainer worker', spawn, locks: locks.view({}) });
    crashOnNextCall('trainer worker', 'slow');
    expect(isWorkerCrash(await w.api.slow().catch((e: unknown) => e))).toBe(true);
    expect(await w.api.echo(5)).toBe(5);
    expect(spawned.length).toBe(2);
    w.terminate();
  });

  it('a worker stopped on purpose is not restarted: waiting and later calls reject', async () => {
    const locks = new FakeLocks();
    const { spawn, spawned } = fakeWorkers(locks);
    const w = new SupervisedWorker<Api>({ name: 'test worker', spawn, locks: locks.view({}) });
    expect(await w.api.echo(1)).toBe(1);
    const slow = w.api.slow();
    w.terminate();
    const error = (await slow.catch((e: unknown) => e)) as Error;
    expect(isWorkerCrash(error)).toBe(false);
    expect(error.message).toBe('The test worker was stopped.');
    await expect(w.api.echo(2)).rejects.toThrow('was stopped');
    expect(spawned.length).toBe(1);
  });

  it('gives up when the worker dies again while being restored, with a message to reload', async () => {
    const locks = new FakeLocks();
    const { spawn, spawned } = fakeWorkers(locks);
    const w = new SupervisedWorker<Api>({
      name: 'test worker',
      spawn,
      locks: locks.view({}),
      restore: async (api) => {
        crashOnNextCall('test worker', 'load');
        await api.load('demo');
      },
    });
    crashOnNextCall('test worker', 'slow');
    expect(isWorkerCrash(await w.api.slow().catch((e: unknown) => e))).toBe(true);
    const later = await w.api.echo(1).catch((e: unknown) => e);
    expect((later as Error).message).toMatch(/kept stopping .* reload the page/);
    expect(spawned.length).toBe(4);
  });
});
