import type { TrainingSummary } from '../bundle/training-summary';
import type { Detector, DetectorStream } from '../detectors/detector';
import { loadDetector } from '../detectors/index';
import { explainRow, type Contribution } from '../evaluation/alert-explanation';
import { AlertRuleState, type AlertRules } from '../metrics/alert-rules';
import type { FittedPipeline } from '../pipeline/fitted';
import { resolveFeatureMode } from '../pipeline/spec';
import { detectorStreamPlan, DEFAULT_HISTORY_ROWS, type DetectorStreamPlan } from './detector-stream';
import { DEFAULT_DRIFT_WINDOW, DriftMonitor } from './drift';
import { LruMap } from './lru';
import { retainedBytes } from './state-size';
import type { ScoringRow } from './row-input';
import { CleaningStream, streamingCleaning, type StreamingStep } from './stream-cleaning';
import { featureStreamPlan, selectedIndex, type EntityFeatureState } from './stream-features';

/** Entities whose stream state is kept by default; the least recently seen is forgotten beyond. */
export const DEFAULT_MAX_ENTITIES = 100_000;

export interface StreamScorerOptions {
  /** Entities kept (LRU); default {@link DEFAULT_MAX_ENTITIES}. */
  maxEntities?: number;
  /** Rows per entity for a sequential detector without a stream of its own (see `detectorStreamPlan`). */
  historyRows?: number;
  /** The bundle's training summary: contributions and drift; without it both are off. */
  summary?: TrainingSummary | null;
  /** Recent values per metric for the drift PSI. */
  driftWindow?: number;
  /** The pipeline's detector, already loaded (else it is loaded from the pipeline's JSON). */
  detector?: Detector;
  /** Contributions per row, most unusual metrics first (default 3). */
  topContributions?: number;
}

/** A metric's part in a row's score, with the sentence that says it. */
export interface ExplainedContribution extends Contribution {
  text: string;
}

/** The answer for one streamed row. */
export interface StreamResult {
  entity: string;
  /** null when the pipeline's cleaning drops the row (method 'drop' and a metric missing). */
  score: number | null;
  alert: boolean;
  /** The row alerts and opens a new incident for its entity (the previous row did not alert, or the rules say so). */
  incidentStart: boolean;
  /** The metrics furthest from their usual level for the row's hour of the week (empty without a summary). */
  contributions: ExplainedContribution[];
}

/** How the streaming scorer runs a pipeline, and whether it reproduces a batch. */
export interface StreamingBehaviour {
  /**
   * True when rows sent one at a time, in time order per entity, get the scores a batch of the same
   * rows gets (to 1e-9); false when a cleaning step is not causal or the detector's history is capped.
   */
  exact: boolean;
  cleaning: StreamingStep[];
  features: 'raw' | 'rolling' | 'families';
  detector: { type: string; kind: DetectorStreamPlan['kind']; historyRows: number | null };
  alerts: 'alert rules' | 'score >= threshold';
  maxEntities: number;
  /** Plain sentences on what differs from a batch, if anything. */
  notes: string[];
}

/** A row older than the last row of its entity: a stream cannot go back in time. */
export class StreamOrderError extends Error {
  constructor(entity: string, time: number, last: number) {
    super(
      `entity ${JSON.stringify(entity)}: row time ${new Date(time).toISOString()} is before its last row (${new Date(last).toISOString()}); send each entity's rows in time order, or score them with /batch_predict`,
    );
    this.name = 'StreamOrderError';
  }
}

interface EntityState {
  cleaning: CleaningStream;
  features: EntityFeatureState;
  detector: DetectorStream;
  rules: AlertRuleState | null;
  lastAlert: boolean;
  lastTime: number;
}

/**
 * Scores rows one at a time with bounded state per entity: the pipeline's causal cleaning, outlier
 * clipping, streaming features, scaler and detector, then the alert rules (or score >= threshold).
 * Rows of one entity must come in time order. For a causal pipeline ({@link StreamingBehaviour}
 * `exact`), an entity's rows pushed one by one get the scores `scorePipeline` gives the same rows as
 * one batch, to 1e-9.
 */
