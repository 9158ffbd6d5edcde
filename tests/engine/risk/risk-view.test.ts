import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { riskView } from '../../../src/engine/session/risk-view';
import { generateClusterMetrics } from '../../../src/engine/synth/index';
import type { Dataset } from '../../../src/engine/table/dataset';
import { createRandom } from '../../../src/engine/util/random';
import { goldenDataset } from './golden-fleet';

const T0 = Date.UTC(2024, 2, 4);
const ROWS = 200;

/**
 * A hand-made fleet: each host's CPU and memory sit near a level (plus seeded noise of sd 2); its free
 * memory is the rest. Two idle hosts, two normal, two busy and one critical.
 */
function fleet(
  levels: Record<string, number>,
  missing: (host: string, i: number) => boolean = () => false,
): Dataset {
  const rng = createRandom(5);
  const host: string[] = [];
  const time: number[] = [];
  const cpu: number[] = [];
  const mem: number[] = [];
  const free: number[] = [];
  for (const [name, level] of Object.entries(levels)) {
    for (let i = 0; i < ROWS; i++) {
      host.push(name);
      time.push(T0 + i * 300_000);
      const c = level + 2 * rng.normal();
      const m = 0.8 * level + 10 + 2 * rng.normal();
      cpu.push(missing(name, i) ? NaN : c);
      mem.push(m);
      free.push(100 - m);
    }
  }
  return {
    name: 'fleet',
    table: table({
      time: Float64Array.from(time),
      host,
      cpu_pct: Float64Array.from(cpu),
      mem_pct: Float64Array.from(mem),
      mem_free_pct: Float64Array.from(free),
    }),
    schema: { time: 'time', entity: 'host', metrics: ['cpu_pct', 'mem_pct', 'mem_free_pct'] },
  };
}

const LEVELS = { idle1: 4, idle2: 7, normal1: 35, normal2: 40, busy1: 68, busy2: 74, crit: 97 };
const EXPECTED = {
  idle1: 'Idle',
  idle2: 'Idle',
  normal1: 'Normal',
  normal2: 'Normal',
  busy1: 'High Load',
  busy2: 'High Load',
  crit: 'Critical',
};

function risks(v: ReturnType<typeof riskView>): Record<string, string> {
  return Object.fromEntries(v.instances.map((i) => [i.name, i.risk]));
}

