/**
 * Feature selection fitted on the training rows: drop near-constant features, then near-duplicates, then
 * (with labels) keep the features that best separate labelled anomalies on their own.
 */
import { correlationPrune } from './selection/correlation-prune';
import { evenSample } from './selection/even-sample';
import { nearConstant } from './selection/near-constant';
import type { SelectionOptions } from './selection/options';
import { featureScore, labelledRows } from './selection/ranking';

export {
  defaultSelection,
  parseSelection,
  SelectionConfigError,
  type SelectionOptions,
} from './selection/options';
export { MI_BINS } from './selection/mutual-info';

/** Why a feature was dropped. */
export type DropReason = 'near-constant' | 'correlated' | 'low-rank';

/** The outcome of {@link selectFeatures}. */
export interface SelectionResult {
  /** Kept feature names, in their original order. */
  kept: string[];
  /**
   * Dropped features in step order: near-constant and correlated ones in feature order, then low-rank
   * ones by rank.
   */
  dropped: { name: string; reason: DropReason; detail: string }[];
  /** When the ranking ran: the score of every feature it ranked, best first (ties in feature order). */
  scores?: { name: string; score: number }[];
  /** One sentence for the UI summarising what happened. */
  note: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

function checkInputs(
  columns: readonly Float64Array[],
  names: readonly string[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number> | null,
): void {
  if (columns.length !== names.length) {
    throw new Error(`selectFeatures: ${columns.length} columns but ${names.length} names`);
  }
  const n = columns.length ? columns[0].length : 0;
  columns.forEach((c, j) => {
    if (c.length !== n)
      throw new Error(`selectFeatures: column '${names[j]}' has ${c.length} rows, expected ${n}`);
  });
  if (labels && columns.length && labels.length !== n) {
    throw new Error(`selectFeatures: labels have ${labels.length} rows, the columns ${n}`);
  }
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (!Number.isInteger(r) || r < 0 || (columns.length && r >= n)) {
      throw new Error(`selectFeatures: training row ${k} is ${r}, not a row index below ${n}`);
    }
  }
}

/** Why the ranking cannot run on these labelled training rows, or '' when it can. */
function rankingSkip(labelled: { rows: Int32Array; positives: number } | null): string {
  if (!labelled) return 'ranking skipped: the data has no labels';
  if (labelled.positives === 0) return 'ranking skipped: the training rows hold no labelled anomaly';
  if (labelled.positives === labelled.rows.length) {
    return 'ranking skipped: the labelled training rows are all anomalies';
  }
  return '';
}

/**
 * Selects features using the training rows only, in three optional steps:
 *
 * 1. near-constant: drop a feature when one value covers more than `maxTopShare` of the training rows,
 *    or its std is below `minStdRatio * |mean|` (see `nearConstant`);
 * 2. correlation: walking the remaining features in order, drop one whose |Pearson r| with an already
 *    kept feature exceeds `threshold`, r computed over at most `sampleRows` evenly spaced training rows;
 * 3. ranking: only when the labelled training rows (label 0 or 1) hold both classes, score each
 *    remaining feature alone (|ROC-AUC - 0.5| * 2, or binned mutual information, see `MI_BINS`) and keep
 *    the `topK` best (ties broken by feature order).
 *
 * @param columns - feature columns, one value per dataset row.
 * @param names - feature names, parallel to `columns`.
 * @param rows - the training row indices; nothing outside them is looked at.
 * @param labels - 0/1 per dataset row (other values: unlabelled), or null.
 * @throws if lengths disagree or a row index is out of range.
 */
export function selectFeatures(
  columns: readonly Float64Array[],
  names: readonly string[],
  rows: ArrayLike<number>,
  labels: ArrayLike<number> | null,
  options: SelectionOptions,
): SelectionResult {
  checkInputs(columns, names, rows, labels);
  const dropped: SelectionResult['dropped'] = [];
  const notes: string[] = [];
  let candidates = columns.map((_, j) => j);

  if (options.nearConstant.enabled) {
    const { maxTopShare, minStdRatio } = options.nearConstant;
    const next: number[] = [];
    for (const j of candidates) {
      const verdict = nearConstant(columns[j], rows, maxTopShare, minStdRatio ?? 0);
      if (verdict) dropped.push({ name: names[j], reason: 'near-constant', detail: verdict.detail });
      else next.push(j);
    }
    notes.push(`${count(candidates.length - next.length)} near-constant`);
    candidates = next;
  }

  if (options.correlation.enabled) {
    const { threshold, sampleRows } = options.correlation;
    const sample = evenSample(rows, sampleRows);
    const pruned = correlationPrune(
      candidates.map((j) => columns[j]),
      sample,
      threshold,
    );
    for (const d of pruned.dropped) {
      const other = names[candidates[d.with]];
      dropped.push({
        name: names[candidates[d.index]],
        reason: 'correlated',
        detail: `r = ${d.r.toFixed(3)} with ${other}`,
      });
    }
    const over =
      sample.length < rows.length
        ? `${count(sample.length)} of ${count(rows.length)} training rows`
        : `all ${count(rows.length)} training rows`;
    notes.push(`${count(pruned.dropped.length)} correlated (|r| > ${threshold} over ${over})`);
    candidates = pruned.kept.map((k) => candidates[k]);
  }

  let scores: SelectionResult['scores'];
  let skipped = '';
  if (options.ranking.enabled) {
    const { method, topK } = options.ranking;
    const labelled = labels ? labelledRows(rows, labels) : null;
    skipped = rankingSkip(labelled);
    if (labels && labelled && !skipped) {
      const ranked = candidates
        .map((j) => ({ j, score: featureScore(columns[j], labelled.rows, labels, method) }))
        .sort((a, b) => b.score - a.score || a.j - b.j);
      scores = ranked.map((r) => ({ name: names[r.j], score: r.score }));
      const label = method === 'auc' ? '|AUC - 0.5| * 2' : 'mutual information';
      const unit = method === 'auc' ? '' : ' nats';
      ranked.slice(topK).forEach((r, i) => {
        dropped.push({
          name: names[r.j],
          reason: 'low-rank',
          detail: `${label} = ${r.score.toPrecision(3)}${unit}, rank ${topK + i + 1} of ${ranked.length}`,
        });
      });
      const keep = new Set(ranked.slice(0, topK).map((r) => r.j));
      const by = method === 'auc' ? 'ROC-AUC' : 'mutual information';
      notes.push(`${count(candidates.length - keep.size)} outside the top ${count(topK)} by ${by}`);
      candidates = candidates.filter((j) => keep.has(j));
    }
  }

  const kept = candidates.map((j) => names[j]);
  let note: string;
  if (!notes.length && !skipped) note = `No feature selection: all ${count(columns.length)} features kept.`;
  else {
    note = `Kept ${count(kept.length)} of ${count(columns.length)} features`;
    if (notes.length) note += `; dropped ${notes.join(', ')}`;
    if (skipped) note += `; ${skipped}`;
    note += '.';
  }
  return scores ? { kept, dropped, scores, note } : { kept, dropped, note };
}