export class StreamScorer {
  readonly behaviour: StreamingBehaviour;
  /** Per-metric PSI of recent rows against the training bins; null without a training summary. */
  readonly drift: DriftMonitor | null;
  private readonly entities: LruMap<string, EntityState>;
  private readonly detectorPlan: DetectorStreamPlan;
  private readonly createFeatures: () => EntityFeatureState;
  private readonly pick: Int32Array;
  private readonly full: Float64Array;
  private readonly x: Float64Array;
  private readonly raw: Float64Array;
  private readonly rules: AlertRules | null;
  private readonly hasTime: boolean;
  private evictedCount = 0;

  constructor(
    readonly fitted: FittedPipeline,
    private readonly options: StreamScorerOptions = {},
  ) {
    const maxEntities = options.maxEntities ?? DEFAULT_MAX_ENTITIES;
    this.entities = new LruMap(maxEntities);
    const detector = options.detector ?? loadDetector(fitted.detector);
    const features = featureStreamPlan(fitted);
    this.createFeatures = features.create;
    this.pick = selectedIndex(fitted, features.names);
    this.full = new Float64Array(features.names.length);
    this.x = new Float64Array(fitted.featureNames.length);
    this.raw = new Float64Array(fitted.spec.metrics.length);
    this.detectorPlan = detectorStreamPlan(
      detector,
      this.x.length,
      options.historyRows ?? DEFAULT_HISTORY_ROWS,
    );
    this.rules = fitted.alertRules ? { ...fitted.alertRules, threshold: fitted.threshold } : null;
    this.hasTime = Boolean(fitted.spec.schema.time);
    const summary = options.summary ?? null;
    this.drift = summary
      ? new DriftMonitor(summary.drift, options.driftWindow ?? DEFAULT_DRIFT_WINDOW)
      : null;
    this.behaviour = describe(fitted, this.detectorPlan, maxEntities);
  }

  /** Entities with state now. */
  get entityCount(): number {
    return this.entities.size;
  }

  /** True when the entity has stream state (it was pushed and not forgotten since). */
  has(entity: string): boolean {
    return this.entities.has(entity);
  }

  /** Entities forgotten so far to stay within `maxEntities`. */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Forgets one entity's state, or every entity's. */
  reset(entity?: string): void {
    if (entity === undefined) this.entities.clear();
    else this.entities.delete(entity);
  }

  /**
   * Scores an entity's next row and updates its state (and the drift window).
   *
   * @throws StreamOrderError when the row is older than its entity's last row.
   */
  push(row: ScoringRow): StreamResult {
    return this.step(row, true);
  }

  /**
   * Forgets an entity's state and feeds it the entity's earlier rows (oldest first, as a `ReplayPlan`
   * says which), discarding their results: its next row then scores as in an uninterrupted stream.
   * Replayed rows do not count for drift. A row out of time order is skipped.
   */
  rebuild(entity: string, rows: readonly ScoringRow[]): void {
    this.entities.delete(entity);
    for (const row of rows) {
      try {
        this.step(row, false);
      } catch (e) {
        if (!(e instanceof StreamOrderError)) throw e;
      }
    }
  }

  private step(row: ScoringRow, live: boolean): StreamResult {
    let state = this.entities.get(row.entity);
    if (state && this.hasTime && row.time < state.lastTime) {
      throw new StreamOrderError(row.entity, row.time, state.lastTime);
    }
    if (!state) {
      state = this.newState(row.entity);
      if (this.entities.set(row.entity, state) !== undefined) this.evictedCount++;
    }
    if (live) this.drift?.observe(row.values);
    const summary = live ? this.options.summary : undefined;
    const contributions: ExplainedContribution[] = [];
    if (summary) {
      const explained = explainRow(
        summary.baselines,
        Array.from(row.values),
        this.hasTime ? row.time : null,
        this.options.topContributions ?? 3,
      );
      explained.contributions.forEach((c, k) => contributions.push({ ...c, text: explained.sentences[k] }));
    }
    const scored = this.advance(state, row);
    if (!scored)
      return { entity: row.entity, score: null, alert: false, incidentStart: false, contributions };
    return { entity: row.entity, ...scored, contributions };
  }

