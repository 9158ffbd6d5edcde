import { afterAll, describe, expect, it } from 'vitest';
import { jsCells } from '../../../../src/engine/detectors/lstm/cells';
import { cellKernels, setSimdCells } from '../../../../src/engine/detectors/lstm/simd-cells';
import { createRandom } from '../../../../src/engine/util/random';

const random = (n: number, scale: number, seed: number): Float32Array => {
  const rng = createRandom(seed);
  return Float32Array.from({ length: n }, () => scale * rng.normal());
};

/** The largest difference relative to max(1, |a|): cell states grow past 1, float32 spacing with them. */
const maxDiff = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  return m;
};

afterAll(() => setSimdCells(true));

describe('LSTM cell kernels', () => {
  it('use WebAssembly SIMD for units in multiples of 4 and plain JS otherwise', () => {
    expect(cellKernels(32).name).toBe('wasm-simd');
    expect(cellKernels(6).name).toBe('js');
    setSimdCells(false);
    expect(cellKernels(32).name).toBe('js');
    setSimdCells(true);
  });

  // Several shapes in a row: the WASM kernels lay their blocks out anew and grow their memory.
  it.each([
    [1, 4],
    [3, 8],
    [64, 32],
    [600, 64],
    [2, 4],
  ])(
    'agree with the JS kernels within 1e-6 (relative above 1: float32 arithmetic against double) (batch %i, %i units)',
    (B, H) => {
      const simd = cellKernels(H);
      const G = 4 * H;
      const xp = random(B * G, 3, 1);
      const rec = random(B * G, 3, 2);
      for (const cPrev of [random(B * H, 1, 3), null]) {
        const outs = [jsCells, simd].map((k) => {
          const o = [G, H, H, H].map((w) => new Float32Array(B * w));
          k.forward(B, H, xp, rec, cPrev, o[0], o[1], o[2], o[3]);
          return o;
        });
        outs[0].forEach((a, k) => expect(maxDiff(a, outs[1][k]), `forward output ${k}`).toBeLessThan(1e-6));
        const [gates, , tanhCells] = outs[0];
        for (const dy of [random(B * H, 1, 4), null]) {
          const back = [jsCells, simd].map((k) => {
            const dhNext = random(B * H, 1, 5);
            const dcNext = random(B * H, 1, 6);
            const dGates = new Float32Array(B * G);
            k.backward(B, H, dy, gates, cPrev, tanhCells, dhNext, dcNext, dGates);
            return [dcNext, dGates];
          });
          back[0].forEach((a, k) =>
            expect(maxDiff(a, back[1][k]), `backward output ${k}`).toBeLessThan(1e-6),
          );
        }
      }
    },
  );
});
