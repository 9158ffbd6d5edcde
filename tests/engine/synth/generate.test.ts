import { describe, expect, it } from 'vitest';
import { iforestFactory } from '../../../src/engine/detectors/iforest';
import {
  ANOMALY_TYPES,
  METRIC_COLUMNS,
  generateCluster,
  generateClusterMetrics,
  resolveClusterOptions,
} from '../../../src/engine/synth';
import { matrixFromColumns } from '../../../src/engine/util/matrix';

const COLUMNS = ['timestamp', 'instance', ...METRIC_COLUMNS, 'label', 'anomaly_type'];
const DEFAULT_ROWS = 14 * 8 * 288;

const demo = generateClusterMetrics();
const table = demo.table;
const num = (name: string): ArrayLike<number> => table.array(name) as ArrayLike<number>;
const str = (name: string): ArrayLike<string> => table.array(name) as ArrayLike<string>;
const label = num('label');

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>, keep: (i: number) => boolean): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!keep(i)) continue;
    n++;
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!keep(i)) continue;
    cxy += (x[i] - mx) * (y[i] - my);
    cxx += (x[i] - mx) ** 2;
    cyy += (y[i] - my) ** 2;
  }
  return cxy / Math.sqrt(cxx * cyy);
}

/** ROC-AUC by ranks (Mann-Whitney U), ties as average ranks. */
function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        rankSumPos += avgRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = order.length - pos;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

