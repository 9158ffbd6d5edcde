import { describe, expect, it } from 'vitest';
import { clusterColor, dendrogramChart } from '../../src/charts/dendrogram-chart';
import { MODEL_PALETTE, NORMAL_COLOR } from '../../src/charts/theme';
import { cutTree, mergesForClusters } from '../../src/engine/detectors/hclust/cut-tree';
import { compactDendrogram, dendrogramTop } from '../../src/engine/detectors/hclust/dendrogram';
import { linkage, type Linkage } from '../../src/engine/detectors/hclust/linkage';
import { createRandom } from '../../src/engine/util/random';
import { expectGolden, renderChart, texts } from './golden';

// Five rows: 0 and 1 merge at 1, 2 and 3 at 2, row 4 joins {0, 1} at 3, and the two groups meet at 10.
const tree: Linkage = {
  n: 5,
  left: Int32Array.from([0, 2, 4, 6]),
  right: Int32Array.from([1, 3, 5, 7]),
  height: Float64Array.from([1, 2, 3, 10]),
  size: Int32Array.from([2, 2, 3, 5]),
};
// Two clusters: {0, 1, 4} (cluster 0, the larger) and {2, 3}; the cut sits midway between 3 and 10.
const flat = cutTree(tree, mergesForClusters(tree, 2));

function strokes(el: Element, description: string): string[] {
  return [...el.querySelectorAll(`g[aria-description="${description}"] line`)].map(
    (l) => l.getAttribute('stroke') ?? '',
  );
}

function count(values: string[], v: string): number {
  return values.filter((x) => x === v).length;
}

