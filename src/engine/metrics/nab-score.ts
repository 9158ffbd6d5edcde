import type { Confusion } from './confusion';
import { checkBinary } from './validate';

/**
 * The Numenta Anomaly Benchmark score (Lavin & Ahmad 2015), following numenta/NAB's `nab/sweeper.py`
 * (the scorer behind `scorer.scoreDataSet`) and `nab/runner.py` (normalization).
 *
 * Per file: each labelled window earns the scaled sigmoid of its first detection's position
 * (A_TP at the window's first row, falling towards 0 at its last row) or costs A_FN if missed; each alert
 * outside every window costs A_FP times the sigmoid of its distance past the preceding window's end
 * (-A_FP when no window precedes it). Rows of the probationary period are not scored.
 */

/** A NAB application profile's weights (`config/profiles.json`). */
export interface NabCostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  /** 1 in every NAB profile; true negatives earn nothing in NAB's score, so it is unused. */
  tnWeight?: number;
}

export type NabProfile = 'standard' | 'reward_low_fp' | 'reward_low_fn';

/** NAB's three profiles, as in `config/profiles.json` (`reward_low_FP_rate`, `reward_low_FN_rate`). */
export const nabProfiles: Readonly<Record<NabProfile, Readonly<NabCostMatrix>>> = Object.freeze({
  standard: Object.freeze({ tpWeight: 1, fpWeight: 0.11, fnWeight: 1, tnWeight: 1 }),
  reward_low_fp: Object.freeze({ tpWeight: 1, fpWeight: 0.22, fnWeight: 1, tnWeight: 1 }),
  reward_low_fn: Object.freeze({ tpWeight: 1, fpWeight: 0.11, fnWeight: 2, tnWeight: 1 }),
});

export interface NabOptions {
  /** Rows not scored at the start; default NAB's min(floor(0.15 n), 750). */
  probationRows?: number;
}

export interface NabWindowResult {
  /** The window as given, in the units of `times`. */
  start: number;
  end: number;
  /** First and last row inside the window. */
  firstRow: number;
  lastRow: number;
  /** False when every row of the window is in the probationary period: it then counts for nothing. */
  scored: boolean;
  /** The first alert among the window's scored rows, or null. */
  detectionRow: number | null;
  /** The window's contribution to the raw score: the detection's weight, or -A_FN if missed (0 if unscored). */
  score: number;
}

export interface NabResult {
  /** The profile's name, or 'custom' for a cost matrix passed directly. */
  profile: NabProfile | 'custom';
  cost: NabCostMatrix;
  /** Sum of window contributions and false-positive costs. */
  raw: number;
  /** Raw score of a detector that never alerts: -A_FN per scored window. */
  nullScore: number;
  /** A_TP per scored window, NAB's "perfect" detector. */
  perfectScore: number;
  /** 100 (raw - null) / (perfect - null); null when no window is scored (the ratio is undefined). */
  normalized: number | null;
  /** Scored windows with at least one alert. */
  tp: number;
  /** Scored windows without an alert. */
  fn: number;
  /** Scored alert rows outside every window (each one is charged). */
  fp: number;
  /** Row counts over the scored rows, as NAB's results files report them (a row in a window is a positive). */
  rowCounts: Confusion;
  probationRows: number;
  perWindow: NabWindowResult[];
}

/** NAB's combined result over several files (one profile): sums of raw, null and perfect, then normalized. */
export interface NabTotal {
  profile: NabProfile | 'custom';
  cost: NabCostMatrix;
  raw: number;
  nullScore: number;
  perfectScore: number;
  normalized: number | null;
  tp: number;
  fn: number;
  fp: number;
}

/** NAB's `scaledSigmoid`: 2 sigmoid(-5 x) - 1, and exactly -1 beyond x = 3. */
export function nabScaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

