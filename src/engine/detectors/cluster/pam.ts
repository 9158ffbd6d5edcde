import { MedoidCache } from './medoid-cache';
import type { Steps } from './steps';

/**
 * PAM's BUILD initialisation (Kaufman & Rousseeuw 1990), as scikit-learn-extra's
 * `KMedoids(init='build')`: the first medoid minimises the sum of distances to all points, each next
 * one most reduces the total deviation (ties to the lowest index). O(k n^2) over the n x n distance
 * matrix D. Yields the fraction of medoids chosen.
 */
export function* buildSteps(D: Float32Array, n: number, k: number): Steps<Int32Array> {
  const medoids = new Int32Array(k);
  const isMedoid = new Uint8Array(n);
  const near = new Float64Array(n);
  let first = 0;
  let firstSum = Infinity;
  for (let j = 0; j < n; j++) {
    if (j % 64 === 63) yield j / n / k;
    let s = 0;
    const oj = j * n;
    for (let o = 0; o < n; o++) s += D[oj + o];
    if (s < firstSum) {
      firstSum = s;
      first = j;
    }
  }
  medoids[0] = first;
  isMedoid[first] = 1;
  for (let o = 0; o < n; o++) near[o] = D[first * n + o];
  yield 1 / k;
  for (let t = 1; t < k; t++) {
    let pick = -1;
    let pickGain = -1;
    for (let j = 0; j < n; j++) {
      if (j % 64 === 63) yield (t + j / n) / k;
      if (isMedoid[j]) continue;
      let gain = 0;
      const oj = j * n;
      for (let o = 0; o < n; o++) {
        const g = near[o] - D[oj + o];
        if (g > 0) gain += g;
      }
      if (gain > pickGain) {
        pickGain = gain;
        pick = j;
      }
    }
    medoids[t] = pick;
    isMedoid[pick] = 1;
    for (let o = 0; o < n; o++) {
      const v = D[pick * n + o];
      if (v < near[o]) near[o] = v;
    }
    yield (t + 1) / k;
  }
  return medoids;
}

/** Medoids after the SWAP phase, with the number of swaps made. */
export interface SwapResult {
  medoids: Int32Array;
  swaps: number;
}

/** A swap must gain more than this share of the total deviation: float rounding cannot make it cycle. */
export const MIN_RELATIVE_GAIN = 1e-12;

/**
 * PAM's SWAP phase: each iteration evaluates every (medoid, non-medoid) swap and makes the best one,
 * until none lowers the total deviation or after maxIterations, as scikit-learn-extra's
 * `KMedoids(method='pam')`. Every swap of a point is evaluated against all k medoids at once (FastPAM1,
 * Schubert & Rousseeuw 2021), which gives PAM's result in O(n^2) per iteration instead of O(k n^2).
 * `medoids` (positions in D) is updated in place. Yields now and then.
 */
export function* pamSwapSteps(
  D: Float32Array,
  n: number,
  medoids: Int32Array,
  maxIterations: number,
): Steps<SwapResult> {
  const k = medoids.length;
  let swaps = 0;
  if (k < 2 || k >= n) return { medoids, swaps };
  const cache = new MedoidCache(D, n, medoids);
  const isMedoid = new Uint8Array(n);
  for (const m of medoids) isMedoid[m] = 1;
  const removal = new Float64Array(k);
  const delta = new Float64Array(k);
  let td = cache.refresh();
  for (let it = 0; it < maxIterations; it++) {
    cache.removalLoss(removal);
    let bestDelta = -MIN_RELATIVE_GAIN * td;
    let bestH = -1;
    let bestM = -1;
    for (let h = 0; h < n; h++) {
      if (isMedoid[h]) continue;
      cache.swapDeltas(h, removal, delta);
      for (let m = 0; m < k; m++) {
        if (delta[m] < bestDelta) {
          bestDelta = delta[m];
          bestH = h;
          bestM = m;
        }
      }
      // The number of iterations is not known ahead: 1/2 done after one, 3/4 after three...
      if (h % 32 === 31) yield 1 - 1 / (2 + it + h / n);
    }
    if (bestH < 0) break;
    isMedoid[medoids[bestM]] = 0;
    isMedoid[bestH] = 1;
    medoids[bestM] = bestH;
    swaps++;
    td = cache.refresh();
  }
  return { medoids, swaps };
}
