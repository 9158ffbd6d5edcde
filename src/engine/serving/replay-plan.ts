import type { Detector } from '../detectors/detector';
import { loadDetector } from '../detectors/index';
import type { FittedPipeline } from '../pipeline/fitted';
import { combineLookbacks, lookback, type Lookback } from '../util/lookback';
import { detectorStreamPlan, DEFAULT_HISTORY_ROWS } from './detector-stream';
import { featureStreamPlan } from './stream-features';

/** A replay period beyond this many rows is dropped (the replay would grow by up to that much). */
export const MAX_REPLAY_PERIOD = 10_000;

/** One stateful part of the streaming scorer and the history it needs. */
export interface ReplayPart {
  part: 'cleaning' | 'features' | 'detector' | 'alerts';
  /** Rows before the current one; null = unbounded. */
  rows: number | null;
  period: number;
}

/**
 * How to rebuild one entity's stream state (a `StreamScorer`'s) from the entity's recent rows, so that
 * its next row scores as if the stream had never been interrupted: replay the rows from the entity row
 * `start(next)` up to the one before `next` into a fresh state. Replays start on a row where every
 * metric is observed (extend further back while the first replayed row misses a value): forward fills
 * then carry the same values.
 */
export interface ReplayPlan {
  /** Rows before the current one the state depends on (the parts' rows added up). */
  rows: number;
  /** Replays start on an entity row whose 0-based index is a multiple of this (1 = any row). */
  period: number;
  /** True when every part is bounded: scores after a rebuild equal an uninterrupted stream's (to rounding). */
  exact: boolean;
  /** True when alerts and incident starts rebuild exactly too (false with alert rules, see `notes`). */
  alertsExact: boolean;
  /** The cleaning drops rows with a missing metric: only kept rows count toward `rows`. */
  keptRowsOnly: boolean;
  parts: ReplayPart[];
  /** Plain sentences on what a replay does not rebuild exactly. */
  notes: string[];
}

function part(name: ReplayPart['part'], lb: Lookback): ReplayPart {
  return { part: name, rows: lb ? lb.rows : null, period: lb ? lb.period : 1 };
}

/**
 * The replay a pipeline's streaming state needs, from its fitted parts: the cleaning (rolling-median
 * window), the features (windows, lags, horizons; the rolling preset's 12-row blocks), the detector
 * (its stream's own lookback, or the history kept for a sequential detector without one) and the alert
 * rules.
 *
 * @param options.detector - the pipeline's detector, already loaded (else loaded from the pipeline).
 * @param options.historyRows - as given to the `StreamScorer` (default `DEFAULT_HISTORY_ROWS`).
 */
export function replayPlan(
  fitted: FittedPipeline,
  options: { detector?: Detector; historyRows?: number } = {},
): ReplayPlan {
  const notes: string[] = [];
  const missing = fitted.spec.cleaning?.missing;
  const cleaning = missing?.method === 'rolling-median' ? lookback(missing.window) : lookback(0);
  const keptRowsOnly = missing?.method === 'drop';

  const features = featureStreamPlan(fitted).lookback;
  if (features === null) {
    notes.push(
      'features: a family keeps an unbounded memory (changepoint CUSUM or seasonal residuals); after a rebuild its features start over from the replayed rows',
    );
  }

  const detector = options.detector ?? loadDetector(fitted.detector);
  const width = fitted.featureNames.length;
  const dplan = detectorStreamPlan(detector, width, options.historyRows ?? DEFAULT_HISTORY_ROWS);
  let detectorLookback: Lookback;
  if (dplan.kind === 'row-wise') detectorLookback = lookback(0);
  else if (dplan.kind === 'history') detectorLookback = lookback(dplan.historyRows ?? DEFAULT_HISTORY_ROWS);
  else detectorLookback = detector.streamLookback ? detector.streamLookback() : null;
  if (detectorLookback === null) {
    notes.push(
      `detector: ${fitted.detector.type}'s stream keeps an unbounded memory; after a rebuild it starts over from the replayed rows`,
    );
  }

  const rules = fitted.alertRules;
  const alerts = rules ? lookback(rules.minDuration + rules.cooldown + rules.groupGap + 2) : lookback(1);
  if (rules) {
    notes.push(
      `alerts: the alert rules are rebuilt from the last ${alerts!.rows} scores; an alert run longer than that may be counted as starting later (cooldown and incident start), the scores are not affected`,
    );
  }

  const parts = [
    part('cleaning', cleaning),
    part('features', features),
    part('detector', detectorLookback),
    part('alerts', alerts),
  ];
  // The parts run in series, each on the output of the one before (a detector window of cleaned
  // features), so their rows add up; every part's state starts with the replay, so periods combine.
  const chain = [cleaning, features ?? lookback(0), detectorLookback ?? lookback(0), alerts];
  const rows = chain.reduce((sum, p) => sum + p!.rows, 0);
  let period = combineLookbacks(chain)!.period;
  if (period > MAX_REPLAY_PERIOD) {
    notes.push(
      `period: the parts' periods combine to ${period} rows; replays start on any row, which can change running sums by rounding`,
    );
    period = 1;
  }
  if (keptRowsOnly && period > 1) {
    notes.push(
      'period: the cleaning drops rows, so entity row positions after a drop differ from message positions; replays start on any row',
    );
    period = 1;
  }
  return {
    rows,
    period,
    exact: features !== null && detectorLookback !== null,
    alertsExact: !rules,
    keptRowsOnly,
    parts,
    notes,
  };
}

