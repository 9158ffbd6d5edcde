import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curveSample, kDistanceChart, MAX_CURVE_POINTS } from '../../src/charts/k-distance-chart';
import { ANOMALY_COLOR } from '../../src/charts/theme';
import { kneeIndex } from '../../src/engine/detectors/cluster/knee';
import { expectGolden, renderChart, texts } from './golden';

// Twenty sorted k-distances: a slow climb, then four rows far from everything.
const curve = Float64Array.from([
  0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.72, 0.75, 0.8, 0.82, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 2.5, 4, 6, 9,
]);

/** The vertices of the first path under `description`, in pixels. */
function vertices(el: Element, description: string): [number, number][] {
  const d = el.querySelector(`g[aria-description="${description}"] path`)?.getAttribute('d') ?? '';
  return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('kDistanceChart', () => {
  it('rings the knee with its value, shades the rows above eps and gives their share', async () => {
    const knee = kneeIndex(curve);
    expect(knee).toBe(15); // 1.1: the last row before the climb
    const el = renderChart(kDistanceChart({ curve, knee, eps: curve[knee], minPts: 4, width: 520 }));
    await expectGolden('k-distance', el);
    expect(vertices(el, 'k-distance curve')).toHaveLength(20);
    const ring = el.querySelectorAll('g[aria-description="knee"] circle');
    expect(ring).toHaveLength(1);
    expect(el.querySelector('g[aria-description="knee"]')?.getAttribute('stroke')).toBe(ANOMALY_COLOR);
    expect(texts(el, 'g[aria-description="knee label"] text')).toEqual(['\u25cb knee: eps = 1.1 (in use)']);
    // eps is the knee's value: no separate rule.
    expect(el.querySelectorAll('g[aria-description="eps rule"]')).toHaveLength(0);
    expect(texts(el, 'g[aria-description="noise share"] text')).toEqual([
      '20.0% of rows above eps (shaded): noise candidates',
    ]);
    expect(el.querySelectorAll('g[aria-description="noise region"] rect')).toHaveLength(1);
    const all = texts(el, 'text');
    expect(all).toContain('Distance to the 4th nearest row (itself counted first)');
    expect(all).toContain('Rows sorted by distance (20)');
  });

  it('draws the eps in use as a dashed rule when it differs from the knee', () => {
    const el = renderChart(kDistanceChart({ curve, knee: 15, eps: 0.9, minPts: 11, width: 520 }));
    expect(el.querySelectorAll('g[aria-description="eps rule"] line')).toHaveLength(1);
    expect(el.querySelector('g[aria-description="eps rule"]')?.getAttribute('stroke-dasharray')).toBe('5,4');
    expect(texts(el, 'g[aria-description="eps label"] text')).toEqual(['\u2013 \u2013 eps in use 0.9']);
    expect(texts(el, 'g[aria-description="knee label"] text')).toEqual(['\u25cb knee: eps = 1.1']);
    // 0.9 is reached at row 12: the 8 rows after it are above eps.
    expect(texts(el, 'g[aria-description="noise share"] text')).toEqual([
      '40.0% of rows above eps (shaded): noise candidates',
    ]);
    expect(texts(el, 'text')).toContain('Distance to the 11th nearest row (itself counted first)');
    // Within 1e-12 of the knee's value counts as the same eps.
    const same = renderChart(kDistanceChart({ curve, knee: 15, eps: 1.1 + 1e-13, minPts: 4 }));
    expect(same.querySelectorAll('g[aria-description="eps rule"]')).toHaveLength(0);
  });

  it('says when every row is within eps, and leaves eps out when it is not a number', () => {
    const wide = renderChart(kDistanceChart({ curve, knee: 15, eps: 9, minPts: 4 }));
    expect(texts(wide, 'g[aria-description="noise share"] text')).toEqual([
      'no row above eps: every row is a core point',
    ]);
    expect(wide.querySelectorAll('g[aria-description="noise region"]')).toHaveLength(0);
    const none = renderChart(kDistanceChart({ curve, knee: 15, eps: NaN, minPts: 4 }));
    expect(none.querySelectorAll('g[aria-description="eps rule"]')).toHaveLength(0);
    expect(none.querySelectorAll('g[aria-description="noise share"]')).toHaveLength(0);
    expect(none.querySelectorAll('g[aria-description="knee"] circle')).toHaveLength(1);
  });

  it('thins long curves to at most 1,000 points, keeping the knee and the largest distance', () => {
    const n = 50_000;
    // A gentle square-root climb, then a steep tail over the last 2%.
    const long = Float64Array.from({ length: n }, (_, i) =>
      i < 0.98 * n ? Math.sqrt(i / n) : 1 + 40 * (i / n - 0.98),
    );
    const knee = kneeIndex(long);
    const eps = 0.8;
    const el = renderChart(kDistanceChart({ curve: long, knee, eps, minPts: 8, width: 640, height: 260 }));
    const v = vertices(el, 'k-distance curve');
    expect(v.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(v.length).toBeGreaterThan(MAX_CURVE_POINTS / 2);
    const ring = el.querySelector('g[aria-description="knee"] circle');
    const cx = Number(ring?.getAttribute('cx'));
    const cy = Number(ring?.getAttribute('cy'));
    expect(v.some(([x, y]) => Math.abs(x - cx) < 0.01 && Math.abs(y - cy) < 0.01)).toBe(true);
    // The last vertex is the largest distance, at the top of the curve.
    expect(Math.min(...v.map(([, y]) => y))).toBe(v[v.length - 1][1]);
    const above = long.filter((d) => d > eps).length;
    expect(texts(el, 'g[aria-description="noise share"] text')).toEqual([
      `${((100 * above) / n).toFixed(1)}% of rows above eps (shaded): noise candidates`,
    ]);
  });

  it('explains an empty chart below three rows', () => {
    for (const c of [new Float64Array(0), Float64Array.from([1, 2])]) {
      const el = renderChart(kDistanceChart({ curve: c, knee: 0, eps: 1, minPts: 4 }));
      expect(texts(el, 'text').join(' ')).toMatch(/needs at least three rows/);
    }
  });
});

describe('curveSample', () => {
  it('keeps short curves whole', () => {
    expect(curveSample([1, 2, 3], 1, 10)).toEqual([0, 1, 2]);
  });

  it('keeps the ends and the knee, in order, within the limit', () => {
    const sorted = fc
      .array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3000 })
      .map((a) => Float64Array.from(a).sort());
    fc.assert(
      fc.property(sorted, fc.integer({ min: 4, max: 500 }), fc.nat(), (c, max, k) => {
        const knee = k % c.length;
        const idx = curveSample(c, knee, max);
        expect(idx.length).toBeLessThanOrEqual(Math.max(max, c.length <= max ? c.length : 0));
        expect(idx[0]).toBe(0);
        expect(idx[idx.length - 1]).toBe(c.length - 1);
        expect(idx).toContain(knee);
        for (let i = 1; i < idx.length; i++) expect(idx[i]).toBeGreaterThan(idx[i - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it('spends points on the steep tail as well as the flat start', () => {
    const n = 100_000;
    const c = Float64Array.from({ length: n }, (_, i) => (i < n - 100 ? i / n : 1 + (i - (n - 100))));
    const idx = curveSample(c, n - 100, 1000);
    // The last 100 rows climb 99 of the curve's 100 units: they are about half its length.
    const tail = idx.filter((i) => i >= n - 100).length;
    expect(tail).toBeGreaterThan(90);
    expect(idx.length - tail).toBeGreaterThan(400);
  });
});
