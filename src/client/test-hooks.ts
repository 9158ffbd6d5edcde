import { crashOnNextCall } from './supervised-worker';

/** What the end-to-end tests may reach on `window.__awbTest`. */
export interface TestHooks {
  crashOnNextCall: typeof crashOnNextCall;
}

/**
 * Puts fault-injection hooks on `window.__awbTest`, in the dev server and in builds made with
 * `vite build --mode e2e` only: a production build has none.
 */
export function installTestHooks(): void {
  if (!(import.meta.env.DEV || import.meta.env.MODE === 'e2e')) return;
  const hooks: TestHooks = { crashOnNextCall };
  (globalThis as { __awbTest?: TestHooks }).__awbTest = hooks;
}