/** NAB's default probationary period: min(floor(0.15 n), 0.15 * 5000). */
export function nabProbationRows(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/** @throws unless `times` (when given) has n finite, strictly increasing values. */
export function nabCheckTimes(times: ArrayLike<number> | null, n: number): void {
  if (!times) return;
  if (times.length !== n) {
    throw new Error(
      `nabScore: times has ${times.length} values but alerts has ${n}; they must be the same length`,
    );
  }
  for (let i = 0; i < n; i++) {
    const t = times[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new Error(`nabScore: times[${i}] is ${String(t)}; times must be finite numbers`);
    }
    if (i > 0 && t <= times[i - 1]) {
      throw new Error(
        `nabScore: times[${i}] (${t}) is not after times[${i - 1}] (${times[i - 1]}); times must increase`,
      );
    }
  }
}

/**
 * Rows [firstRow, lastRow] of each window: first row with time >= start, last row with time <= end.
 * @throws on a bad, unsorted or overlapping window, or one that contains no row.
 */
export function nabWindowRows(
  times: ArrayLike<number> | null,
  n: number,
  windows: readonly (readonly [number, number])[],
): [number, number][] {
  const at = (i: number): number => (times ? times[i] : i);
  const out: [number, number][] = [];
  let row = 0;
  for (let k = 0; k < windows.length; k++) {
    const [start, end] = windows[k];
    if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
      throw new Error(`nabScore: windows[${k}] is [${start}, ${end}]; a window needs finite start <= end`);
    }
    if (k > 0 && start <= windows[k - 1][1]) {
      throw new Error(
        `nabScore: windows[${k}] starts at ${start}, not after windows[${k - 1}] ends; windows must be sorted and disjoint`,
      );
    }
    while (row < n && at(row) < start) row++;
    const first = row;
    while (row < n && at(row) <= end) row++;
    if (row === first) {
      throw new Error(`nabScore: windows[${k}] [${start}, ${end}] contains no row`);
    }
    out.push([first, row - 1]);
  }
  return out;
}

/** A profile's cost matrix (a copy), or a custom one checked. */
export function nabCostMatrix(profile: NabProfile | NabCostMatrix): NabCostMatrix {
  if (typeof profile === 'string') {
    const named = (nabProfiles as Partial<Record<string, NabCostMatrix>>)[profile];
    if (!named)
      throw new Error(`nabScore: profile is ${profile}; use one of ${Object.keys(nabProfiles).join(', ')}`);
    return { ...named };
  }
  for (const key of ['tpWeight', 'fpWeight', 'fnWeight'] as const) {
    const v = profile[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`nabScore: profile.${key} is ${String(v)}; weights must be finite numbers >= 0`);
    }
  }
  return { ...profile };
}

function normalize(raw: number, nullScore: number, perfectScore: number): number | null {
  return perfectScore === nullScore ? null : (100 * (raw - nullScore)) / (perfectScore - nullScore);
}

/**
 * NAB score of one file's alerts against its anomaly windows, for one profile.
 *
 * Rules (numenta/NAB `nab/sweeper.py`): a window of width w rows whose first scored alert is at row i earns
 * A_TP * S(-(right - i + 1) / w) / S(-1), so A_TP exactly at the window's first row; later alerts in the same
 * window add nothing. An alert outside every window at row i adds A_FP * S((i - right) / (w - 1)) < 0 where
 * `right` and w belong to the closest preceding window (scored or not), or A_FP in full when no window
 * precedes it; S is {@link nabScaledSigmoid}. A scored window without an alert costs A_FN. Rows before
 * `probationRows` are ignored. NAB's detections are the rows with score >= threshold: pass
 * `alertsAt(scores, threshold)`.
 *
 * Windows are matched to rows by time: a window covers the rows with start <= time <= end (NAB requires the
 * bounds to be row timestamps; this is the same when they are). A one-row window followed by a false positive
 * divides by w - 1 = 0, which crashes NAB; here the distance is infinite and the alert costs A_FP.
 *
 * Normalization: 100 (raw - null) / (perfect - null) with null = -A_FN and perfect = A_TP per scored window
 * (NAB's null detector, which never alerts, and `runner.normalize`). NAB counts every labelled window in
 * "perfect"; here only windows with a row after the probationary period count, which is the same on NAB's
 * corpus, where no window lies in that period. A window straddling the period cannot earn full A_TP.
 *
 * @param times - one timestamp per row, strictly increasing (any unit, e.g. ms); null to use row indices.
 * @param alerts - 0/1 per row, 1 = alert.
 * @param windows - anomaly windows [start, end] in the units of `times`, ends inclusive, sorted, disjoint.
 * @param profile - a name of {@link nabProfiles}, or a cost matrix (as NAB's own tests use, e.g. all weights 1).
 * @param options - `probationRows` (default {@link nabProbationRows}).
 * @throws on mismatched lengths, non-0/1 alerts, non-increasing or non-finite times, unsorted or
 *   overlapping windows, a window with no row, or a bad `probationRows`.
 */
