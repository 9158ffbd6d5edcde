import { Worker } from 'node:worker_threads';

function extensionOf(url: string): string {
  const m = /\.[cm]?[jt]s$/.exec(url);
  return m ? m[0] : '.js';
}

/**
 * Starts `src/node/<name>` (or the bundled `<name>.mjs` beside the bundled CLI) in a worker thread. A
 * TypeScript entry needs tsx's loader registered in the worker's own thread before it loads (Node 20
 * does not apply the parent's `--import tsx` to a worker's .ts entry).
 */
export function startWorker(name: string, from: string, workerData: unknown): Worker {
  const url = new URL(`./${name}${extensionOf(from)}`, from).href;
  if (!url.endsWith('.ts')) return new Worker(new URL(url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(boot, { eval: true, execArgv: [], workerData });
}