  /**
   * Estimated bytes of one entity's state once it has taken `rows` (in time order): what a new entity
   * adds to memory, the detector and pipeline it shares with every other entity left out. Uses states
   * of its own, so nothing the scorer keeps (entities, drift) changes.
   */
  entityBytes(rows: readonly ScoringRow[]): number {
    const a = this.newState('a');
    const b = this.newState('b');
    for (const row of rows) {
      this.advance(a, row);
      this.advance(b, row);
    }
    return retainedBytes(b, [a, this.fitted, this.options.detector, this.rules]);
  }

  /** Runs a row through an entity's state: null when cleaning drops it. */
  private advance(
    state: EntityState,
    row: ScoringRow,
  ): { score: number; alert: boolean; incidentStart: boolean } | null {
    const { fitted } = this;
    const values = this.raw;
    values.set(row.values);
    if (!state.cleaning.push(values)) return null;
    state.lastTime = row.time;
    const clip = fitted.clip;
    if (clip) {
      for (let j = 0; j < values.length; j++) {
        const b = clip[j];
        if (!b) continue;
        if (values[j] < b.lower) values[j] = b.lower;
        else if (values[j] > b.upper) values[j] = b.upper;
      }
    }
    state.features.push(values, row.time, this.full);
    const { center, scale } = fitted.scaler;
    const x = this.x;
    for (let k = 0; k < x.length; k++) {
      const v = (this.full[this.pick[k]] - center[k]) / scale[k];
      x[k] = Number.isFinite(v) ? v : 0;
    }
    const score = state.detector.push(x, row.time);
    let alert: boolean;
    let incidentStart: boolean;
    if (state.rules) {
      const step = state.rules.push(score);
      alert = step.alert;
      incidentStart = step.incidentStart;
    } else {
      alert = score >= fitted.threshold;
      incidentStart = alert && !state.lastAlert;
    }
    state.lastAlert = alert;
    return { score, alert, incidentStart };
  }

  private newState(entity: string): EntityState {
    return {
      cleaning: new CleaningStream(this.fitted.spec.cleaning, this.fitted.spec.metrics.length),
      features: this.createFeatures(),
      detector: this.detectorPlan.create(),
      rules: this.rules ? new AlertRuleState(this.rules, entity) : null,
      lastAlert: false,
      lastTime: -Infinity,
    };
  }
}

function describe(fitted: FittedPipeline, plan: DetectorStreamPlan, maxEntities: number): StreamingBehaviour {
  const cleaning = streamingCleaning(fitted.spec.cleaning);
  const notes: string[] = cleaning.filter((s) => !s.same).map((s) => `${s.step}: ${s.stream}`);
  if (plan.kind === 'history') {
    notes.push(
      `detector: ${fitted.detector.type} has no bounded stream, so each entity's last ${plan.historyRows} rows are rescored on every row; scores match a batch while an entity has at most that many rows`,
    );
  }
  const familiesWithoutStep = typeof fitted.spec.features === 'object' && fitted.stepMs === undefined;
  if (familiesWithoutStep) {
    notes.push('features: the bundle has no training time step, so time-based feature windows use none');
  }
  return {
    exact: notes.length === 0,
    cleaning,
    features: resolveFeatureMode(fitted.spec),
    detector: { type: fitted.detector.type, kind: plan.kind, historyRows: plan.historyRows },
    alerts: fitted.alertRules ? 'alert rules' : 'score >= threshold',
    maxEntities,
    notes,
  };
}
