import { binaryCurve, type BinaryCurve } from './binary-curve';
import { rates } from './confusion';
import { labelledEvents } from './latency';
import { bestF1Threshold } from './threshold';

const DAY_MS = 86400000;

/** How {@link chooseThreshold} picks a threshold. Plain JSON, so it can be stored with a model. */
export type ThresholdRule =
  /** The lowest threshold whose false-positive rate is at most `target` (in [0, 1]). Needs labels. */
  | { kind: 'fpr'; target: number }
  /** The lowest threshold giving at most `perDay` alerts per day over a validation period of `days` days. */
  | { kind: 'budget'; perDay: number; days: number }
  /**
   * The threshold minimising `fp * FP + fn * FN`; FN counts missed anomalous rows (`per: 'row'`, the default)
   * or missed events (`per: 'event'`: events with no alerting row). Needs labels.
   */
  | { kind: 'cost'; fp: number; fn: number; per?: 'row' | 'event' }
  /** The F1-optimal threshold, as {@link bestF1Threshold}. Needs labels. */
  | { kind: 'f1' };

/** The chosen threshold, what it achieves on the validation rows, and a one-line explanation. */
export interface ThresholdChoice {
  /** Alert = score >= threshold; `+Infinity` means alert on nothing (JSON: `null`). */
  threshold: number;
  /**
   * Metrics at `threshold` on the validation rows: `fpr` and `f1` whenever labels are given,
   * `alertsPerDay` for the budget rule, `cost` for the cost rule.
   */
  achieved: { fpr?: number; alertsPerDay?: number; cost?: number; f1?: number };
  note: string;
}

/** Extra input of {@link chooseThreshold}. */
export interface ThresholdChoiceOptions {
  /**
   * [start, end) row ranges, one per entity with rows in time order, that delimit events for the per-event
   * cost rule (an event never spans two segments); default one segment of all rows.
   */
  segments?: readonly [number, number][];
}

/**
 * Chooses an alert threshold on validation scores by one of four rules (see {@link ThresholdRule}).
 *
 * Only distinct scores and `+Infinity` are candidates: every metric here is constant between them. The FPR and
 * budget rules take the lowest admissible threshold (most alerts, hence most recall, within the limit);
 * when even the highest score breaks the limit the result is `+Infinity`. The cost rule breaks ties toward
 * the higher threshold (fewer alerts for the same cost), like {@link bestF1Threshold}.
 *
 * @param labels - 0/1 labels (1 = anomaly) of the same rows, or `null` (then only the budget rule works).
 * @param scores - at least one score; NaN is refused.
 * @throws if a rule that needs labels gets none, the FPR rule gets no normal row, or an argument is invalid
 *   (the message names it).
 */
