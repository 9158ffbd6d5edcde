// Runs the stream scorer (`npm run stream`) from an esbuild bundle of src/node/stream.ts, rebuilt whenever a
// source file is newer than it (as scripts/serve.mjs does for the server). Packages stay outside the bundle:
// ioredis and prom-client load from node_modules as they are.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourcesTime } from './sources-time.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'awb-stream');
const bundle = join(outdir, 'stream.mjs');

const sources = sourcesTime(root);
if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'src', 'node', 'stream.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}
if (process.argv[2] === '--build-only') process.exit(0);
await import(pathToFileURL(bundle).href);
