import { describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  parsePrepConfig,
  specFromPrep,
  type FittedPipeline,
  type PipelineSpec,
} from '../../../src/engine/index';
import {
  ReplayCollector,
  replayPlan,
  replayStart,
  StreamScorer,
  type ReplayPlan,
  type ScoringRow,
} from '../../../src/engine/serving/index';
import { combineLookbacks, lookback } from '../../../src/engine/util/lookback';
import type { Dataset } from '../../../src/engine/table/dataset';
import { maxDiff, streamRows } from './helpers';

const train = generateClusterMetrics({ days: 3, instances: 3, seed: 31 });
const test = generateClusterMetrics({ days: 2, instances: 3, seed: 32 });
const METRICS = ['cpu_pct', 'mem_pct', 'latency_ms'];

/** Blanks some values: every 13th cpu_pct, a run of mem_pct, so replays must reach back to observed values. */
function withGaps(ds: Dataset): Dataset {
  const cpu = Float64Array.from(ds.table.array('cpu_pct') as ArrayLike<number>);
  const mem = Float64Array.from(ds.table.array('mem_pct') as ArrayLike<number>);
  for (let i = 0; i < cpu.length; i += 13) cpu[i] = NaN;
  for (let i = 100; i < 130; i++) mem[i] = NaN;
  return { ...ds, table: ds.table.assign({ cpu_pct: cpu, mem_pct: mem }) };
}

async function fit(spec: PipelineSpec): Promise<FittedPipeline> {
  return (await fitPipeline(withGaps(train), spec)).fitted;
}

/**
 * Scores the test rows as a live stream, twice: uninterrupted, and with each entity's state lost every
 * `every` rows (at a different phase per entity) and rebuilt from the rows `plan` asks for.
 */
function withAndWithoutLoss(
  fitted: FittedPipeline,
  plan: ReplayPlan,
  every = 37,
): { plain: Float64Array; rebuilt: Float64Array; alerts: [boolean[], boolean[]]; rebuilds: number } {
  const rows = streamRows(withGaps(test), fitted.spec.metrics);
  const plain = new Float64Array(rows.length);
  const rebuilt = new Float64Array(rows.length);
  const alerts: [boolean[], boolean[]] = [[], []];
  const a = new StreamScorer(fitted);
  const b = new StreamScorer(fitted);
  const history = new Map<string, ScoringRow[]>();
  let rebuilds = 0;
  rows.forEach(({ index, row }, k) => {
    const r = a.push(row);
    plain[index] = r.score ?? NaN;
    alerts[0][k] = r.alert;
    const h = history.get(row.entity) ?? [];
    history.set(row.entity, h);
    const seq = h.length + 1;
    if ((seq + row.entity.length * 7) % every === 0) {
      const c = new ReplayCollector<ScoringRow>(plan, seq);
      for (let i = h.length - 1; i >= 0 && !c.done; i--)
        c.offer({ seq: i + 1, values: h[i].values, item: h[i] });
      b.rebuild(
        row.entity,
        c.rows().map((x) => x.item),
      );
      rebuilds++;
    }
    const s = b.push(row);
    rebuilt[index] = s.score ?? NaN;
    alerts[1][k] = s.alert;
    h.push(row);
  });
  return { plain, rebuilt, alerts, rebuilds };
}

describe('lookbacks', () => {
  it('combine: the most rows, the least common multiple of the periods, null when any is unbounded', () => {
    expect(combineLookbacks([lookback(3, 4), lookback(10, 6), lookback(0)])).toEqual({
      rows: 10,
      period: 12,
    });
    expect(combineLookbacks([lookback(3), null])).toBeNull();
    expect(combineLookbacks([])).toEqual({ rows: 0, period: 1 });
    expect(() => lookback(-1)).toThrow(/rows/);
  });

  it('replayStart: rows back, then down to a multiple of the period, never before row 1', () => {
    expect(replayStart({ rows: 23, period: 12 }, 30)).toBe(1);
    expect(replayStart({ rows: 23, period: 12 }, 50)).toBe(25);
    expect(replayStart({ rows: 5, period: 1 }, 50)).toBe(45);
    expect(replayStart({ rows: 5, period: 1 }, 3)).toBe(1);
  });
});