describe('dendrogramChart', () => {
  it('draws every merge as a bar and two stems, coloured by cluster below the cut and grey above', async () => {
    expect(Array.from(flat.labels)).toEqual([0, 0, 1, 1, 0]);
    expect(flat.height).toBe(6.5);
    const layout = dendrogramTop(compactDendrogram(tree, flat.labels, 4, flat.height));
    const el = renderChart(dendrogramChart({ layout, width: 480 }));
    await expectGolden('dendrogram', el);
    const c0 = clusterColor(0);
    const c1 = clusterColor(1);
    const grey = clusterColor(-1);
    // The root's two stems cross the cut, so each is drawn in two pieces: 2 x 4 stems + 2.
    const stems = strokes(el, 'dendrogram stem');
    expect(stems).toHaveLength(10);
    expect([count(stems, c0), count(stems, c1), count(stems, grey)]).toEqual([5, 3, 2]);
    const bars = strokes(el, 'dendrogram bar');
    expect(bars).toHaveLength(4);
    expect([count(bars, c0), count(bars, c1), count(bars, grey)]).toEqual([2, 1, 1]);
    expect(el.querySelectorAll('g[aria-description="collapsed subtree"]')).toHaveLength(0);
    expect(el.querySelectorAll('g[aria-description="cut"] line')).toHaveLength(1);
    expect(texts(el, 'g[aria-description="cut label"] tspan')).toEqual(['cut into', '2 clusters']);
    expect(texts(el, 'g[aria-description="leaf size"] text')).toEqual(['(1)', '(1)', '(1)', '(1)', '(1)']);
    expect(texts(el, 'text')).toContain('Merge height (linkage distance)');
    // Leaf positions are arbitrary: no x axis.
    expect(el.querySelectorAll('g[aria-label="x-axis tick"]')).toHaveLength(0);
  });

  it('draws collapsed subtrees dashed with their row counts, and names the clusters passed in', () => {
    // Keeping the top two merges leaves row 4 and the subtrees {0, 1} and {2, 3} as leaves; the root's
    // left child is {2, 3} (the lower node id, as in scipy), then row 4 and {0, 1}.
    const layout = dendrogramTop(compactDendrogram(tree, flat.labels, 2, flat.height));
    const el = renderChart(dendrogramChart({ layout, clusters: 7, width: 480 }));
    expect(texts(el, 'g[aria-description="leaf size"] text')).toEqual(['(2)', '(1)', '(2)']);
    const collapsed = el.querySelectorAll('g[aria-description="collapsed subtree"] line');
    expect(collapsed).toHaveLength(2);
    expect(
      el.querySelector('g[aria-description="collapsed subtree"]')?.getAttribute('stroke-dasharray'),
    ).toBe('3,2');
    expect(strokes(el, 'collapsed subtree').sort()).toEqual([clusterColor(0), clusterColor(1)].sort());
    expect(texts(el, 'g[aria-description="cut label"] tspan')).toEqual(['cut into', '7 clusters']);
    expect(texts(el, 'g[aria-description="leaf caption"] text')[0]).toMatch(/dashed: merges drawn collapsed/);
  });

  it('draws a cut at the root as one cluster, all in the colour of cluster 0', () => {
    const one = cutTree(tree, 4);
    const layout = dendrogramTop(compactDendrogram(tree, one.labels, 4, one.height));
    const el = renderChart(dendrogramChart({ layout }));
    expect(texts(el, 'g[aria-description="cut label"] tspan')).toEqual(['cut into', '1 cluster']);
    const all = [...strokes(el, 'dendrogram stem'), ...strokes(el, 'dendrogram bar')];
    expect(all).toHaveLength(12);
    expect(new Set(all)).toEqual(new Set([clusterColor(0)]));
  });

  it('turns leaf labels upright when crowded and keeps the largest subtrees when they still collide', async () => {
    const random = createRandom(3);
    const rows = 400;
    const X = { data: Float64Array.from({ length: rows * 2 }, () => random.normal()), rows, cols: 2 };
    const t = await linkage(X, 'ward');
    const cut = cutTree(t, mergesForClusters(t, 5));
    const layout = dendrogramTop(compactDendrogram(t, cut.labels, 149, cut.height));
    const leaves = layout.leafOrder.map((id) => layout.nodes[id]);
    expect(leaves).toHaveLength(150);

    const wide = renderChart(dendrogramChart({ layout, width: 2400 }));
    const upright = wide.querySelectorAll('g[aria-description="leaf size"] text');
    expect(upright).toHaveLength(150);
    expect(upright[0].getAttribute('transform')).toMatch(/rotate\(-90\)/);

    const narrow = renderChart(dendrogramChart({ layout, width: 480 }));
    const shown = texts(narrow, 'g[aria-description="leaf size"] text');
    // 344 px over 150 leaves: labels 12 px apart leave room for at most 29.
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThanOrEqual(29);
    const largest = Math.max(...leaves.map((l) => l.size));
    expect(shown).toContain(`(${largest})`);
    const xs = [...narrow.querySelectorAll('g[aria-description="leaf size"] text')].map((e) =>
      Number(/translate\(([\d.]+)/.exec(e.getAttribute('transform') ?? '')?.[1]),
    );
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(12 - 1e-6);
    expect(texts(narrow, 'g[aria-description="cut label"] tspan')).toEqual(['cut into', '5 clusters']);
  });

  it('gives each flat cluster a palette colour and mixed nodes neutral grey', () => {
    expect(clusterColor(-1)).toBe(NORMAL_COLOR);
    const first = Array.from({ length: 7 }, (_, c) => clusterColor(c));
    expect(new Set(first).size).toBe(7);
    for (const c of first) expect(MODEL_PALETTE).toContain(c);
    expect(first).not.toContain(NORMAL_COLOR);
    expect(clusterColor(7)).toBe(clusterColor(0));
  });

  it('says why there is nothing to draw without merges', () => {
    const empty = renderChart(
      dendrogramChart({ layout: { nodes: [], root: -1, leafOrder: [], cutHeight: 0, maxHeight: 0 } }),
    );
    expect(texts(empty, 'text').join(' ')).toMatch(/No merges to draw/);
    const single: Linkage = {
      n: 1,
      left: new Int32Array(0),
      right: new Int32Array(0),
      height: new Float64Array(0),
      size: new Int32Array(0),
    };
    const lone = renderChart(
      dendrogramChart({ layout: dendrogramTop(compactDendrogram(single, [0], 10, 0)) }),
    );
    expect(texts(lone, 'text').join(' ')).toMatch(/No merges to draw/);
  });
});