/**
 * The first entity row (1-based sequence number) a replay before row `next` starts from: `rows` rows
 * back, then further back to the nearest row whose 0-based index is a multiple of `period`; 1 at most.
 */
export function replayStart(plan: Pick<ReplayPlan, 'rows' | 'period'>, next: number): number {
  const index = next - 1 - plan.rows;
  if (index <= 0) return 1;
  return 1 + Math.floor(index / plan.period) * plan.period;
}

/** One earlier row of an entity, as a replay collects it. */
export interface EntityReplayRow<R> {
  /** The entity row's 1-based sequence number. */
  seq: number;
  /** Raw metric values (NaN = missing), to check where a replay may start. */
  values: ArrayLike<number>;
  /** What the caller keeps for the row (the row itself, a message). */
  item: R;
}

/**
 * Collects the rows to replay before an entity's row `next`, offered newest first (as a backward scan
 * of a stream finds them): from `replayStart`, then further back, one period at a time, while the
 * oldest row misses a metric value (or, when the cleaning drops rows, while fewer than `rows` are
 * kept), up to `maxRows` rows or the entity's first row. Sequence numbers may have gaps.
 */
export class ReplayCollector<R> {
  private from: number;
  private readonly collected: EntityReplayRow<R>[] = [];
  private finished: boolean;

  constructor(
    private readonly plan: Pick<ReplayPlan, 'rows' | 'period' | 'keptRowsOnly'>,
    readonly next: number,
    private readonly maxRows = plan.rows + Math.max(1000, plan.rows),
  ) {
    this.from = replayStart(plan, next);
    this.finished = next <= 1;
  }

  /** True once the collected rows suffice (or no more can help). */
  get done(): boolean {
    return this.finished;
  }

  /** The sequence number the replay reaches back to now. */
  get start(): number {
    return this.from;
  }

  /** Takes the next older row of the entity; returns `done`. Rows at or after `next` are ignored. */
  offer(row: EntityReplayRow<R>): boolean {
    if (this.finished || row.seq >= this.next) return this.finished;
    if (row.seq < this.from) {
      // The start row is missing (a gap): what was collected may already suffice.
      if (this.enough()) return (this.finished = true);
      while (this.from > row.seq) this.from = Math.max(1, this.from - this.plan.period);
    }
    this.collected.push(row);
    if (row.seq <= this.from || row.seq === 1 || this.collected.length >= this.maxRows) {
      if (this.enough() || row.seq === 1 || this.collected.length >= this.maxRows) this.finished = true;
      else this.from = Math.max(1, this.from - this.plan.period);
    }
    return this.finished;
  }

  /** The rows to replay, oldest first. */
  rows(): EntityReplayRow<R>[] {
    return [...this.collected].reverse();
  }

  private enough(): boolean {
    const c = this.collected;
    if (c.length === 0) return false;
    const oldest = c[c.length - 1].values;
    for (let j = 0; j < oldest.length; j++) if (Number.isNaN(oldest[j])) return false;
    if (this.plan.keptRowsOnly) {
      let kept = 0;
      for (const r of c) {
        let ok = true;
        for (let j = 0; j < r.values.length; j++) if (Number.isNaN(r.values[j])) ok = false;
        if (ok) kept++;
      }
      if (kept < this.plan.rows) return false;
    }
    return true;
  }
}
