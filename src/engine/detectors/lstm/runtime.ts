/**
 * Everything of the LSTM autoencoder that needs TensorFlow.js, in one module that `runtime-loader.ts`
 * imports on demand: loading tfjs costs 0.5-1 s, which no command, test or page that never trains or
 * scores an LSTM should pay.
 */
export { activeBackend, ensureBackend, useBackend, DEFAULT_BACKENDS } from './backend';
export { fusedNetwork, layersNetwork } from './network';
export { trainNetwork } from './train';
export { windowRowScores } from './row-scores';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
