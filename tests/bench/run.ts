// `npm run bench -- NAME` runs tests/bench/NAME.ts, which prints a table and writes artifacts/bench/NAME.json.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(', ')})`);
  process.exit(2);
}
// The benchmark sees its own arguments only (`npm run bench -- csv 200000` gives csv.ts ['200000']).
process.argv.splice(2, 1);
await import(pathToFileURL(join(here, `${name}.ts`)).href);
