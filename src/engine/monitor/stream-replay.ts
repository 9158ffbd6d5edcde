import { verifyReference } from '../bundle/bundle';
import type { BundleBody } from '../bundle/format';
import type { MetricDrift } from '../serving/drift';
import { StreamScorer, type StreamResult } from '../serving/stream-scorer';

/** A row to replay: time (epoch ms, NaN without times), entity, raw metric values in the bundle's order. */
export interface ReplayRow {
  time: number;
  entity: string;
  values: number[];
  /** 1 when the row is a labelled anomaly (for the chart only; never given to the scorer). */
  label?: number;
}

/**
 * How a streamed row reads to an operator: `normal` below the threshold; `watch` at or above it but held
 * back by the alert rules (too short, or in a cooldown); `anomaly` an alert; `critical` an alert with a
 * metric at least {@link CRITICAL_SIGMA} robust sigmas from its usual level.
 */
export type RiskLabel = 'normal' | 'watch' | 'anomaly' | 'critical';
export const RISK_LABELS: readonly RiskLabel[] = ['normal', 'watch', 'anomaly', 'critical'];
export const CRITICAL_SIGMA = 4;

/** The label of one streamed result at the bundle's threshold. */
export function riskLabel(r: StreamResult, threshold: number): RiskLabel {
  if (r.score === null) return 'normal';
  if (r.alert)
    return r.contributions.some((c) => Math.abs(c.sigma) >= CRITICAL_SIGMA) ? 'critical' : 'anomaly';
  return r.score >= threshold ? 'watch' : 'normal';
}

/** One streamed row's result as the dashboard lists it. */
export interface ReplayResult {
  seq: number;
  time: number;
  entity: string;
  score: number | null;
  alert: boolean;
  risk: RiskLabel;
  label: number;
  /** The top contributing metrics as sentences (alerts only, to keep updates small). */
  why: string[];
}

/** What the dashboard draws after each step. */
export interface ReplayUpdate {
  processed: number;
  total: number;
  done: boolean;
  /** The 10 latest results, newest first, and the 10 latest alerts. */
  latest: ReplayResult[];
  anomalies: ReplayResult[];
  /** Alerts that opened an incident during this step, oldest first. */
  fired: ReplayResult[];
  counts: Record<RiskLabel, number>;
  /** The focus entity's latest results (at most `seriesRows`), oldest first. */
  series: { entity: string; time: number[]; score: (number | null)[]; alert: number[]; label: number[] };
  drift: MetricDrift[];
  /** Rows the drift window holds (see {@link dayOfRows}). */
  driftWindow: number;
  entities: string[];
}

const LATEST = 10;
const DAY_MS = 86_400_000;

/**
 * About one day of rows of the whole fleet (instances x rows per day at the median step), at least
 * 1,000: the drift window must span a daily cycle, or every evening looks like drift from the training
 * distribution that covers whole days.
 */
export function dayOfRows(rows: readonly ReplayRow[]): number {
  const last = new Map<string, number>();
  const steps: number[] = [];
  for (const r of rows) {
    const prev = last.get(r.entity);
    if (prev !== undefined && r.time > prev && steps.length < 10_000) steps.push(r.time - prev);
    last.set(r.entity, r.time);
  }
  if (!steps.length) return 1000;
  steps.sort((a, b) => a - b);
  const step = steps[Math.floor(steps.length / 2)];
  return Math.max(1000, Math.ceil((last.size * DAY_MS) / step));
}

/**
 * Replays rows through a bundle's streaming scorer as a production service would see them, keeping what
 * a monitoring dashboard shows: latest results and alerts, risk-label counts, a running series of one
 * entity, incidents as they fire and drift. Each `step` scores the next rows in order.
 */
export class StreamReplay {
  private readonly scorer: StreamScorer;
  private readonly threshold: number;
  private next = 0;
  private readonly latest: ReplayResult[] = [];
  private readonly anomalies: ReplayResult[] = [];
  private readonly counts: Record<RiskLabel, number> = { normal: 0, watch: 0, anomaly: 0, critical: 0 };
  private readonly series = new Map<string, ReplayResult[]>();
  private readonly startedAt = Date.now();
  /** Rows in the drift window: a day of the fleet, so a daily cycle is not read as drift. */
  readonly driftWindow: number;

  constructor(
    private readonly body: BundleBody,
    private readonly rows: readonly ReplayRow[],
    private readonly seriesRows = 300,
  ) {
    this.driftWindow = dayOfRows(rows);
    this.scorer = new StreamScorer(body.pipeline, {
      summary: body.manifest.trainingSummary ?? null,
      driftWindow: this.driftWindow,
    });
    this.threshold = body.pipeline.threshold;
  }

  /** Scores the next `n` rows; the update's series follows `focus` (the first entity seen when null). */
  step(n: number, focus: string | null): ReplayUpdate {
    const fired: ReplayResult[] = [];
    const stop = Math.min(this.rows.length, this.next + Math.max(0, Math.floor(n)));
    for (; this.next < stop; this.next++) {
      const row = this.rows[this.next];
      const r = this.scorer.push({
        time: row.time,
        entity: row.entity,
        values: Float64Array.from(row.values),
      });
      const risk = riskLabel(r, this.threshold);
      const result: ReplayResult = {
        seq: this.next,
        time: row.time,
        entity: r.entity,
        score: r.score,
        alert: r.alert,
        risk,
        label: row.label === 1 ? 1 : 0,
        why: r.alert ? r.contributions.map((c) => c.text) : [],
      };
      this.counts[risk]++;
      this.latest.unshift(result);
      if (this.latest.length > LATEST) this.latest.pop();
      if (r.alert) {
        this.anomalies.unshift(result);
        if (this.anomalies.length > LATEST) this.anomalies.pop();
        if (r.incidentStart) fired.push(result);
      }
      let ring = this.series.get(r.entity);
      if (!ring) this.series.set(r.entity, (ring = []));
      ring.push(result);
      if (ring.length > this.seriesRows) ring.shift();
    }
    const entities = [...this.series.keys()];
    const chosen = focus !== null && this.series.has(focus) ? focus : (entities[0] ?? '');
    const ring = this.series.get(chosen) ?? [];
    return {
      processed: this.next,
      total: this.rows.length,
      done: this.next >= this.rows.length,
      latest: [...this.latest],
      anomalies: [...this.anomalies],
      fired,
      counts: { ...this.counts },
      series: {
        entity: chosen,
        time: ring.map((x) => (Number.isNaN(x.time) ? x.seq : x.time)),
        score: ring.map((x) => x.score),
        alert: ring.map((x) => (x.alert ? 1 : 0)),
        label: ring.map((x) => x.label),
      },
      drift: this.scorer.drift?.status() ?? [],
      driftWindow: this.driftWindow,
      entities,
    };
  }

  /** The health check a scoring service answers: the bundle's reference rows rescored. */
  health(): { ok: boolean; maxAbsDiff: number; uptimeMs: number; entities: number; rows: number } {
    const check = verifyReference(this.body);
    return {
      ...check,
      uptimeMs: Date.now() - this.startedAt,
      entities: this.scorer.entityCount,
      rows: this.next,
    };
  }
}
