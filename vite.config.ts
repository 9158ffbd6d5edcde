import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  // Pre-bundle up front so the dev server does not reload the page when the worker first imports them.
  optimizeDeps: {
    include: [
      'arquero',
      'comlink',
      'idb',
      '@observablehq/plot',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  server: { port: 5173, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
