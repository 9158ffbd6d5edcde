import { alertsAt } from './confusion';
import {
  nabCheckTimes,
  nabCombine,
  nabCostMatrix,
  nabProbationRows,
  nabProfiles,
  nabScaledSigmoid,
  nabScore,
  nabWindowRows,
  type NabCostMatrix,
  type NabProfile,
  type NabResult,
  type NabTotal,
} from './nab-score';

/** One scored file of a corpus: its anomaly scores (any scale; NAB's are in [0, 1]) and label windows. */
export interface NabSweepFile {
  /** A name for error messages and reports. */
  name?: string;
  /** One timestamp per row, strictly increasing, in the units of `windows`; null to use row indices. */
  times: ArrayLike<number> | null;
  /** Finite anomaly scores, higher = more anomalous; a row is detected when its score >= the threshold. */
  scores: ArrayLike<number>;
  windows: readonly (readonly [number, number])[];
  /** Rows not scored at the start; default NAB's min(floor(0.15 n), 750). */
  probationRows?: number;
}

/** The best threshold for a corpus under one profile, and the scores it gives. */
export interface NabSweepResult {
  profile: NabProfile | 'custom';
  /** The lowest score counted as a detection; Infinity when no alert at all scores best. */
  threshold: number;
  /** The corpus's combined score at that threshold (`nabCombine` of `perFile`). */
  total: NabTotal;
  /** Each file scored at that threshold, in the order given. */
  perFile: NabResult[];
}

/**
 * NAB's threshold optimisation (numenta/NAB `nab/optimizer.py` with `Sweeper.calcSweepScore` and
 * `calcScoreByThreshold`): one threshold for the whole corpus, the one that maximises the corpus's raw
 * score (so its normalized score) under the profile. Every scorable row of every file is weighted with
 * what it would earn as a detection (in a window: the scaled sigmoid of its position, as `nabScore`;
 * outside: its false-positive cost), the rows are sorted by score, and the threshold is lowered through
 * every distinct score while each window keeps its best (earliest) detection. NAB starts the sweep at
 * 1.1, above any of its scores (no detection); here at Infinity. Among equal totals the highest
 * threshold wins, as NAB's stable sort picks it. The files are then scored at that threshold with
 * `nabScore`, which gives the same total.
 *
 * @throws on an empty corpus, a non-finite score (naming the file and row), or anything `nabScore`
 *   refuses.
 */
export function nabOptimizeThreshold(
  files: readonly NabSweepFile[],
  profile: NabProfile | NabCostMatrix,
): NabSweepResult {
  if (files.length === 0) throw new Error('nabOptimizeThreshold: no files; pass at least one scored file');
  const cost = nabCostMatrix(profile);
  const maxTp = nabScaledSigmoid(-1);
  const scoreOf: number[] = [];
  const weightOf: number[] = [];
  const windowOf: number[] = [];
  let windowCount = 0;
  let nullScore = 0;
  files.forEach((f, fi) => {
    const n = f.scores.length;
    const label = f.name ?? `files[${fi}]`;
    nabCheckTimes(f.times, n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(f.scores[i])) {
        throw new Error(
          `nabOptimizeThreshold: ${label} row ${i} has score ${f.scores[i]}; scores must be finite`,
        );
      }
    }
    const probation = f.probationRows ?? nabProbationRows(n);
    const rows = nabWindowRows(f.times, n, f.windows);
    const firstId = windowCount;
    windowCount += rows.length;
    for (const [, last] of rows) if (last >= probation) nullScore -= cost.fnWeight;
    let next = 0;
    for (let i = probation; i < n; i++) {
      while (next < rows.length && rows[next][1] < i) next++;
      const inWindow = next < rows.length && rows[next][0] <= i;
      let weight: number;
      if (inWindow) {
        const [first, last] = rows[next];
        weight = (nabScaledSigmoid(-(last - i + 1) / (last - first + 1)) * cost.tpWeight) / maxTp;
      } else if (next === 0) {
        weight = -cost.fpWeight;
      } else {
        const [pFirst, pLast] = rows[next - 1];
        weight = nabScaledSigmoid((i - pLast) / (pLast - pFirst)) * cost.fpWeight;
      }
      scoreOf.push(f.scores[i]);
      weightOf.push(weight);
      windowOf.push(inWindow ? firstId + next : -1);
    }
  });
  const order = Int32Array.from({ length: scoreOf.length }, (_, k) => k).sort(
    (a, b) => scoreOf[b] - scoreOf[a] || a - b,
  );
  const best = new Float64Array(windowCount).fill(-cost.fnWeight);
  let total = nullScore;
  let bestTotal = total;
  let bestThreshold = Infinity;
  for (let k = 0; k < order.length;) {
    const s = scoreOf[order[k]];
    for (; k < order.length && scoreOf[order[k]] === s; k++) {
      const r = order[k];
      const w = windowOf[r];
      if (w < 0) {
        total += weightOf[r];
      } else if (weightOf[r] > best[w]) {
        total += weightOf[r] - best[w];
        best[w] = weightOf[r];
      }
    }
    if (total > bestTotal) {
      bestTotal = total;
      bestThreshold = s;
    }
  }
  const perFile = files.map((f) =>
    nabScore(f.times, alertsAt(f.scores, bestThreshold), f.windows, profile, {
      probationRows: f.probationRows ?? nabProbationRows(f.scores.length),
    }),
  );
  return {
    profile: typeof profile === 'string' ? profile : 'custom',
    threshold: bestThreshold,
    total: nabCombine(perFile),
    perFile,
  };
}

/** {@link nabOptimizeThreshold} under each of NAB's three profiles (each gets its own threshold). */
export function nabOptimizeAll(files: readonly NabSweepFile[]): Record<NabProfile, NabSweepResult> {
  const out = {} as Record<NabProfile, NabSweepResult>;
  for (const p of Object.keys(nabProfiles) as NabProfile[]) out[p] = nabOptimizeThreshold(files, p);
  return out;
}
