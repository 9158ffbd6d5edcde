import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  autocorrelationView,
  boxView,
  correlationView,
  distributionView,
  generateClusterMetrics,
  patternView,
  profileDataset,
  qualityView,
  scatterView,
  statsView,
  type Dataset,
} from '../../../src/engine/index';

const T0 = Date.UTC(2024, 0, 1);

function awkward(n: number, overrides: Record<string, Float64Array | string[]> = {}): Dataset {
  return {
    name: 'awkward',
    table: table({
      time: Float64Array.from({ length: n }, (_, i) => T0 + i * 300_000),
      host: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')),
      cpu: Float64Array.from({ length: n }, (_, i) => (i * 37) % 11),
      flat: new Float64Array(n).fill(3),
      gone: new Float64Array(n).fill(NaN),
      ...overrides,
    }),
    schema: { time: 'time', entity: 'host', metrics: ['cpu', 'flat', 'gone'] },
  };
}

/** Every Data Understanding view on a dataset: none may throw, whatever the data. */
function everyView(ds: Dataset): void {
  qualityView(ds);
  statsView(ds, true);
  distributionView(ds, { bandwidthScale: 1, log: 'auto' });
  for (const m of ds.schema.metrics) {
    boxView(ds, m);
    patternView(ds, m);
    autocorrelationView(ds, m, null);
  }
  correlationView(ds, 'spearman');
  scatterView(ds, ds.schema.metrics);
  profileDataset(ds);
}

describe('Data Understanding views on awkward data', () => {
  it('a single row, an all-missing column and a constant column give findings, not errors', () => {
    for (const n of [1, 2, 50]) expect(() => everyView(awkward(n))).not.toThrow();
    const q = qualityView(awkward(50));
    const ids = q.findings.map((f) => f.id);
    expect(ids).toContain('all-missing');
    expect(ids).toContain('constant-column');
    expect(qualityView(awkward(1)).findings.map((f) => f.id)).toContain('single-row');
  });

  it('unsorted and duplicated timestamps are reported', () => {
    const times = Float64Array.from({ length: 40 }, (_, i) => T0 + Math.floor(i / 2) * 300_000);
    [times[10], times[20]] = [times[20], times[10]];
    const ids = qualityView(awkward(40, { time: times, host: new Array<string>(40).fill('a') })).findings.map(
      (f) => f.id,
    );
    expect(ids).toContain('duplicate-keys');
    expect(ids).toContain('unsorted-time');
  });

  it('data without a time column says why the time views are absent and still profiles', () => {
    const ds = generateClusterMetrics({ days: 2, instances: 1, seed: 2 });
    const noTime: Dataset = { ...ds, schema: { ...ds.schema, time: undefined } };
    const p = patternView(noTime, 'cpu_pct');
    expect(p.absent).toMatch(/no time column/);
    const profile = profileDataset(noTime);
    expect(profile.seasonality).toBeNull();
    expect(profile.timeAbsent).toMatch(/no time column/);
    expect(autocorrelationView(noTime, 'cpu_pct', null).reading).toMatch(/cpu_pct/);
  });

  it('reads the demo data the way a person would', () => {
    const ds = generateClusterMetrics({ days: 14, instances: 2, seed: 42 });
    expect(patternView(ds, 'cpu_pct').reading).toMatch(
      /^cpu_pct peaks around 1\d:00 UTC on weekdays; the weekend mean is \d+% lower/,
    );
    expect(autocorrelationView(ds, 'cpu_pct', null).reading).toMatch(/repeats every 1 day \(28\d steps\)/);
    expect(correlationView(ds, 'pearson').reading).toMatch(/correlate (strongly|moderately) at 0\.\d\d/);
  });
});
