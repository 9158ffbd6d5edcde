// Runs the scoring server from an esbuild bundle of src/node/server.ts, rebuilt whenever a source file is
// newer than it (as scripts/cli.mjs does for the CLI). Packages stay outside the bundle: Fastify's
// swagger UI serves files from its own package directory, which a bundle would lose.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourcesTime } from './sources-time.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules', '.cache', 'awb-serve');
const bundle = join(outdir, 'server.mjs');

const sources = sourcesTime(root);
if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'src', 'node', 'server.ts')],
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
