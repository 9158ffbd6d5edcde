// `npm run check`: svelte-check, tsc (Node side), eslint and prettier, run side by side (one after
// another they took 108 s on this 2-core machine). Each tool's output is printed whole when it ends;
// the exit code is 1 when any failed.
import { spawn } from 'node:child_process';

const TOOLS = [
  ['svelte-check', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']],
  ['tsc', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['eslint', ['eslint', '.']],
  ['prettier', ['prettier', '--check', '.']],
];

const runs = TOOLS.map(([name, [bin, ...args]]) =>
  new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(`node_modules/.bin/${bin}`, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ name, code: 1, output: `${output}${e.message}\n`, t0 }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output, t0 }));
  }).then((r) => {
    const seconds = ((Date.now() - r.t0) / 1000).toFixed(1);
    process.stdout.write(`── ${r.name}: ${r.code === 0 ? 'ok' : 'FAILED'} (${seconds} s)\n${r.output}`);
    return r.code;
  }),
);
const codes = await Promise.all(runs);
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
