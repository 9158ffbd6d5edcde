// When the Node sources last changed: the newest modification time under src/engine and src/node, or of
// package.json and the build scripts themselves. The CLI and the server rebuild their esbuild bundles when it is newer than the bundle.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function sourcesTime(root) {
  return Math.max(
    newest(join(root, 'src', 'engine')),
    newest(join(root, 'src', 'node')),
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(join(root, 'scripts', 'cli.mjs')).mtimeMs,
    statSync(join(root, 'scripts', 'serve.mjs')).mtimeMs,
  );
}
