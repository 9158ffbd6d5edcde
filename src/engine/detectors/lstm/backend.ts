/**
 * Which TensorFlow.js backend the LSTM autoencoder runs on. By default the engine starts WASM, else the
 * plain-JS CPU backend (Node's best). A browser worker calls `setWasmPaths` and then `useBackend` with
 * its own order (WebGL on a real GPU, WASM on software rendering), and the detector keeps that backend.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the 'wasm' backend. In Node it finds its .wasm files without setWasmPaths, through the
// package's own __dirname: an ES-module bundle (esbuild) must leave the @tensorflow packages external.
import '@tensorflow/tfjs-backend-wasm';

/** The order `ensureBackend` tries when no backend was chosen. */
export const DEFAULT_BACKENDS: readonly string[] = ['wasm', 'cpu'];

/** The name of the initialised, active backend, or null when none is ready yet. */
export function activeBackend(): string | null {
  const engine = tf.engine();
  const name = engine.backendName;
  return name && engine.registry[name] ? name : null;
}

/** Activates the first backend of `order` that initialises here; resolves to its name. */
export async function useBackend(order: readonly string[] = DEFAULT_BACKENDS): Promise<string> {
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
      failures.push(`${name}: did not initialise`);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`);
}

/** The active backend (as the host chose it), or the first of the default order that starts. */
export async function ensureBackend(): Promise<string> {
  return activeBackend() ?? useBackend();
}
