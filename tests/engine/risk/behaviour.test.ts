import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { metricColumn } from '../../../src/engine/pipeline/features';
import {
  Z_CAP,
  behaviourMatrix,
  behaviourUnits,
  robustStandardise,
} from '../../../src/engine/risk/behaviour';
import type { Dataset } from '../../../src/engine/table/dataset';
import { golden, goldenDataset } from './golden-fleet';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 4);

function series(time: Float64Array | null, n: number): Dataset {
  const cols: Record<string, Float64Array> = { cpu: Float64Array.from({ length: n }, (_, i) => i % 7) };
  if (time) cols.t = time;
  return { name: 's', table: table(cols), schema: { metrics: ['cpu'], ...(time && { time: 't' }) } };
}

describe('behaviourMatrix against numpy (tests/reference/risk_clusters.py)', () => {
  const ds = goldenDataset();
  const units = behaviourUnits(ds);
  const b = behaviourMatrix(
    golden.metrics.map((m) => metricColumn(ds, m)),
    golden.metrics,
    units.rows,
  );

  it('summarises each host by median, peak and hot share, skipping missing values', () => {
    expect(units.kind).toBe('entity');
    expect(units.names).toEqual([...new Set(golden.hosts)]);
    expect(b.features.slice(0, 3)).toEqual([
      { metric: 'cpu_pct', stat: 'median' },
      { metric: 'cpu_pct', stat: 'peak' },
      { metric: 'cpu_pct', stat: 'hotShare' },
    ]);
    golden.fleetHot.forEach((v, j) => expect(b.fleetHot[j]).toBeCloseTo(v, 10));
    // mem_free_pct is spare capacity: its peak is the 5th percentile, its hot share the time below p10.
    expect([...b.directions]).toEqual([1, -1, 1]);
    expect(b.raw[4]).toBeLessThan(b.raw[3]);
    golden.raw.forEach((v, i) => {
      if (v === null) expect(b.raw[i]).toBeNaN();
      else expect(b.raw[i]).toBeCloseTo(v, 10);
    });
  });

  it('counts the finite values per host and metric: 0 for the host that never reported latency', () => {
    expect(b.counts[0 * 3 + 0]).toBe(37);
    expect(b.counts[0 * 3 + 1]).toBe(38);
    expect(b.counts[4 * 3 + 2]).toBe(0);
    expect(b.counts[3 * 3 + 2]).toBe(40);
  });

  it('standardises as the reference: robust z capped at ±5, missing summaries at 0', () => {
    const { z } = robustStandardise(b.raw, b.n, b.d);
    golden.z.forEach((v, i) => expect(z[i]).toBeCloseTo(v, 9));
  });
});

describe('robustStandardise', () => {
  it('uses 1.4826 MAD, then 1.2533 mean absolute deviation when the MAD is 0, and 0 for a constant', () => {
    // Column 0: median 3, MAD 1. Column 1: median 0, MAD 0, mean |x| = 0.8. Column 2 constant.
    const raw = Float64Array.from([2, 0, 5, 3, 0, 5, 4, 0, 5, 1, 0, 5, 12, 4, 5]);
    const { z, centre, scale } = robustStandardise(raw, 5, 3);
    expect([...centre]).toEqual([3, 0, 5]);
    expect(scale[0]).toBeCloseTo(1.482602218505602, 14);
    expect(scale[1]).toBeCloseTo(1.2533141373155003 * 0.8, 14);
    expect(scale[2]).toBe(0);
    expect(z[0]).toBeCloseTo(-1 / 1.482602218505602, 12);
    expect(z[12]).toBe(Z_CAP); // (12 - 3) / 1.4826 = 6.07
    expect(z[13]).toBeCloseTo(4 / (1.2533141373155003 * 0.8), 12);
    for (let i = 0; i < 5; i++) expect(z[i * 3 + 2]).toBe(0);
  });

  it('gives a missing value the fleet median (z 0) and ignores it in the centre and scale', () => {
    const { z, centre } = robustStandardise(Float64Array.from([1, NaN, 2, 3, 100]), 5, 1);
    expect(centre[0]).toBe(2.5);
    expect(z[1]).toBe(0);
    expect(z[4]).toBe(Z_CAP);
    const allMissing = robustStandardise(Float64Array.from([NaN, NaN]), 2, 1);
    expect([...allMissing.z]).toEqual([0, 0]);
  });
});

describe('behaviourUnits without an entity column', () => {
  it('uses UTC days when the time column spans two days or more, leaving out rows without a time', () => {
    const n = 3 * 288;
    const time = Float64Array.from({ length: n }, (_, i) => T0 + i * 300_000);
    time[5] = NaN;
    const u = behaviourUnits(series(time, n));
    expect(u.kind).toBe('day');
    expect(u.names).toEqual(['2024-03-04', '2024-03-05', '2024-03-06']);
    expect(u.rows.map((r) => r.length)).toEqual([287, 288, 288]);
  });

  it('uses blocks of rows without a time column, the last short block joining the one before', () => {
    const u = behaviourUnits(series(null, 1000));
    expect(u.kind).toBe('block');
    expect(u.blockRows).toBe(288);
    // 1000 = 3 x 288 + 136: 136 < 144, so it joins the third block.
    expect(u.names).toEqual(['rows 1–288', 'rows 289–576', 'rows 577–1000']);
    expect(u.rows.map((r) => r.length)).toEqual([288, 288, 424]);
    const kept = behaviourUnits(series(null, 1010), 100);
    expect(kept.rows.map((r) => r.length)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 110]);
    expect(behaviourUnits(series(null, 60), 100).names).toEqual(['rows 1–60']);
  });

  it('uses blocks when the time column spans less than two days, in time order', () => {
    const time = Float64Array.from({ length: 300 }, (_, i) => T0 + DAY / 2 - i * 60_000);
    const u = behaviourUnits(series(time, 300), 100);
    expect(u.kind).toBe('block');
    expect(u.rows[0][0]).toBe(299);
    expect(() => behaviourUnits(series(null, 10), 0)).toThrow(/'blockRows' must be an integer >= 1/);
  });
});