describe('generateClusterMetrics', () => {
  it('has the default size, column order, schema and name', () => {
    expect(table.numRows()).toBe(DEFAULT_ROWS);
    expect(table.columnNames()).toEqual(COLUMNS);
    expect(demo.name).toBe('demo');
    expect(demo.schema).toEqual({
      time: 'timestamp',
      entity: 'instance',
      metrics: [...METRIC_COLUMNS],
      label: 'label',
    });
  });

  it('orders rows by instance then time, at 5-minute steps from the start', () => {
    const ts = num('timestamp');
    const inst = str('instance');
    const start = Date.parse('2024-03-04T00:00:00Z');
    const names = new Set<string>();
    let bad = 0;
    for (let i = 0; i < ts.length; i++) {
      const t = i % 4032;
      if (ts[i] !== start + t * 300_000) bad++;
      if (t > 0 ? inst[i] !== inst[i - 1] : names.has(inst[i])) bad++;
      names.add(inst[i]);
    }
    expect(bad).toBe(0);
    expect(names.size).toBe(8);
    for (const name of names) expect(name).toMatch(/^(web|api|db|cache|batch)-\d{2}$/);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateClusterMetrics({ seed: 42 }).table;
    for (const c of COLUMNS)
      expect(Array.from(again.array(c) as ArrayLike<unknown>)).toEqual(
        Array.from(table.array(c) as ArrayLike<unknown>),
      );
    const other = generateClusterMetrics({ seed: 43 }).table;
    expect(Array.from(other.array('cpu_pct') as ArrayLike<number>)).not.toEqual(Array.from(num('cpu_pct')));
    expect(Array.from(other.array('label') as ArrayLike<number>)).not.toEqual(Array.from(label));
  });

  it('respects physical bounds', () => {
    const outside = (c: string, ok: (v: number) => boolean): number =>
      Array.from(num(c)).filter((v) => !ok(v)).length;
    for (const c of ['cpu_pct', 'mem_pct'])
      expect(
        outside(c, (v) => v >= 0 && v <= 100),
        c,
      ).toBe(0);
    for (const c of METRIC_COLUMNS)
      expect(
        outside(c, (v) => Number.isFinite(v) && v >= 0),
        c,
      ).toBe(0);
    expect(outside('active_connections', Number.isInteger)).toBe(0);
  });

  it('labels about 5 % of rows, with every anomaly type, consistently with anomaly_type', () => {
    const types = str('anomaly_type');
    const seen = new Set<string>();
    let positives = 0;
    let bad = 0;
    for (let i = 0; i < label.length; i++) {
      if (label[i] !== 0 && label[i] !== 1) bad++;
      if ((types[i] === '') !== (label[i] === 0)) bad++;
      if (label[i] === 1) {
        positives++;
        seen.add(types[i]);
      }
    }
    expect(bad).toBe(0);
    const share = positives / label.length;
    expect(share).toBeGreaterThanOrEqual(0.04);
    expect(share).toBeLessThanOrEqual(0.06);
    expect([...seen].sort()).toEqual([...ANOMALY_TYPES].sort());
  });

  it('returns episodes that match the labels, of varied lengths, spread over instances', () => {
    const { episodes } = generateCluster();
    const total = episodes.reduce((a, e) => a + e.length, 0);
    expect(total).toBe(Array.from(label).filter((v) => v === 1).length);
    const labels = Array.from(label);
    const unlabelled = episodes.filter((e) =>
      labels.slice(e.instance * 4032 + e.start, e.instance * 4032 + e.start + e.length).some((v) => v !== 1),
    );
    expect(unlabelled).toEqual([]);
    const lengths = episodes.map((e) => e.length);
    expect(Math.min(...lengths)).toBeLessThanOrEqual(6); // ~30 min or less
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(36); // 3 h or more
    expect(new Set(episodes.map((e) => e.instance)).size).toBeGreaterThanOrEqual(6);
  });

  it('is busier in business hours than at night, and on weekdays than at weekends', () => {
    const ts = num('timestamp');
    const cpu = num('cpu_pct');
    const day: number[] = [];
    const night: number[] = [];
    const weekday: number[] = [];
    const weekend: number[] = [];
    for (let i = 0; i < ts.length; i++) {
      if (label[i] === 1) continue;
      const d = new Date(ts[i]);
      const h = d.getUTCHours();
      const dow = d.getUTCDay();
      if (h >= 9 && h < 18) day.push(cpu[i]);
      if (h < 6) night.push(cpu[i]);
      (dow === 0 || dow === 6 ? weekend : weekday).push(cpu[i]);
    }
    expect(mean(day)).toBeGreaterThan(mean(night) * 1.5);
    expect(mean(weekday)).toBeGreaterThan(mean(weekend) * 1.1);
  });

  it('keeps realistic correlations on normal rows, pooled and per instance', () => {
    const normal = (i: number): boolean => label[i] === 0;
    expect(pearson(num('cpu_pct'), num('mem_pct'), normal)).toBeGreaterThan(0.5);
    expect(pearson(num('active_connections'), num('net_in_mbps'), normal)).toBeGreaterThan(0.5);
    const inst = str('instance');
    for (const name of new Set(Array.from(inst))) {
      const keep = (i: number): boolean => label[i] === 0 && inst[i] === name;
      expect(pearson(num('cpu_pct'), num('mem_pct'), keep), name).toBeGreaterThan(0.5);
      expect(pearson(num('active_connections'), num('net_in_mbps'), keep), name).toBeGreaterThan(0.5);
      expect(pearson(num('active_connections'), num('net_out_mbps'), keep), name).toBeGreaterThan(0.5);
    }
  });

  it('is detectable but not trivially: Isolation Forest ROC-AUC in [0.8, 0.97]', async () => {
    const columns = METRIC_COLUMNS.map((c) => {
      const x = Float64Array.from(num(c));
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length) || 1;
      for (let i = 0; i < x.length; i++) x[i] = (x[i] - m) / sd;
      return x;
    });
    const X = matrixFromColumns(columns);
    const detector = await iforestFactory.create({ nEstimators: 100, seed: 1 }).fit(X);
    const auc = rocAuc(label, detector.score(X));
    expect(auc).toBeGreaterThanOrEqual(0.8);
    expect(auc).toBeLessThanOrEqual(0.97);
  });

  it('follows the options and refuses impossible ones', () => {
    const small = generateClusterMetrics({
      days: 2,
      instances: 3,
      stepMinutes: 15,
      seed: 7,
      anomalyFraction: 0,
    });
    expect(small.table.numRows()).toBe(2 * 3 * 96);
    expect(Array.from(small.table.array('label') as ArrayLike<number>).every((v) => v === 0)).toBe(true);
    const twelve = generateClusterMetrics({ days: 1, instances: 12 });
    expect(new Set(Array.from(twelve.table.array('instance') as ArrayLike<string>)).size).toBe(12);
    expect(() => resolveClusterOptions({ days: 0 })).toThrow(/days/);
    expect(() => resolveClusterOptions({ instances: 1.5 })).toThrow(/instances/);
    expect(() => resolveClusterOptions({ start: 'yesterday' })).toThrow(/start/);
    expect(() => resolveClusterOptions({ anomalyFraction: 0.9 })).toThrow(/anomalyFraction/);
  });
});