export function chooseThreshold(
  labels: ArrayLike<number> | null,
  scores: ArrayLike<number>,
  rule: ThresholdRule,
  options: ThresholdChoiceOptions = {},
): ThresholdChoice {
  const fn = 'chooseThreshold';
  if (scores.length === 0) throw new Error(`${fn}: scores is empty; need at least one score`);
  if (labels === null && rule.kind !== 'budget') {
    throw new Error(`${fn}: rule '${rule.kind}' needs labels, but labels is null`);
  }
  const c = binaryCurve(labels ?? new Uint8Array(scores.length), scores, fn);
  // Index -1 stands for +Infinity (alert on nothing), which is not possible when a score is +Infinity.
  const first = c.thresholds[0] === Infinity ? 0 : -1;
  const withLabels = (k: number, achieved: ThresholdChoice['achieved']): ThresholdChoice['achieved'] => {
    if (!labels) return achieved;
    const r = rates({
      tp: tpAt(c, k),
      fp: fpAt(c, k),
      fn: c.positives - tpAt(c, k),
      tn: c.negatives - fpAt(c, k),
    });
    return { fpr: r.fpr, f1: r.f1, ...achieved };
  };

  switch (rule.kind) {
    case 'fpr': {
      const { target } = rule;
      if (!(target >= 0 && target <= 1)) throw new Error(`${fn}: target is ${target}; it must be in [0, 1]`);
      if (c.negatives === 0) {
        throw new Error(
          `${fn}: labels contain no normal row (label 0); the false-positive rate is undefined`,
        );
      }
      const ok = (k: number): boolean => fpAt(c, k) / c.negatives <= target;
      const k = lowestAdmissible(c, first, ok);
      const a = withLabels(k, {});
      return {
        threshold: thresholdAt(c, k),
        achieved: a,
        note: !ok(k)
          ? `no threshold reaches FPR <= ${target}: +Infinity scores on normal rows give FPR ${fmt(a.fpr)}`
          : k >= 0
            ? `lowest threshold with FPR <= ${target}: FPR ${fmt(a.fpr)}, F1 ${fmt(a.f1)}`
            : `no score keeps FPR <= ${target} (the highest alone gives ${fmt(fpAt(c, 0) / c.negatives)}); ` +
              'alert on nothing',
      };
    }
    case 'budget': {
      const { perDay, days } = rule;
      if (!(perDay >= 0 && perDay < Infinity)) {
        throw new Error(`${fn}: perDay is ${perDay}; it must be a finite number >= 0`);
      }
      if (!(days > 0 && days < Infinity))
        throw new Error(`${fn}: days is ${days}; it must be a finite number > 0`);
      const perDayAt = (k: number): number => (tpAt(c, k) + fpAt(c, k)) / days;
      const ok = (k: number): boolean => perDayAt(k) <= perDay;
      const k = lowestAdmissible(c, first, ok);
      const a = withLabels(k, { alertsPerDay: perDayAt(k) });
      return {
        threshold: thresholdAt(c, k),
        achieved: a,
        note: !ok(k)
          ? `no threshold stays within ${perDay} alerts/day: +Infinity scores give ${fmt(a.alertsPerDay)}`
          : k >= 0
            ? `lowest threshold with at most ${perDay} alerts/day over ${fmt(days)} days: ` +
              `${fmt(a.alertsPerDay)} alerts/day`
            : `no score stays within ${perDay} alerts/day (the highest alone gives ${fmt(perDayAt(0))}); ` +
              'alert on nothing',
      };
    }
    case 'cost': {
      const { fp, fn: fnCost, per = 'row' } = rule;
      if (!(fp >= 0 && fp < Infinity)) throw new Error(`${fn}: fp is ${fp}; it must be a finite cost >= 0`);
      if (!(fnCost >= 0 && fnCost < Infinity)) {
        throw new Error(`${fn}: fn is ${fnCost}; it must be a finite cost >= 0`);
      }
      if (per !== 'row' && per !== 'event')
        throw new Error(`${fn}: per is ${String(per)}; use 'row' or 'event'`);
      const missed =
        per === 'row' ? (k: number) => c.positives - tpAt(c, k) : missedEvents(c, labels!, scores, options);
      const costAt = (k: number): number => fp * fpAt(c, k) + fnCost * missed(k);
      let best = first;
      let bestCost = costAt(first);
      // k increases as the threshold decreases: a strict "<" keeps the higher threshold on ties.
      for (let k = first + 1; k < c.thresholds.length; k++) {
        const v = costAt(k);
        if (v < bestCost) {
          best = k;
          bestCost = v;
        }
      }
      const a = withLabels(best, { cost: bestCost });
      return {
        threshold: thresholdAt(c, best),
        achieved: a,
        note:
          `minimum cost ${fmt(bestCost)} = ${fp} x ${fpAt(c, best)} false-positive rows + ${fnCost} x ` +
          `${missed(best)} missed ${per === 'row' ? 'anomalous rows' : 'events'}`,
      };
    }
    case 'f1': {
      const b = bestF1Threshold(labels!, scores);
      const k = lowestAdmissible(c, first, (k) => c.thresholds[k] >= b.threshold);
      return {
        threshold: b.threshold,
        achieved: withLabels(k, { f1: b.f1 }),
        note:
          c.positives === 0
            ? 'no anomalous row in the labels: F1 is 0 everywhere; alert on nothing'
            : `best F1 ${fmt(b.f1)} (precision ${fmt(b.precision)}, recall ${fmt(b.recall)})`,
      };
    }
    default: {
      const kind = (rule as { kind: unknown }).kind;
      throw new Error(`${fn}: rule.kind is ${String(kind)}; use 'fpr', 'budget', 'cost' or 'f1'`);
    }
  }
}

