import { describe, expect, it } from 'vitest';
import { splitTimelineChart } from '../../src/charts/split-timeline-chart';
import { ANOMALY_COLOR, SPLIT_COLORS } from '../../src/charts/theme';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { t } = fixtureSeries();

describe('splitTimelineChart', () => {
  it('draws the train and test segments with row counts and the anomaly ranges above them', async () => {
    const anomalyRanges = [
      { start: t[20], end: t[20] },
      { start: t[60], end: t[65] },
      { start: t[80], end: t[84] },
    ];
    const el = renderChart(
      splitTimelineChart({
        start: t[0],
        split: t[72],
        end: t[95],
        trainRows: 72,
        testRows: 24_000,
        anomalyRanges,
        width: 800,
      }),
    );
    await expectGolden('split-timeline', el);
    const svgText = texts(el, 'text');
    expect(svgText).toContain('Train · 72 rows');
    expect(svgText).toContain('Test · 24,000 rows');
    expect(svgText).toContain('split 2024-03-01 18:00 UTC');
    expect(svgText).toContain('▮ labelled anomalies (3)');
    const fills = [...el.querySelectorAll('rect')].map(
      (r) => r.getAttribute('fill') ?? r.parentElement?.getAttribute('fill'),
    );
    expect(fills.filter((f) => f === ANOMALY_COLOR)).toHaveLength(anomalyRanges.length);
    expect(fills).toContain(SPLIT_COLORS.train);
    expect(fills).toContain(SPLIT_COLORS.test);
  });

  it('refuses times out of order', () => {
    expect(() => splitTimelineChart({ start: 10, split: 5, end: 20, trainRows: 1, testRows: 1 })).toThrow(
      /start <= split <= end/,
    );
  });
});
