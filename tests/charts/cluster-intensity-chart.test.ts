import { describe, expect, it } from 'vitest';
import { clusterIntensityChart } from '../../src/charts/cluster-intensity-chart';
import { clusterColor } from '../../src/charts/dendrogram-chart';
import { renderChart, texts } from './golden';

const metrics = ['cpu_pct', 'mem_pct', 'disk_io'];
const clusters = [
  { index: 0, size: 1240, alertShare: 0.004 },
  { index: 1, size: 530, alertShare: 0.02 },
  { index: 2, size: 12, alertShare: 1 },
];
const z = [
  [0.1, -0.04, 0.3],
  [-1.2, 0.6, NaN],
  [6.3, -4.5, 2.2],
];

function fills(el: Element, description: string): (string | null)[] {
  return [...el.querySelectorAll(`g[aria-description="${description}"] rect`)].map((r) =>
    r.getAttribute('fill'),
  );
}

describe('clusterIntensityChart', () => {
  it('draws a cell per cluster and metric with its z written in, a row per cluster labelled', () => {
    const el = renderChart(clusterIntensityChart({ metrics, clusters, z }));
    expect(el.querySelectorAll('g[aria-description="intensity"] rect')).toHaveLength(8);
    expect(el.querySelectorAll('g[aria-description="no value"] rect')).toHaveLength(1);
    expect(texts(el, 'g[aria-description="z value"] text')).toEqual([
      '0.1',
      '0.0',
      '0.3',
      '−1.2',
      '0.6',
      '—',
      '6.3',
      '−4.5',
      '2.2',
    ]);
    const all = texts(el, 'text');
    expect(all).toContain('cluster 0 · 1,240 rows · 0.4% alerting');
    expect(all).toContain('cluster 2 · 12 rows · 100% alerting');
    expect(all).toContain('cpu_pct');
    expect(all).toContain('Mean robust z against the training level (σ)');
  });

  it('colours z blue below, white near and red above the training level, clipped at 4 sigma', () => {
    const el = renderChart(clusterIntensityChart({ metrics, clusters, z }));
    // Finite cells in order: 0.1, -0.04, 0.3, -1.2, 0.6, 6.3, -4.5, 2.2 on a ±4 domain (classes of 1 sigma).
    const f = fills(el, 'intensity');
    expect(f[0]).toBe('#f7f7f7');
    expect(f[1]).toBe('#f7f7f7');
    expect(f[3]).toBe('#d1e5f0');
    expect(f[5]).toBe('#b2182b');
    expect(f[6]).toBe('#2166ac');
    expect(f[7]).toBe('#f4a582');
    // Beyond 4 sigma, the same colour as at 4.
    const far = renderChart(
      clusterIntensityChart({ metrics, clusters, z: z.map((r) => r.map((v) => v * 3)) }),
    );
    expect(fills(far, 'intensity')[5]).toBe('#b2182b');
    // Small departures get a narrower domain: 0.6 is then well above the training level.
    const small = renderChart(
      clusterIntensityChart({ metrics: ['cpu'], clusters: clusters.slice(0, 2), z: [[0.1], [0.6]] }),
    );
    expect(fills(small, 'intensity')).toEqual(['#f7f7f7', '#f4a582']);
  });

  it('marks each row with its cluster colour, as in the scatter', () => {
    const el = renderChart(clusterIntensityChart({ metrics, clusters, z, width: 700 }));
    const swatches = [...el.querySelectorAll('g[aria-description="cluster swatch"] path')];
    expect(swatches.map((s) => s.getAttribute('fill'))).toEqual([0, 1, 2].map(clusterColor));
    // The chart's own SVG comes after the legend's.
    const svg = [...el.querySelectorAll('svg')].at(-1);
    expect(svg?.getAttribute('width')).toBe('700');
  });

  it('says what to do without clusters or metrics, and refuses a z of the wrong shape', () => {
    const none = renderChart(clusterIntensityChart({ metrics, clusters: [], z: [] }));
    expect(none.textContent).toMatch(/No cluster intensities yet/);
    expect(
      renderChart(clusterIntensityChart({ metrics: [], clusters, z: [[], [], []] })).textContent,
    ).toMatch(/No cluster intensities yet/);
    expect(() => clusterIntensityChart({ metrics, clusters, z: z.slice(0, 2) })).toThrow(RangeError);
    expect(() => clusterIntensityChart({ metrics, clusters, z: [[1], [2], [3]] })).toThrow(RangeError);
  });
});
