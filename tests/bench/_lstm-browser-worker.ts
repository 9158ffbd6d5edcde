/// <reference lib="webworker" />
// The browser half of `npm run bench -- lstm-browser`: trains the reference shape for a few epochs on
// each TensorFlow.js backend of this browser and posts the seconds per epoch.
import {
  fusedNetwork,
  layersNetwork,
  setWasmPaths,
  trainNetwork,
  useBackend,
} from '../../src/engine/detectors/lstm/runtime';
import type { LstmKernel } from '../../src/engine/detectors/lstm/params';
import { initialWeights } from '../../src/engine/detectors/lstm/weights';
import { createRandom } from '../../src/engine/util/random';
import { WASM_FILES, webglKind } from '../../src/worker/lstm-backends';
import { BATCH, median, SEQUENCES, sequences, SHAPE, STEPS } from './_lstm-shape';

interface Case {
  backend: string;
  kernel: LstmKernel;
  timed: number;
}

const CASES: Case[] = [
  { backend: 'webgl', kernel: 'layers', timed: 1 },
  { backend: 'webgl', kernel: 'fused', timed: 1 },
  { backend: 'wasm', kernel: 'fused', timed: 2 },
  { backend: 'wasm', kernel: 'layers', timed: 1 },
];

async function run(c: Case): Promise<Record<string, unknown>> {
  try {
    const got = await useBackend([c.backend]);
    const { X, index } = sequences();
    const weights = initialWeights(SHAPE, createRandom(0));
    const net = c.kernel === 'fused' ? fusedNetwork(SHAPE, weights) : layersNetwork(SHAPE, STEPS, weights);
    const seconds: number[] = [];
    try {
      const result = await trainNetwork(net, X, index, SEQUENCES, {
        epochs: c.timed + 1,
        batchSize: BATCH,
        learningRate: 1e-3,
        patience: 0,
        rng: createRandom(1),
        onEpoch: (e) => void seconds.push(e.seconds),
      });
      return {
        ...c,
        backend: got,
        secondsPerEpoch: median(seconds.slice(1)),
        epochs: seconds,
        loss: result.loss,
      };
    } finally {
      net.dispose();
    }
  } catch (e) {
    return { ...c, error: (e as Error).message };
  }
}

self.onmessage = async () => {
  setWasmPaths(WASM_FILES);
  const webgl = webglKind();
  const runs = [];
  for (const c of CASES) {
    runs.push(await run(c));
    self.postMessage({ progress: runs[runs.length - 1] });
  }
  self.postMessage({ done: { webgl, runs, userAgent: navigator.userAgent } });
};
