import { defineConfig } from 'vitest/config';

// `npm run test:stream`: the full stream-scorer runs (100,000 rows, SIGKILL, a Redis restart), kept out
// of `npm test` for their length.
export default defineConfig({
  test: {
    include: ['tests/**/*.stream.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
