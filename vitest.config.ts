import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60000,
    pool: 'forks',
    setupFiles: ['tests/setup/fast-check-seed.ts'],
    globalSetup: ['tests/setup/build-cli.ts'],
  },
});
