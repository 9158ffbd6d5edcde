import { describe, expect, it } from 'vitest';
import { cleaningChart } from '../../src/charts/cleaning-chart';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { t, cpu } = fixtureSeries();
const MISSING = [30, 31, 32, 33];
const SPIKE = 70;

/** The raw cpu: four missing values and one spike of 120 %. */
const before = Float64Array.from(cpu, (v, i) => (MISSING.includes(i) ? NaN : i === SPIKE ? 120 : v));
/** Cleaned by hand: forward fill (rows 30..33 take row 29's value), then clipped at 90. */
const after = Float64Array.from(before, (v, i) => (MISSING.includes(i) ? before[29] : Math.min(v, 90)));

const circles = (el: Element) =>
  [...el.querySelectorAll('g[aria-description="before cleaning"] circle')].map((c) => ({
    x: Number(c.getAttribute('cx')),
    y: Number(c.getAttribute('cy')),
  }));
const linePaths = (el: Element) =>
  [...el.querySelectorAll('g[aria-description="after cleaning"] path')].map((p) => p.getAttribute('d') ?? '');

describe('cleaningChart', () => {
  it('draws the raw values as dots, the cleaned ones as a line, missing values and clip bounds', async () => {
    const el = renderChart(
      cleaningChart({
        metric: 'cpu',
        unit: '%',
        before: { t, v: before },
        after: { t, v: after },
        clip: { lower: -1000, upper: 90 },
        width: 800,
      }),
    );
    await expectGolden('cleaning', el);
    const dots = circles(el);
    expect(dots).toHaveLength(t.length - MISSING.length);
    // The first dot sits on the left edge of the frame (margin 56 px).
    expect(dots[0].x).toBeCloseTo(56, 6);
    expect(el.querySelectorAll('g[aria-description="missing before cleaning"] path')).toHaveLength(
      MISSING.length,
    );
    // The filled rows keep the line whole: one sub-path.
    const d = linePaths(el);
    expect(d).toHaveLength(1);
    expect(d[0].match(/M/g)).toHaveLength(1);
    const allText = texts(el, 'text');
    expect(allText).toContain('— after cleaning   ○ before   × missing before (4)');
    expect(allText).toContain('cpu (%)');
    // The upper bound is drawn; the lower one, far below this stretch, is not.
    expect(allText).toContain('clip 90 %');
    expect(allText.some((s) => s.includes('-1,000'))).toBe(false);
    const rule = el.querySelector('g[aria-description="clip bound"] line');
    expect(el.querySelectorAll('g[aria-description="clip bound"] line')).toHaveLength(1);
    // The spike's dot lies above the clip rule (smaller y is higher).
    const spike = dots[SPIKE - MISSING.length];
    expect(spike.y).toBeLessThan(Number(rule?.getAttribute('y1')));
  });

  it('breaks the line where cleaning dropped rows', () => {
    const kept = Array.from(t, (_, i) => i).filter((i) => i < 50 || i > 54);
    const el = renderChart(
      cleaningChart({
        metric: 'cpu',
        before: { t, v: cpu },
        after: { t: kept.map((i) => t[i]), v: kept.map((i) => cpu[i]) },
        width: 600,
      }),
    );
    expect(linePaths(el)[0].match(/M/g)).toHaveLength(2);
    expect(circles(el)).toHaveLength(t.length);
    expect(texts(el, 'text')).toContain('— after cleaning   ○ before');
    expect(el.querySelectorAll('g[aria-description="clip bound"]')).toHaveLength(0);
  });

  it('counts rows on a row axis and says when there is nothing to compare', () => {
    const rows = Float64Array.from({ length: 10 }, (_, i) => i);
    const el = renderChart(
      cleaningChart({
        metric: 'x',
        before: { t: rows, v: rows },
        after: { t: rows, v: rows },
        axis: 'row',
      }),
    );
    expect(texts(el, 'text')).toContain('Row');
    const empty = cleaningChart({ metric: 'x', before: { t: [], v: [] }, after: { t: [], v: [] } });
    expect(renderChart(empty).textContent).toMatch(/Nothing to compare/);
  });
});
