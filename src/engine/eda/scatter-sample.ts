/**
 * Which rows a scatter matrix draws: a seeded sample that keeps the labelled anomalies visible.
 */
import { createRandom, type Random } from '../util/random';

/**
 * `k` distinct integers drawn uniformly from [0, m), by Floyd's algorithm (O(k) draws and memory,
 * whatever m is), ascending.
 */
function floydSample(rng: Random, m: number, k: number): Int32Array {
  const chosen = new Set<number>();
  for (let j = m - k; j < m; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

/**
 * Row indices to draw in a scatter matrix of `columns`, at most `maxPoints`, ascending. Rows with a
 * non-finite value in any column are never drawn (they could not appear in every panel). Labelled
 * anomaly rows (label > 0) come first: all of them when they fit in half the budget, otherwise a
 * uniform sample of half the budget (more when the other rows cannot fill the rest); the rest of the
 * budget is a uniform sample of the other rows.
 * Every draw comes from `createRandom(seed)`, so the same inputs and seed give the same rows.
 *
 * @param columns equally long metric columns
 * @param labels 0/1 per row, or null when the data has no labels
 * @param maxPoints the budget (default 2,000)
 * @param seed seed of the sample (default 0)
 */
export function scatterSample(
  columns: readonly ArrayLike<number>[],
  labels: ArrayLike<number> | null,
  maxPoints = 2000,
  seed = 0,
): Int32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 0) {
    throw new RangeError(`scatterSample: maxPoints must be an integer >= 0, got ${maxPoints}`);
  }
  const n = columns.length ? columns[0].length : (labels?.length ?? 0);
  for (const c of columns) {
    if (c.length !== n) throw new RangeError(`scatterSample: columns have ${n} and ${c.length} rows`);
  }
  if (labels && labels.length !== n) {
    throw new RangeError(`scatterSample: ${n} rows but ${labels.length} labels`);
  }

  const anomalies = new Int32Array(n);
  const normal = new Int32Array(n);
  let na = 0;
  let nn = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (const c of columns) {
      if (!Number.isFinite(c[i])) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (labels && labels[i] > 0) anomalies[na++] = i;
    else normal[nn++] = i;
  }

  const rng = createRandom(seed);
  // Anomalies get half the budget, or more when there are too few other rows to fill it.
  const keepA = Math.min(na, Math.max(Math.floor(maxPoints / 2), maxPoints - nn));
  const keepN = Math.min(nn, maxPoints - keepA);
  const out = new Int32Array(keepA + keepN);
  const pickA = keepA === na ? null : floydSample(rng, na, keepA);
  const pickN = keepN === nn ? null : floydSample(rng, nn, keepN);
  for (let s = 0; s < keepA; s++) out[s] = anomalies[pickA ? pickA[s] : s];
  for (let s = 0; s < keepN; s++) out[keepA + s] = normal[pickN ? pickN[s] : s];
  return out.sort();
}
