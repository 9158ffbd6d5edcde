import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60000,
    pool: 'forks',
    // Vitest's default leaves one core to its main process, which only waits: on a 2-core machine
    // that ran every file one after another (unit tests 474 s; with both cores see README).
    maxWorkers: availableParallelism(),
    setupFiles: ['tests/setup/fast-check-seed.ts'],
    globalSetup: ['tests/setup/build-cli.ts'],
  },
});