/**
 * Length in days of a validation period, for the budget rule: with times, from the first to the last row
 * time plus one step (each row stands for one step); without, `rows` steps.
 *
 * @param times - row times in ms (any order; several entities may share times), or `null`.
 * @param rows - rows per entity, used only without times (for several entities, the rows of one).
 * @param stepMs - sampling step in ms, default 5 minutes.
 * @throws if `stepMs` is not > 0, `rows` is not a non-negative integer, a time is not finite, or the
 *   period is empty.
 */
export function periodDays(times: ArrayLike<number> | null, rows: number, stepMs = 300000): number {
  if (!(stepMs > 0 && stepMs < Infinity)) throw new Error(`periodDays: stepMs is ${stepMs}; it must be > 0`);
  if (!times) {
    if (!Number.isInteger(rows) || rows < 1)
      throw new Error(`periodDays: rows is ${rows}; it must be an integer >= 1`);
    return (rows * stepMs) / DAY_MS;
  }
  if (times.length === 0) throw new Error('periodDays: times is empty; need at least one row time');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (!Number.isFinite(t))
      throw new Error(`periodDays: times[${i}] is ${String(t)}; it must be a finite number`);
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return (hi - lo + stepMs) / DAY_MS;
}

/** Counts and threshold at curve index k; k = -1 is the threshold +Infinity (alert on nothing). */
const tpAt = (c: BinaryCurve, k: number): number => (k < 0 ? 0 : c.tps[k]);
const fpAt = (c: BinaryCurve, k: number): number => (k < 0 ? 0 : c.fps[k]);
const thresholdAt = (c: BinaryCurve, k: number): number => (k < 0 ? Infinity : c.thresholds[k]);

/**
 * The largest k >= first (lowest threshold) satisfying `ok`, a condition that holds on a prefix of
 * first, first + 1, ...; `first` when none does.
 */
function lowestAdmissible(c: BinaryCurve, first: number, ok: (k: number) => boolean): number {
  let lo = first;
  let hi = c.thresholds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Missed events at each curve index: an event is caught once the threshold reaches its highest score. */
function missedEvents(
  c: BinaryCurve,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ThresholdChoiceOptions,
): (k: number) => number {
  const n = labels.length;
  const segments = options.segments ?? [[0, n]];
  segments.forEach(([start, end], i) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > n) {
      throw new Error(
        `chooseThreshold: options.segments[${i}] is [${start}, ${end}]; ` +
          `it must be integers with 0 <= start <= end <= ${n}`,
      );
    }
  });
  const events = labelledEvents(labels, segments);
  const peaks = Float64Array.from(events, (e) => {
    let m = -Infinity;
    for (let r = e.firstRow; r <= e.lastRow; r++) m = Math.max(m, scores[r]);
    return m;
  }).sort();
  const missed = new Float64Array(c.thresholds.length);
  for (let k = 0, j = peaks.length; k < c.thresholds.length; k++) {
    while (j > 0 && peaks[j - 1] >= c.thresholds[k]) j--;
    missed[k] = j;
  }
  return (k) => (k < 0 ? peaks.length : missed[k]);
}

function fmt(x: number | undefined): string {
  return x === undefined ? '-' : String(Number(x.toPrecision(4)));
}
