// What the end-to-end tests and the browser benchmark share: Debian's chromium with the flags this
// machine needs (its network is closed), and a `vite preview` server of the built site.
import { spawn } from 'node:child_process';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts `vite preview` of dist/ on 127.0.0.1:port and resolves once it answers; kill() stops it. */
export async function startPreview(port, timeoutMs = 30000) {
  const server = spawn(
    './node_modules/.bin/vite',
    ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/`;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return { url, kill: () => server.kill() };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`preview server did not start at ${url}`);
}
