import { describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/engine/bundle/bundle';
import {
  dayOfRows,
  defaultPrepConfig,
  loadCsv,
  StreamReplay,
  WorkbenchSession,
  type PrepSettings,
  type ReplayRow,
} from '../../../src/engine/index';
import { bundleRoles, scoreBatchRows } from '../../../src/engine/serving/batch';

const metrics = ['cpu_pct', 'mem_pct', 'latency_ms'];

async function demoBundle(prep: PrepSettings, rules: boolean) {
  const s = new WorkbenchSession();
  s.load({ kind: 'demo', days: 4, instances: 3, seed: 5 });
  await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } } });
  // A threshold the test rows cross: their 95th percentile.
  const sorted = [...s.evaluate().testScores].sort((a, b) => a - b);
  const text = await s.exportBundle(
    sorted[Math.floor(0.95 * sorted.length)],
    {},
    rules ? { minDuration: 2, cooldown: 6, groupGap: 0, perEntity: {} } : null,
  );
  return { body: await readBundle(text, 'demo.awb'), rows: s.streamRows(100_000) };
}

function csvOf(rows: readonly ReplayRow[], time: string, entity: string): string {
  const lines = rows.map((r) => [new Date(r.time).toISOString(), r.entity, ...r.values].join(','));
  return [[time, entity, ...metrics].join(','), ...lines].join('\n');
}

describe('StreamReplay', () => {
  it('streams the test rows in fleet time order with the scores a batch of the same rows gets', async () => {
    const prep: PrepSettings = { metrics, config: { ...defaultPrepConfig(), selection: null } };
    const { body, rows } = await demoBundle(prep, false);
    for (let k = 1; k < rows.length; k++) expect(rows[k].time).toBeGreaterThanOrEqual(rows[k - 1].time);
    const replay = new StreamReplay(body, rows);
    const scores: (number | null)[] = [];
    let update = replay.step(0, null);
    let seen = 0;
    while (!update.done) {
      update = replay.step(10, null);
      // The latest ten, newest first, continue where the last step stopped.
      expect(update.latest[0].seq).toBe(update.processed - 1);
      for (let k = update.processed - 1; k >= seen; k--) {
        const r = update.latest.find((x) => x.seq === k);
        if (r) scores[k] = r.score;
      }
      seen = update.processed;
      expect(update.latest.length).toBe(Math.min(10, update.processed));
      expect(update.anomalies.every((a) => a.alert)).toBe(true);
      expect(update.fired.every((a) => a.alert)).toBe(true);
    }
    const { counts } = update;
    expect(counts.normal + counts.watch + counts.anomaly + counts.critical).toBe(rows.length);
    expect(counts.watch).toBe(0); // without alert rules, every row at the threshold alerts
    const { time, entity } = body.pipeline.spec.schema;
    const ds = loadCsv(csvOf(rows, time ?? '', entity ?? ''), 'stream.csv', bundleRoles(body.pipeline));
    const batch = scoreBatchRows(body.pipeline, ds);
    let compared = 0;
    scores.forEach((v, k) => {
      if (v === undefined) return;
      compared++;
      expect(v).toBeCloseTo(batch.results[k].score as number, 9);
    });
    expect(compared).toBe(rows.length);
    expect(update.series.score.length).toBe(Math.min(300, rows.length / 3));
    expect(replay.health().ok).toBe(true);
  });

  it('holds short runs back as "watch" under alert rules and names the metrics of every alert', async () => {
    const prep: PrepSettings = {
      metrics,
      config: { ...defaultPrepConfig(), features: 'raw', selection: null },
    };
    const { body, rows } = await demoBundle(prep, true);
    const update = new StreamReplay(body, rows).step(rows.length, 'web-02');
    expect(update.counts.watch).toBeGreaterThan(0);
    expect(update.anomalies.length).toBeGreaterThan(0);
    for (const a of update.anomalies) expect(a.why[0]).toMatch(/sigma (above|below) its usual/);
    expect(update.series.entity).toBe('web-02');
    expect(update.entities.length).toBe(3);
    expect(update.drift.map((d) => d.metric)).toEqual(metrics);
    // Three instances at 5-minute steps: a day is 864 rows, so the window holds the 1,000 minimum.
    expect(update.driftWindow).toBe(1000);
  });
});

describe('dayOfRows', () => {
  it('is a day of the whole fleet at the median step, at least 1,000 rows', () => {
    const rows = (entities: number, stepMs: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({
        time: Math.floor(k / entities) * stepMs,
        entity: `e${k % entities}`,
        values: [1],
      }));
    expect(dayOfRows(rows(8, 300_000, 5000))).toBe(8 * 288);
    expect(dayOfRows(rows(2, 300_000, 5000))).toBe(1000);
    expect(dayOfRows(rows(10, 60_000, 50_000))).toBe(14_400);
    expect(dayOfRows([])).toBe(1000);
  });
});
