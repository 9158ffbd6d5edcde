import type * as Runtime from './runtime';

export type LstmRuntime = typeof Runtime;

let loaded: LstmRuntime | null = null;
let loading: Promise<LstmRuntime> | null = null;
let preferred: { order: readonly string[]; wasmPaths?: string | Record<string, string> } | null = null;

/**
 * Sets the backends the runtime tries, in order, when it loads (a browser worker: WebGL on a real GPU,
 * else WASM from `wasmPaths`, else CPU). Without it, Node's order applies (WASM, then CPU).
 */
export function preferLstmBackends(
  order: readonly string[],
  wasmPaths?: string | Record<string, string>,
): void {
  preferred = { order: [...order], wasmPaths };
}

/** Loads TensorFlow.js and the LSTM's network code once, and starts a backend (see lstm/backend.ts). */
export function loadLstmRuntime(): Promise<LstmRuntime> {
  loading ??= import('./runtime')
    .then(async (m) => {
      if (preferred?.wasmPaths) m.setWasmPaths(preferred.wasmPaths);
      await (preferred ? m.useBackend(preferred.order) : m.ensureBackend());
      loaded = m;
      return m;
    })
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

/** The runtime if `loadLstmRuntime` has finished, else null (synchronous scoring needs it loaded). */
export function lstmRuntime(): LstmRuntime | null {
  return loaded;
}
