/**
 * LSTM autoencoder training speed next to PyTorch: seconds per epoch on 2,000 windows of 32 steps x 4
 * features (noisy sines), 32 units, latent 16, batch 64, Adam, in Node on the WASM and CPU backends with
 * the fused kernel (its cell arithmetic in WebAssembly SIMD, and in plain JS for comparison) and with
 * plain TensorFlow.js layers; PyTorch (one CPU thread) runs tests/reference/lstm_epoch_torch.py on the
 * same shape before and after. Medians over the timed epochs after one warm-up epoch (the layers kernel
 * on CPU, the slowest, gets a single timed epoch). Wall and process CPU time are both reported: the
 * machine is shared, and CPU time includes V8's parallel garbage-collector threads.
 * Run: `npm run bench -- lstm [EPOCHS]` (default 3 timed epochs). Writes artifacts/bench/lstm.json.
 * Importing this module runs the benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../src/engine/detectors/lstm/backend';
import { fusedNetwork, layersNetwork } from '../../src/engine/detectors/lstm/network';
import { trainNetwork } from '../../src/engine/detectors/lstm/train';
import { setSimdCells } from '../../src/engine/detectors/lstm/simd-cells';
import { initialWeights } from '../../src/engine/detectors/lstm/weights';
import type { LstmKernel } from '../../src/engine/detectors/lstm/params';
import { createRandom } from '../../src/engine/util/random';
import { BATCH, median, SEQUENCES, sequences, SHAPE, STEPS } from './_lstm-shape';
import { machineInfo } from './machine';

const EPOCHS = Number(process.argv[2] ?? 3);
const here = dirname(fileURLToPath(import.meta.url));

interface Run {
  backend: string;
  kernel: LstmKernel;
  /** The fused kernel's per-step cell arithmetic: WebAssembly SIMD or plain JS. */
  cells: 'wasm-simd' | 'js' | '-';
  /** Median wall-clock seconds per timed epoch. */
  secondsPerEpoch: number;
  /** Median CPU seconds of the process per timed epoch: steadier on a shared machine. */
  cpuSecondsPerEpoch: number;
  epochs: number[];
  cpuEpochs: number[];
  loss: number[];
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timeEpochs(
  backend: string,
  kernel: LstmKernel,
  cells: Run['cells'],
  timed: number,
): Promise<Run> {
  await useBackend([backend]);
  setSimdCells(cells !== 'js');
  const { X, index } = sequences();
  const weights = initialWeights(SHAPE, createRandom(0));
  const net = kernel === 'fused' ? fusedNetwork(SHAPE, weights) : layersNetwork(SHAPE, STEPS, weights);
  const seconds: number[] = [];
  const cpu: number[] = [];
  let mark = cpuSeconds();
  try {
    const result = await trainNetwork(net, X, index, SEQUENCES, {
      epochs: timed + (timed > 1 ? 1 : 0),
      batchSize: BATCH,
      learningRate: 1e-3,
      patience: 0,
      rng: createRandom(1),
      onEpoch: (e) => {
        seconds.push(e.seconds);
        const now = cpuSeconds();
        cpu.push(now - mark);
        mark = now;
      },
    });
    const skip = timed > 1 ? 1 : 0;
    return {
      backend,
      kernel,
      cells,
      secondsPerEpoch: median(seconds.slice(skip)),
      cpuSecondsPerEpoch: median(cpu.slice(skip)),
      epochs: seconds.slice(skip),
      cpuEpochs: cpu.slice(skip),
      loss: result.loss,
    };
  } finally {
    net.dispose();
  }
}

interface TorchRun {
  version: string;
  all: number[];
  cpu: number[];
}

function torchEpoch(): TorchRun | { error: string } {
  try {
    const out = execFileSync('/usr/bin/python3', [join(here, '../reference/lstm_epoch_torch.py'), '3'], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out) as {
      torch: string;
      secondsPerEpoch: { all: number[] };
      cpuSecondsPerEpoch: { all: number[] };
    };
    return { version: r.torch, all: r.secondsPerEpoch.all, cpu: r.cpuSecondsPerEpoch.all };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  }
}