describe('riskView on a hand-made fleet', () => {
  it('names 2 idle, 2 normal, 2 busy and 1 critical host by their load, whatever the seed', () => {
    for (const seed of [1, 42, 2024]) {
      const v = riskView(fleet(LEVELS), ['cpu_pct', 'mem_pct', 'mem_free_pct'], { seed });
      expect(risks(v)).toEqual(EXPECTED);
      expect(v.clusters.map((c) => [c.name, c.size])).toEqual([
        ['Idle', 2],
        ['Normal', 2],
        ['High Load', 2],
        ['Critical', 1],
      ]);
    }
  });

  it('reports centroids in the metrics own units, loads ascending, and the rule in words', () => {
    const v = riskView(fleet(LEVELS), ['cpu_pct', 'mem_pct', 'mem_free_pct']);
    const crit = v.clusters[3];
    expect(crit.members).toEqual(['crit']);
    const cpu = crit.centroid[0];
    expect(cpu.metric).toBe('cpu_pct');
    expect(cpu.median).toBeGreaterThan(95);
    expect(cpu.median).toBeLessThan(99);
    expect(cpu.peak).toBeGreaterThan(cpu.median);
    const free = crit.centroid[2];
    expect(free.peakQuantile).toBe(0.05);
    expect(free.peak).toBeLessThan(free.median);
    expect(free.hotShare).toBeCloseTo(0.7, 2);
    // The fleet's top 10% of CPU time is 140 of 1,400 rows, all of them crit's 200: a share of 0.7.
    expect(cpu.hotShare).toBeCloseTo(0.7, 2);
    expect(crit.centroid.map((c) => c.direction)).toEqual([1, 1, -1]);
    expect(v.clusters[0].centroid[0].median).toBeLessThan(8);
    for (let c = 1; c < 4; c++) expect(v.clusters[c].load).toBeGreaterThan(v.clusters[c - 1].load);
    const load = (name: string): number => v.instances.find((i) => i.name === name)?.load ?? NaN;
    expect(load('crit')).toBeGreaterThan(load('busy2'));
    expect(load('idle1')).toBeLessThan(load('normal1'));
    expect(v.unitNote).toBeNull();
    expect(v.rule).toContain('Each of the 7 instances is summarised per metric');
    expect(v.rule).toContain(
      "(for mem_free_pct, which measures spare capacity: 5th percentile and time below the fleet's 10th)",
    );
    expect(v.rule).toContain('(the median and 5th percentile of mem_free_pct count negatively');
    expect(v.fleetHot.map((h) => [h.quantile, h.below])).toEqual([
      [0.9, false],
      [0.9, false],
      [0.1, true],
    ]);
    expect(v.rule).toContain('named by ascending load: Idle, Normal, High Load and Critical');
    expect(v.reading).toBe(
      '3 instances of 7 in High Load or Critical; the most loaded cluster (Critical) holds crit.',
    );
  });

  it('counts a spare-capacity metric negatively: ranked by free memory alone, the freest hosts are Idle', () => {
    const v = riskView(fleet(LEVELS), ['mem_free_pct']);
    expect(risks(v)).toEqual(EXPECTED);
    expect(v.rule).toContain('over its one metric, mem_free_pct (the median and 5th percentile');
  });

  it('uses only the load metrics for the load when given', () => {
    const v = riskView(fleet(LEVELS), ['cpu_pct', 'mem_pct'], { loadMetrics: ['cpu_pct'] });
    expect(v.clusters[0].centroid.map((c) => c.direction)).toEqual([1, 0]);
    expect(v.rule).toContain('over cpu_pct;');
    expect(() => riskView(fleet(LEVELS), ['cpu_pct'], { loadMetrics: ['disk'] })).toThrow(
      /load metric 'disk' is not among the chosen metrics/,
    );
    expect(() => riskView(fleet(LEVELS), ['cpu_pct', 'nope'])).toThrow(/missing metric column 'nope'/);
  });

  it('places every instance in the PCA scatter with the explained variance for the axes', () => {
    const v = riskView(fleet(LEVELS), ['cpu_pct', 'mem_pct', 'mem_free_pct']);
    expect(v.pcaAbsent).toBeNull();
    const [e1, e2] = v.pca?.explained ?? [NaN, NaN];
    expect(e1).toBeGreaterThan(0.5);
    expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-12);
    for (const i of v.instances) expect(Number.isFinite(i.x) && Number.isFinite(i.y)).toBe(true);
    const x = (name: string): number => v.instances.find((i) => i.name === name)?.x ?? NaN;
    expect(x('crit')).toBeGreaterThan(x('idle1'));
  });

  it('is plain data: a structured clone equals it', () => {
    const v = riskView(fleet(LEVELS), ['cpu_pct', 'mem_pct']);
    expect(structuredClone(v)).toEqual(v);
  });
});

describe('riskView with missing values', () => {
  it('skips missing values, reports a host with no value of a metric, and leaves out a host with none', () => {
    const gaps = fleet(LEVELS, (host, i) => host === 'normal2' || (host === 'busy1' && i % 2 === 0));
    const v = riskView(gaps, ['cpu_pct', 'mem_pct']);
    expect(v.instances).toHaveLength(7);
    const n2 = v.instances.find((i) => i.name === 'normal2');
    expect(n2?.missing).toEqual(['cpu_pct']);
    expect(v.instances.find((i) => i.name === 'busy1')?.missing).toEqual([]);
    expect(v.notes).toContain(
      "normal2 has no value of cpu_pct: its summaries there count as the fleet's median.",
    );
    expect(v.instances.every((i) => Number.isFinite(i.load))).toBe(true);
    expect(risks(v).crit).toBe('Critical');

    const dark = fleet(LEVELS, (host) => host === 'idle2');
    const onlyCpu = riskView(dark, ['cpu_pct']);
    expect(onlyCpu.instances.map((i) => i.name)).not.toContain('idle2');
    expect(onlyCpu.notes).toContain('idle2 has no value of any chosen metric: left out of the clusters.');
    expect(onlyCpu.k).toBe(4);
  });

  it('drops a metric with no value at all and says why nothing can be clustered', () => {
    const ds = fleet(LEVELS, () => true);
    const v = riskView(ds, ['cpu_pct', 'mem_pct']);
    expect(v.metrics).toEqual(['mem_pct']);
    expect(v.notes[0]).toBe('cpu_pct has no value at all: left out.');
    const none = riskView(ds, ['cpu_pct']);
    expect(none.absent).toBe('None of the chosen metrics has a value to cluster by.');
    expect(none.instances).toEqual([]);
    expect(riskView(ds, []).absent).toMatch(/Choose at least one metric/);
  });

  it('reproduces the golden fleet: the host without latency is clustered on its other metrics', () => {
    const v = riskView(goldenDataset(), ['cpu_pct', 'mem_free_pct', 'latency_ms']);
    expect(v.instances[4].missing).toEqual(['latency_ms']);
    expect(v.instances.map((i) => i.cluster)).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 3]);
  });
});

