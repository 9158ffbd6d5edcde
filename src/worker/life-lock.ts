/** Message keys of the handshake by which a page watches its worker's life (client/supervised-worker.ts). */
export const LIFE_LOCK_REQUEST = 'awbLifeLock';
export const LIFE_LOCK_HELD = 'awbLifeLockHeld';

interface Scope {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  postMessage(message: unknown): void;
}

/**
 * Holds, for the worker's whole life (`scope` is the worker's `self`), the Web Lock the page names in its first message, then says so.
 * The browser frees a lock when its holder's thread ends, however it ends: that is how the page learns
 * that this worker died. Without Web Locks the worker still answers, unwatched. Comlink ignores these
 * messages (they carry no call id or type).
 */
export function holdLifeLock(
  scope: Scope,
  locks: LockManager | undefined = globalThis.navigator?.locks,
): void {
  scope.addEventListener('message', (ev: MessageEvent) => {
    const data = ev.data as { [LIFE_LOCK_REQUEST]?: string; watched?: boolean } | null;
    const name = data?.[LIFE_LOCK_REQUEST];
    if (typeof name !== 'string') return;
    if (!locks || !data?.watched) {
      scope.postMessage({ [LIFE_LOCK_HELD]: name });
      return;
    }
    void locks.request(name, () => {
      scope.postMessage({ [LIFE_LOCK_HELD]: name });
      return new Promise<never>(() => {});
    });
  });
}
