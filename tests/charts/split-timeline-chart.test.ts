import { describe, expect, it } from 'vitest';
import {
  PART_COLORS,
  splitTimelineChart,
  type SplitTimelineInput,
} from '../../src/charts/split-timeline-chart';
import { ANOMALY_COLOR, SPLIT_COLORS } from '../../src/charts/theme';
import { expectGolden, fixtureSeries, renderChart, texts } from './golden';

const { t } = fixtureSeries();

/** Two instances cut on their own spans: 60% train, 5% gap, 15% validation, 5% gap, 15% test. */
function perEntityParts(): SplitTimelineInput['parts'] {
  const out: SplitTimelineInput['parts'] = [];
  for (const [entity, lo, hi] of [
    ['i-01', 0, 95],
    ['i-02', 15, 95],
  ] as const) {
    const at = (share: number) => t[lo] + (t[hi] - t[lo]) * share;
    out.push(
      { entity, part: 'train', start: t[lo], end: at(0.6) },
      { entity, part: 'validation', start: at(0.65), end: at(0.8) },
      { entity, part: 'test', start: at(0.85), end: t[hi] },
    );
  }
  return out;
}

/** x of the epoch ms `x` in pixels, for a chart `width` wide with the given left margin (right margin 16). */
const px = (x: number, width: number, marginLeft: number) =>
  marginLeft + ((x - t[0]) / (t[95] - t[0])) * (width - marginLeft - 16);

const bars = (el: Element, description: string) =>
  [...el.querySelectorAll(`g[aria-description="${description}"] rect`)].map((r) => ({
    x: Number(r.getAttribute('x')),
    y: Number(r.getAttribute('y')),
    width: Number(r.getAttribute('width')),
    height: Number(r.getAttribute('height')),
    fill: r.getAttribute('fill') ?? r.parentElement?.getAttribute('fill'),
  }));

