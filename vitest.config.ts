import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Test files that need a fresh module graph: one mocks a module (`vi.mock`), two check that
 * TensorFlow.js is not loaded until asked for. Every other file shares its fork's modules with the
 * files before it: importing the engine afresh for each of 230 files cost more CPU than the tests.
 */
const ISOLATED = [
  'tests/client/project-store.test.ts',
  'tests/engine/detectors/lstm/backend.test.ts',
  'tests/engine/detectors/prepare.test.ts',
];
const EXCLUDE = ['tests/e2e/**', 'node_modules/**'];

export default defineConfig({
  plugins: [svelte()],
  test: {
    testTimeout: 60000,
    pool: 'forks',
    // Vitest's default leaves one core to its main process, which only waits: on a 2-core machine
    // that ran every file one after another.
    maxWorkers: availableParallelism(),
    setupFiles: ['tests/setup/fast-check-seed.ts'],
    globalSetup: ['tests/setup/build-cli.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts'],
          exclude: [...EXCLUDE, ...ISOLATED],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, exclude: EXCLUDE } },
    ],
  },
});
