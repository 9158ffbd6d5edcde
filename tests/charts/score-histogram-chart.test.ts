import { describe, expect, it } from 'vitest';
import { scoreHistogramChart } from '../../src/charts/score-histogram-chart';
import { ANOMALY_COLOR, NORMAL_COLOR } from '../../src/charts/theme';
import { expectGolden, renderChart, texts } from './golden';

// 200 rows: normals spread over [0, 0.5), every 20th row an anomaly in [0.6, 1).
const scores = Float64Array.from({ length: 200 }, (_, i) =>
  i % 20 === 0 ? 0.6 + (i / 200) * 0.4 : (i % 50) / 100,
);
const labels = Float64Array.from({ length: 200 }, (_, i) => (i % 20 === 0 ? 1 : 0));

describe('scoreHistogramChart', () => {
  it('overlays normal and anomaly histograms, each normalised to its class, with the threshold rule', async () => {
    const el = renderChart(scoreHistogramChart({ scores, labels, threshold: 0.55, bins: 20, width: 640 }));
    await expectGolden('score-histogram', el);
    expect(texts(el, '[class$="-swatch"]')).toEqual(['normal (190)', 'anomaly (10)']);
    expect(texts(el, 'svg text')).toContain('threshold 0.55');
    const rects = [...el.querySelectorAll('svg rect')];
    const anomalyRects = rects.filter((r) => r.getAttribute('fill') === ANOMALY_COLOR);
    const normalRects = rects.filter((r) => r.getAttribute('fill') === NORMAL_COLOR);
    expect(anomalyRects.length).toBeGreaterThan(0);
    expect(normalRects.length).toBeGreaterThan(0);
  });

  it('normalises each class to 100%', () => {
    const options = scoreHistogramChart({ scores, labels, bins: 10 });
    const rectMark = options.marks?.[0] as unknown as { data: { share: number; cls: string }[] };
    const sum = (cls: string): number =>
      rectMark.data.filter((d) => d.cls.startsWith(cls)).reduce((s, d) => s + d.share, 0);
    expect(sum('normal')).toBeCloseTo(1, 12);
    expect(sum('anomaly')).toBeCloseTo(1, 12);
  });

  it('works without labels and says what to do without scores', () => {
    const el = renderChart(scoreHistogramChart({ scores: [1, 2, 2, NaN, 3] }));
    expect(texts(el, '[class$="-swatch"]')).toEqual(['all rows (4)']);
    expect(renderChart(scoreHistogramChart({ scores: [NaN] })).textContent).toMatch(/No scores yet/);
    expect(() => scoreHistogramChart({ scores: [1, 2], labels: [0] })).toThrow(/2 scores but 1 labels/);
  });
});