describe('splitTimelineChart', () => {
  it('draws one row per instance with train, validation and test bars, gaps and anomaly ranges', async () => {
    const el = renderChart(
      splitTimelineChart({
        start: t[0],
        end: t[95],
        parts: perEntityParts(),
        rows: { train: 110, validation: 28, test: 28, gap: 10 },
        anomalyRanges: [
          { start: t[20], end: t[20] },
          { start: t[60], end: t[65], entity: 'i-02' },
        ],
        width: 800,
      }),
    );
    await expectGolden('split-timeline', el);
    expect(texts(el, '[class$="-swatch"]')).toEqual([
      'train · 110 rows',
      'validation · 28 rows',
      'test · 28 rows',
    ]);
    // The range that names no instance gets a strip of its own above the instance rows.
    expect(texts(el, 'g[aria-label="y-axis tick label"] text')).toEqual(['anomalies', 'i-01', 'i-02']);
    expect(texts(el, 'text')).toContain('▮ labelled anomalies (2)');

    const parts = bars(el, 'split part');
    expect(parts.map((b) => b.fill)).toEqual([
      PART_COLORS.train,
      PART_COLORS.validation,
      PART_COLORS.test,
      PART_COLORS.train,
      PART_COLORS.validation,
      PART_COLORS.test,
    ]);
    expect(PART_COLORS.train).toBe(SPLIT_COLORS.train);
    expect(PART_COLORS.test).toBe(SPLIT_COLORS.test);
    // Margin left = 12 + 7 px per character of the longest label ('anomalies').
    const left = 12 + 7 * 9;
    // i-01's train bar spans t[0] .. 60% of its span; the validation bar starts after a 5% gap.
    const span = t[95] - t[0];
    expect(parts[0].x).toBeCloseTo(px(t[0], 800, left), 1);
    expect(parts[0].x + parts[0].width).toBeCloseTo(px(t[0] + 0.6 * span, 800, left), 1);
    expect(parts[1].x).toBeCloseTo(px(t[0] + 0.65 * span, 800, left), 1);
    expect(parts[1].x - (parts[0].x + parts[0].width)).toBeCloseTo(0.05 * (800 - left - 16), 1);
    // i-02 starts later: its train bar starts at t[15].
    expect(parts[3].x).toBeCloseTo(px(t[15], 800, left), 1);
    expect(parts[3].y).toBeGreaterThan(parts[0].y);

    // The dashed line under each row spans the instance's own time span, so the gaps read as unused.
    const gaps = [...el.querySelectorAll('g[aria-description="gap"] line')];
    expect(gaps).toHaveLength(2);
    expect(Number(gaps[1].getAttribute('x1'))).toBeCloseTo(px(t[15], 800, left), 1);

    // The range of i-02 covers i-02's row only (the bars are inset by 2 px, the range is not); the
    // range without an instance lies in the strip above the first row.
    const ranges = bars(el, 'labelled anomaly');
    expect(ranges).toHaveLength(2);
    expect(ranges.every((r) => r.fill === ANOMALY_COLOR)).toBe(true);
    const inRow = ranges.find((r) => r.x > px(t[50], 800, left))!;
    const unnamed = ranges.find((r) => r.x < px(t[50], 800, left))!;
    expect(inRow.y).toBeCloseTo(parts[3].y - 2, 1);
    expect(inRow.height).toBeCloseTo(parts[3].height + 4, 1);
    expect(unnamed.y + unnamed.height).toBeLessThan(parts[0].y);
    // A one-row anomaly has start === end: it is widened by 1 px on each side to stay visible.
    expect(unnamed.width).toBeCloseTo(2, 5);
  });

  it('draws a global cut as one row without axis labels', () => {
    const span = t[95] - t[0];
    const el = renderChart(
      splitTimelineChart({
        start: t[0],
        end: t[95],
        parts: [
          { entity: null, part: 'train', start: t[0], end: t[0] + 0.75 * span },
          { entity: null, part: 'test', start: t[0] + 0.75 * span, end: t[95] },
        ],
        rows: { train: 72, validation: 0, test: 24_000 },
        anomalyRanges: [{ start: t[10], end: t[12] }],
        width: 600,
      }),
    );
    expect(texts(el, '[class$="-swatch"]')).toEqual(['train · 72 rows', 'test · 24,000 rows']);
    expect(el.querySelectorAll('g[aria-label="y-axis tick label"]')).toHaveLength(0);
    const parts = bars(el, 'split part');
    expect(parts).toHaveLength(2);
    expect(parts[1].x).toBeCloseTo(px(t[0] + 0.75 * span, 600, 16), 1);
    // One row: the range is shaded over it, from its start to its end (widened by 1 px each side).
    const [range] = bars(el, 'labelled anomaly');
    expect(range.x).toBeCloseTo(px(t[10], 600, 16) - 1, 1);
    expect(range.width).toBeCloseTo(px(t[12], 600, 16) - px(t[10], 600, 16) + 2, 1);
    expect(range.y).toBeLessThanOrEqual(parts[0].y);
    expect(range.y + range.height).toBeGreaterThanOrEqual(parts[0].y + parts[0].height);
  });

  it('shows the first rows only and says how many instances it left out', () => {
    const parts: SplitTimelineInput['parts'] = Array.from({ length: 14 }, (_, k) => [
      { entity: `host-${k + 1}`, part: 'train' as const, start: t[0], end: t[70] },
      { entity: `host-${k + 1}`, part: 'test' as const, start: t[70], end: t[95] },
    ]).flat();
    const options = splitTimelineChart({ start: t[0], end: t[95], parts, maxEntities: 12 });
    const el = renderChart(options);
    expect(texts(el, 'g[aria-label="y-axis tick label"] text')).toHaveLength(12);
    expect(texts(el, 'text')).toContain('first 12 of 14 instances shown');
    expect(bars(el, 'split part')).toHaveLength(24);
    // Without row counts, the legend names the parts only.
    expect(texts(el, '[class$="-swatch"]')).toEqual(['train', 'test']);
  });

  it('says what to do without parts and refuses an inverted span', () => {
    expect(renderChart(splitTimelineChart({ start: 0, end: 1, parts: [] })).textContent).toMatch(
      /No split yet/,
    );
    expect(() => splitTimelineChart({ start: 10, end: 5, parts: [] })).toThrow(/start <= end/);
    expect(() => splitTimelineChart({ start: NaN, end: 5, parts: [] })).toThrow(/start <= end/);
  });
});