describe('riskView with small fleets and without an entity column', () => {
  it('uses fewer names with fewer instances and no scatter below three', () => {
    const three = riskView(fleet({ a: 5, b: 40, c: 90 }), ['cpu_pct', 'mem_pct']);
    expect(three.instances.map((i) => i.risk)).toEqual(['Idle', 'Normal', 'High Load']);
    expect(three.rule).toContain(
      'With 3 instances there are only 3 clusters, named Idle, Normal and High Load',
    );
    const two = riskView(fleet({ a: 5, b: 90 }), ['cpu_pct', 'mem_pct']);
    expect(two.instances.map((i) => i.risk)).toEqual(['Normal', 'High Load']);
    expect(two.pca).toBeNull();
    expect(two.pcaAbsent).toBe('No PCA scatter: it needs at least 3 instances, there are 2.');
    expect(riskView(fleet({ a: 5 }), ['cpu_pct']).instances[0].risk).toBe('Normal');
  });

  it('treats UTC days as instances when there is no entity column', () => {
    const ds = generateClusterMetrics({ days: 6, instances: 1, seed: 3 });
    const v = riskView({ ...ds, schema: { ...ds.schema, entity: undefined } }, ['cpu_pct', 'latency_ms']);
    expect(v.unitKind).toBe('day');
    expect(v.instances.map((i) => i.name)).toEqual([
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
      '2024-03-07',
      '2024-03-08',
      '2024-03-09',
    ]);
    expect(v.unitNote).toBe(
      'The data has no entity column: each UTC day (6 days) is treated as an instance.',
    );
    expect(v.rule).toContain('Each of the 6 days');
    // 2024-03-09 is a Saturday: the weekend is the calmest day.
    expect(v.instances[5].risk).toBe('Idle');
  });

  it('treats blocks of 288 rows as instances without a time column', () => {
    const ds = generateClusterMetrics({ days: 5, instances: 1, seed: 3 });
    const v = riskView({ ...ds, schema: { metrics: ['cpu_pct'] } }, ['cpu_pct']);
    expect(v.unitKind).toBe('block');
    expect(v.instances.map((i) => i.rows)).toEqual([288, 288, 288, 288, 288]);
    expect(v.unitNote).toBe(
      'The data has no entity column and no time column: each block of 288 rows in file order (5 blocks) is treated as an instance.',
    );
  });
});

describe('riskView on the demo data (14 days, 8 instances, seed 42)', () => {
  const ds = generateClusterMetrics({ days: 14, instances: 8, seed: 42 });
  const v = riskView(ds, ds.schema.metrics, { seed: 42 });

  it('names all eight instances in four clusters, deterministically by seed', () => {
    expect(v.k).toBe(4);
    expect(v.instances).toHaveLength(8);
    expect(v.clusters.map((c) => c.name)).toEqual(['Idle', 'Normal', 'High Load', 'Critical']);
    expect(v.clusters.reduce((t, c) => t + c.size, 0)).toBe(8);
    expect(riskView(ds, ds.schema.metrics, { seed: 42 })).toEqual(v);
    expect(v.notes).toEqual([]);
    expect(v.pca?.explained[0]).toBeGreaterThan(0.3);
  });

  it('puts the batch instance, busiest on CPU and latency, above the web tier', () => {
    const r = risks(v);
    expect(['High Load', 'Critical']).toContain(r['batch-01']);
    expect(['Idle', 'Normal']).toContain(r['web-01']);
  });
});