export function nabScore(
  times: ArrayLike<number> | null,
  alerts: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
  profile: NabProfile | NabCostMatrix,
  options: NabOptions = {},
): NabResult {
  const cost = nabCostMatrix(profile);
  const n = alerts.length;
  nabCheckTimes(times, n);
  checkBinary('nabScore', 'alerts', alerts);
  const probationRows = options.probationRows ?? nabProbationRows(n);
  if (!Number.isInteger(probationRows) || probationRows < 0) {
    throw new Error(`nabScore: probationRows is ${probationRows}; it must be a whole number >= 0`);
  }
  const rows = nabWindowRows(times, n, windows);
  const maxTp = nabScaledSigmoid(-1);

  const perWindow: NabWindowResult[] = [];
  let raw = 0;
  let tp = 0;
  let fn = 0;
  let scoredWindows = 0;
  let inWindowRows = 0;
  let inWindowAlerts = 0;
  for (let k = 0; k < rows.length; k++) {
    const [first, last] = rows[k];
    const width = last - first + 1;
    const from = Math.max(first, probationRows);
    const scored = from <= last;
    let detectionRow: number | null = null;
    for (let i = from; i <= last; i++) {
      inWindowRows++;
      if (alerts[i] === 1) {
        inWindowAlerts++;
        detectionRow ??= i;
      }
    }
    let score = 0;
    if (scored) {
      scoredWindows++;
      if (detectionRow === null) {
        score = -cost.fnWeight;
        fn++;
      } else {
        score = (nabScaledSigmoid(-(last - detectionRow + 1) / width) * cost.tpWeight) / maxTp;
        tp++;
      }
    }
    raw += score;
    perWindow.push({
      start: windows[k][0],
      end: windows[k][1],
      firstRow: first,
      lastRow: last,
      scored,
      detectionRow,
      score,
    });
  }

  let fp = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    while (next < rows.length && rows[next][1] < i) next++;
    const inWindow = next < rows.length && rows[next][0] <= i;
    if (inWindow || i < probationRows || alerts[i] !== 1) continue;
    fp++;
    if (next === 0) {
      raw -= cost.fpWeight;
    } else {
      const [pFirst, pLast] = rows[next - 1];
      raw += nabScaledSigmoid((i - pLast) / (pLast - pFirst)) * cost.fpWeight;
    }
  }

  const scoredRows = Math.max(0, n - probationRows);
  const rowCounts: Confusion = {
    tp: inWindowAlerts,
    fn: inWindowRows - inWindowAlerts,
    fp,
    tn: scoredRows - inWindowRows - fp,
  };
  const nullScore = 0 - cost.fnWeight * scoredWindows; // not -0 when no window is scored
  const perfectScore = cost.tpWeight * scoredWindows;
  return {
    profile: typeof profile === 'string' ? profile : 'custom',
    cost,
    raw,
    nullScore,
    perfectScore,
    normalized: normalize(raw, nullScore, perfectScore),
    tp,
    fn,
    fp,
    rowCounts,
    probationRows,
    perWindow,
  };
}

/** {@link nabScore} under each of NAB's three profiles. */
export function nabScoreAll(
  times: ArrayLike<number> | null,
  alerts: ArrayLike<number>,
  windows: readonly (readonly [number, number])[],
  options: NabOptions = {},
): Record<NabProfile, NabResult> {
  return {
    standard: nabScore(times, alerts, windows, 'standard', options),
    reward_low_fp: nabScore(times, alerts, windows, 'reward_low_fp', options),
    reward_low_fn: nabScore(times, alerts, windows, 'reward_low_fn', options),
  };
}

/**
 * Combines per-file results the way NAB scores a corpus: raw scores, null scores and perfect scores are each
 * summed over the files and the sums normalized once (`runner.normalize`), so files with more windows weigh
 * more. This is not the mean of the per-file normalized scores.
 *
 * @throws if `results` is empty or mixes weights.
 */
export function nabCombine(results: readonly NabResult[]): NabTotal {
  if (results.length === 0)
    throw new Error('nabCombine: results is empty; pass at least one nabScore result');
  const { profile, cost } = results[0];
  const total: NabTotal = {
    profile,
    cost,
    raw: 0,
    nullScore: 0,
    perfectScore: 0,
    normalized: null,
    tp: 0,
    fn: 0,
    fp: 0,
  };
  results.forEach((r, k) => {
    const same =
      r.cost.tpWeight === cost.tpWeight &&
      r.cost.fpWeight === cost.fpWeight &&
      r.cost.fnWeight === cost.fnWeight;
    if (!same) {
      throw new Error(
        `nabCombine: results[${k}] was scored with other weights (${r.profile}) than results[0] (${profile})`,
      );
    }
    total.raw += r.raw;
    total.nullScore += r.nullScore;
    total.perfectScore += r.perfectScore;
    total.tp += r.tp;
    total.fn += r.fn;
    total.fp += r.fp;
  });
  total.normalized = normalize(total.raw, total.nullScore, total.perfectScore);
  return total;
}