async function main(): Promise<void> {
  const torchBefore = torchEpoch();
  const runs: Run[] = [];
  for (const [backend, kernel, cells, timed] of [
    ['wasm', 'fused', 'wasm-simd', EPOCHS],
    ['wasm', 'fused', 'js', Math.min(EPOCHS, 2)],
    ['wasm', 'layers', '-', Math.min(EPOCHS, 2)],
    ['cpu', 'fused', 'wasm-simd', Math.min(EPOCHS, 2)],
    ['cpu', 'layers', '-', 1],
  ] as const) {
    runs.push(await timeEpochs(backend, kernel, cells, timed));
    console.log(
      `  ${backend}/${kernel}/${cells}: ${runs[runs.length - 1].secondsPerEpoch.toFixed(2)} s per epoch`,
    );
  }
  setSimdCells(true);
  const torchAfter = torchEpoch();
  const torchRuns = [torchBefore, torchAfter].filter((t): t is TorchRun => !('error' in t));
  const torch = torchRuns.length
    ? {
        version: torchRuns[0].version,
        threads: 1,
        secondsPerEpoch: median(torchRuns.flatMap((t) => t.all)),
        cpuSecondsPerEpoch: median(torchRuns.flatMap((t) => t.cpu)),
        all: torchRuns.flatMap((t) => t.all),
        cpu: torchRuns.flatMap((t) => t.cpu),
      }
    : null;
  const ratio = (r: Run, cpu: boolean): number =>
    torch
      ? cpu
        ? r.cpuSecondsPerEpoch / torch.cpuSecondsPerEpoch
        : r.secondsPerEpoch / torch.secondsPerEpoch
      : NaN;

  const result = {
    benchmark: 'lstm',
    date: new Date().toISOString(),
    machine: machineInfo(),
    shape: { sequences: SEQUENCES, steps: STEPS, ...SHAPE, batch: BATCH, optimizer: 'adam 1e-3' },
    tfjs: tf.version.tfjs,
    runs,
    pytorch: torch ?? { error: 'error' in torchBefore ? torchBefore.error : 'no timing' },
    ratios: Object.fromEntries(
      runs.map((r) => [
        `${r.backend}/${r.kernel}/${r.cells}`,
        { wall: ratio(r, false), cpu: ratio(r, true) },
      ]),
    ),
  };

  const out = join(here, '../../artifacts/bench/lstm.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '-');
  const f1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '-');
  const rows = [
    ['backend', 'kernel', 'cells', 's / epoch', 'x PyTorch', 'CPU s / epoch', 'x PyTorch (CPU)'],
    ...runs.map((r) => [
      r.backend,
      r.kernel,
      r.cells,
      f2(r.secondsPerEpoch),
      f1(ratio(r, false)),
      f2(r.cpuSecondsPerEpoch),
      f1(ratio(r, true)),
    ]),
    [
      'PyTorch',
      torch ? `${torch.version}, 1 thread` : 'not run',
      '',
      f2(torch?.secondsPerEpoch ?? NaN),
      '1.0',
      f2(torch?.cpuSecondsPerEpoch ?? NaN),
      '1.0',
    ],
  ];
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  console.log(
    `LSTM autoencoder epoch, ${SEQUENCES} x ${STEPS} x ${SHAPE.features}, ${SHAPE.units} units, batch ${BATCH} ` +
      `(${result.machine.cores} cores, load ${Number(result.machine.loadAverage1m).toFixed(1)}, Node ${process.version})`,
  );
  for (const r of rows)
    console.log(r.map((c, j) => (j > 2 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
  if (!torch) console.log(`PyTorch did not run: ${'error' in torchBefore ? torchBefore.error : ''}`);

  console.log(`wrote ${out}`);
}

await main();
