import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: brings the CLI's esbuild bundle up to date once, before any test file runs.
 * The node tests then run `scripts/cli.mjs` in parallel forks without racing to rebuild it (each
 * command starts in about 0.2 s, against about 0.9 s when tsx compiles the sources on every run).
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/cli.mjs', 'help'], { stdio: 'ignore' });
}
