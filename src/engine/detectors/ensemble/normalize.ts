import type { NormalizeKind } from './params';

/**
 * A member's score map, fitted on its training scores and applied row by row (so scoring a subset of
 * rows gives the subset of the scores):
 * - 'rank': `knots` are training scores at evenly spaced ranks (all of them up to MAX_KNOTS); a score
 *   maps to its interpolated rank in [0, 1] (0 below the lowest, 1 from the highest);
 * - 'robust-z': (score - center) / scale with the training median and 1.4826 MAD (mean absolute
 *   deviation when the MAD is 0, 1 when the scores are constant);
 * - 'min-max': (score - center) / scale with the training minimum and range (1 when constant), not clipped.
 */
export type Normalizer =
  { kind: 'rank'; knots: number[] } | { kind: 'robust-z' | 'min-max'; center: number; scale: number };

/** Knots kept by a rank normalizer: a rank resolution of 1/4,096, and a small state. */
export const MAX_KNOTS = 4097;

const MAD_TO_SIGMA = 1.4826;

function quantileSorted(sorted: Float64Array, q: number): number {
  const v = (sorted.length - 1) * q;
  const lo = Math.floor(v);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (v - lo) * (sorted[hi] - sorted[lo]);
}

/** Fits a normalizer of the given kind on a member's training scores (finite, at least one). */
export function fitNormalizer(kind: NormalizeKind, scores: ArrayLike<number>): Normalizer {
  if (scores.length === 0) throw new Error('fitNormalizer: no training scores');
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  if (kind === 'rank') {
    const k = Math.min(n, MAX_KNOTS);
    const knots =
      k === n
        ? Array.from(sorted)
        : Array.from({ length: k }, (_, i) => sorted[Math.round((i * (n - 1)) / (k - 1))]);
    return { kind, knots };
  }
  if (kind === 'min-max') {
    const range = sorted[n - 1] - sorted[0];
    return { kind, center: sorted[0], scale: range > 0 ? range : 1 };
  }
  const center = quantileSorted(sorted, 0.5);
  const dev = sorted.map((s) => Math.abs(s - center)).sort();
  let scale = MAD_TO_SIGMA * quantileSorted(dev, 0.5);
  if (!(scale > 0)) scale = dev.reduce((a, b) => a + b, 0) / n;
  if (!(scale > 0)) scale = 1;
  return { kind, center, scale };
}

/** The interpolated rank in [0, 1] of `s` among sorted knots (ties: the highest rank of the tie). */
function rankOf(knots: readonly number[], s: number): number {
  const last = knots.length - 1;
  if (last === 0) return s >= knots[0] ? 1 : 0;
  if (s < knots[0]) return 0;
  if (s >= knots[last]) return 1;
  // The last k with knots[k] <= s; then knots[k + 1] > s.
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid] <= s) lo = mid;
    else hi = mid;
  }
  return (lo + (s - knots[lo]) / (knots[lo + 1] - knots[lo])) / last;
}

/** Maps scores through a fitted normalizer into `out` (same length). */
export function applyNormalizer(
  norm: Normalizer,
  scores: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  if (norm.kind === 'rank') {
    for (let i = 0; i < scores.length; i++) out[i] = rankOf(norm.knots, scores[i]);
  } else {
    for (let i = 0; i < scores.length; i++) out[i] = (scores[i] - norm.center) / norm.scale;
  }
  return out;
}

/** Throws unless `v` is a well-formed normalizer of the given kind (from JSON). */
export function checkNormalizer(v: unknown, kind: NormalizeKind, what: string): asserts v is Normalizer {
  const bad = (why: string): never => {
    throw new Error(`${what}: ${why}`);
  };
  if (!v || typeof v !== 'object') bad('not an object');
  const n = v as Record<string, unknown>;
  if (n.kind !== kind) bad(`kind ${JSON.stringify(n.kind)}, expected '${kind}'`);
  if (kind === 'rank') {
    const k = n.knots;
    if (!Array.isArray(k) || k.length < 1) bad("'knots' must be a non-empty array");
    const knots = k as unknown[];
    for (let i = 0; i < knots.length; i++) {
      const x = knots[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) bad("'knots' has a non-finite entry");
      if (i > 0 && (x as number) < (knots[i - 1] as number)) bad("'knots' must be sorted");
    }
  } else {
    if (typeof n.center !== 'number' || !Number.isFinite(n.center)) bad("'center' must be finite");
    if (typeof n.scale !== 'number' || !(n.scale > 0) || !Number.isFinite(n.scale))
      bad("'scale' must be > 0");
  }
}