describe('replay collector', () => {
  const plan = { rows: 3, period: 1, keptRowsOnly: false };
  const row = (seq: number, missing = false) => ({ seq, values: [missing ? NaN : seq, 1], item: seq });

  it('collects the rows before `next`, oldest first, and stops there', () => {
    const c = new ReplayCollector(plan, 10);
    for (const s of [12, 10, 9, 8]) expect(c.offer(row(s))).toBe(false);
    expect(c.offer(row(7))).toBe(true);
    expect(c.rows().map((r) => r.item)).toEqual([7, 8, 9]);
  });

  it('reaches further back while the oldest row misses a value', () => {
    const c = new ReplayCollector(plan, 10);
    for (const s of [9, 8]) c.offer(row(s));
    c.offer(row(7, true));
    expect(c.done).toBe(false);
    c.offer(row(6, true));
    expect(c.offer(row(5))).toBe(true);
    expect(c.rows().map((r) => r.item)).toEqual([5, 6, 7, 8, 9]);
  });

  it('accepts gaps in sequence numbers and stops at the first row', () => {
    const c = new ReplayCollector(plan, 10);
    c.offer(row(9));
    // 7 and 8 do not exist: 9 (all observed) is all there is to replay.
    expect(c.offer(row(4))).toBe(true);
    expect(c.rows().map((r) => r.item)).toEqual([9]);
    const missing = new ReplayCollector(plan, 10);
    missing.offer(row(9, true));
    expect(missing.offer(row(4))).toBe(true);
    expect(missing.rows().map((r) => r.item)).toEqual([4, 9]);
    const first = new ReplayCollector(plan, 3);
    first.offer(row(2, true));
    expect(first.offer(row(1, true))).toBe(true);
    expect(new ReplayCollector(plan, 1).done).toBe(true);
  });
});

