import { describe, expect, it } from 'vitest';
import { demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

describe('drift in /metrics', () => {
  it('reports per-metric PSI of the last rows against the bundle bins, and a warning for a shifted metric', async () => {
    const app = await serverFor(await demoBundle(), { driftWindow: 100 });
    const info = (await app.inject({ url: '/model_info' })).json();
    const refs = info.manifest.trainingSummary.drift as {
      metric: string;
      edges: number[];
      proportions: number[];
    }[];
    const rows: Record<string, unknown>[] = rowObjects(demoTest, 0, 160).map((r) => ({
      ...r,
      cpu_pct: (r.cpu_pct as number) * 3,
    }));
    for (const row of rows) await app.inject({ method: 'POST', url: '/predict', payload: row });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    await app.close();
    const window = rows.slice(-100);
    for (const ref of refs) {
      // By hand: bin k holds edges[k-1] < v <= edges[k]; shares floored at 1e-4.
      const counts = new Array(ref.proportions.length).fill(0);
      for (const r of window) {
        const v = r[ref.metric] as number;
        let k = 0;
        while (k < ref.edges.length && v > ref.edges[k]) k++;
        counts[k]++;
      }
      let expected = 0;
      ref.proportions.forEach((e, k) => {
        const a = Math.max(counts[k] / 100, 1e-4);
        const p = Math.max(e, 1e-4);
        expected += (a - p) * Math.log(a / p);
      });
      const m = new RegExp(`awb_drift_psi\\{metric="${ref.metric}"\\} (\\S+)`).exec(metrics);
      expect(m, ref.metric).not.toBeNull();
      expect(Number(m![1])).toBeCloseTo(expected, 10);
      expect(metrics).toContain(`awb_drift_warning{metric="${ref.metric}"} ${expected > 0.2 ? 1 : 0}`);
    }
    expect(metrics).toContain('awb_drift_warning{metric="cpu_pct"} 1');
  });
});