describe('replay plans rebuild a lost entity state: scores equal the uninterrupted stream', () => {
  it('rolling preset + Isolation Forest: 23 rows (+1 for the alert) from a multiple of 12', async () => {
    const fitted = await fit({
      ...defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 40, seed: 3 } }),
      metrics: METRICS,
      features: 'rolling',
    });
    const plan = replayPlan(fitted);
    expect(plan).toMatchObject({ rows: 24, period: 12, exact: true, alertsExact: true });
    const r = withAndWithoutLoss(fitted, plan);
    expect(r.rebuilds).toBeGreaterThan(20);
    expect(maxDiff(r.plain, r.rebuilt)).toBeLessThanOrEqual(1e-9);
    expect(r.alerts[1]).toEqual(r.alerts[0]);
    // The check can fail: a replay that is too short, or not aligned, gives other scores.
    expect(maxDiff(r.plain, withAndWithoutLoss(fitted, { ...plan, rows: 6 }).rebuilt)).toBeGreaterThan(1e-6);
  });

  it('bounded feature families + forward fill + Isolation Forest', async () => {
    const config = parsePrepConfig({
      features: {
        windows: [6, 24],
        families: {
          changepoint: false,
          residuals: false,
          spectral: { windows: [16] },
          entropy: { windows: [12], spectralWindow: 16 },
          lags: { lags: [1, 12] },
          rate: { horizons: [1, 6] },
          peaks: { baseline: 12 },
        },
      },
      cleaning: { missing: { method: 'ffill', limit: 4 } },
    });
    const fitted = await fit(
      specFromPrep(train.schema, METRICS, config, { type: 'iforest', params: { nEstimators: 40, seed: 4 } }),
    );
    const plan = replayPlan(fitted);
    expect(plan.exact).toBe(true);
    // The peaks family dominates: 11 baselines of 12 rows (+1 for the alert).
    expect(plan.rows).toBe(11 * 12 + 1 + 1);
    const r = withAndWithoutLoss(fitted, plan, 53);
    expect(maxDiff(r.plain, r.rebuilt)).toBeLessThanOrEqual(1e-9);
    expect(maxDiff(r.plain, withAndWithoutLoss(fitted, { ...plan, rows: 40 }, 53).rebuilt)).toBeGreaterThan(
      1e-6,
    );
  });

  it('raw features + robust z-score (a detector stream with a window) + rolling-median cleaning', async () => {
    const config = parsePrepConfig({
      features: 'raw',
      cleaning: { missing: { method: 'rolling-median', window: 9 } },
    });
    const fitted = await fit(
      specFromPrep(train.schema, METRICS, config, {
        type: 'robust-z',
        params: { window: 40, minPeriods: 5 },
      }),
    );
    const plan = replayPlan(fitted);
    expect(plan.parts.find((p) => p.part === 'detector')!.rows).toBe(40);
    expect(plan.parts.find((p) => p.part === 'cleaning')!.rows).toBe(9);
    // In series: the detector's window holds cleaned rows, each cleaned from the 9 before it.
    expect(plan.rows).toBe(9 + 40 + 1);
    const r = withAndWithoutLoss(fitted, plan);
    expect(maxDiff(r.plain, r.rebuilt)).toBeLessThanOrEqual(1e-9);
    expect(maxDiff(r.plain, withAndWithoutLoss(fitted, { ...plan, rows: 10 }).rebuilt)).toBeGreaterThan(1e-6);
  });

  it('says so when a part is unbounded (the default families: CUSUM, seasonal residuals)', async () => {
    const config = parsePrepConfig({ features: { windows: [6, 24] } });
    const fitted = await fit(
      specFromPrep(train.schema, METRICS, config, { type: 'iforest', params: { nEstimators: 20, seed: 5 } }),
    );
    const plan = replayPlan(fitted);
    expect(plan.exact).toBe(false);
    expect(plan.parts.find((p) => p.part === 'features')!.rows).toBeNull();
    expect(plan.notes.join(' ')).toMatch(/unbounded memory/);
  });

  it('alert rules: scores exact, alerts flagged as rebuilt from a bounded window', async () => {
    const fitted = await fit({
      ...defaultSpec(train.schema, { type: 'iforest', params: { nEstimators: 20, seed: 6 } }),
      metrics: METRICS,
    });
    const plan = replayPlan({
      ...fitted,
      alertRules: { minDuration: 3, cooldown: 10, groupGap: 2, perEntity: {} },
    });
    expect(plan.alertsExact).toBe(false);
    expect(plan.rows).toBe(3 + 10 + 2 + 2);
    expect(replayPlan(fitted).rows).toBe(1);
    expect(plan.notes.join(' ')).toMatch(/alert rules/);
  });
});

describe('detector stream lookbacks', () => {
  it('ensemble: its members streams together, plus the smoothing window', async () => {
    const fitted = await fit({
      ...defaultSpec(train.schema, {
        type: 'ensemble',
        params: {
          members: [
            { type: 'iforest', params: { nEstimators: 20, seed: 1 } },
            { type: 'robust-z', params: { window: 30 } },
          ],
          smooth: 4,
          weights: 'equal',
        },
      }),
      metrics: METRICS,
    });
    const plan = replayPlan(fitted);
    expect(plan.parts.find((p) => p.part === 'detector')!.rows).toBe(30 + 3);
    const r = withAndWithoutLoss(fitted, plan);
    expect(maxDiff(r.plain, r.rebuilt)).toBeLessThanOrEqual(1e-9);
  });

  it('Random Cut Forest: the shingle without updates, unbounded with streamed updates', async () => {
    const base = defaultSpec(train.schema, {
      type: 'rcf',
      params: { numTrees: 10, sampleSize: 64, shingleSize: 4, update: 'none', seed: 2 },
    });
    const shingle = replayPlan(await fit({ ...base, metrics: METRICS }));
    expect(shingle.parts.find((p) => p.part === 'detector')!.rows).toBe(3);
    const streamed = replayPlan(
      await fit({
        ...base,
        metrics: METRICS,
        detector: { type: 'rcf', params: { ...base.detector.params, update: 'stream' } },
      }),
    );
    expect(streamed.exact).toBe(false);
  });
});
