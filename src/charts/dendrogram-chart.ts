import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { DendrogramLayout, DendrogramNode } from '../engine/detectors/hclust/dendrogram';
import {
  MODEL_PALETTE,
  MUTED_TEXT_COLOR,
  NORMAL_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatCount,
  formatNumber,
  themed,
} from './theme';

export interface DendrogramInput {
  /** The laid-out top of the merge tree (`dendrogramTop(compactDendrogram(...))`). */
  layout: DendrogramLayout;
  /** Number of flat clusters named on the cut; defaults to the distinct clusters among the leaves. */
  clusters?: number;
  width?: number;
  height?: number;
}

/** Flat clusters take the model palette without its grey, which is kept for merges of several clusters. */
const CLUSTER_PALETTE: readonly string[] = MODEL_PALETTE.filter((c) => c !== '#7a7f8a');

/** The colour of flat cluster `c` in the dendrogram; -1 (rows of several clusters) is neutral grey. */
export function clusterColor(c: number): string {
  return c >= 0 ? CLUSTER_PALETTE[c % CLUSTER_PALETTE.length] : NORMAL_COLOR;
}

/** A vertical (x, y1, y2) or horizontal (y, x1, x2) piece of the tree, coloured by cluster. */
interface Segment {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  color: string;
}

const MARGIN_LEFT = 56;
/** Room for the cut's two-line label at the rule's right end. */
const MARGIN_RIGHT = 80;
const MARGIN_TOP = 24;
const DEFAULT_WIDTH = 640;
/** Rough advance of a tabular digit or parenthesis at 12px, to decide whether leaf labels fit flat. */
const CHAR_WIDTH = 7;
/** Rotated labels (11px) need this much room across; below it some are left out. */
const ROTATED_GAP = 12;

function leafLabel(size: number): string {
  return `(${formatCount(size)})`;
}

function clusterName(c: number): string {
  return c >= 0 ? `cluster ${c}` : 'several clusters';
}

function nodeTitle(n: DendrogramNode): string {
  const rows = `${formatCount(n.size)} row${n.size === 1 ? '' : 's'}`;
  if (n.children.length > 0)
    return `merge of ${rows}\nheight ${formatNumber(n.height)}\n${clusterName(n.cluster)}`;
  if (n.size > 1 || n.height > 0) {
    return `${rows} merged below (drawn collapsed)\ntop merge at ${formatNumber(n.height)}\n${clusterName(n.cluster)}`;
  }
  return `${rows}\n${clusterName(n.cluster)}`;
}

/**
 * Splits the stretch [y1, y2] of a node's link at the cut: the part below the cut takes the node's
 * cluster colour, the part above it is grey, as scipy colours links above its colour threshold.
 */
function pushSplit(
  out: Segment[],
  x1: number,
  x2: number,
  y1: number,
  y2: number,
  cluster: number,
  cut: number,
) {
  const lo = Math.min(y1, y2);
  const hi = Math.max(y1, y2);
  const grey = clusterColor(-1);
  if (!Number.isFinite(cut) || hi <= cut) out.push({ x1, x2, y1: lo, y2: hi, color: clusterColor(cluster) });
  else if (lo >= cut) out.push({ x1, x2, y1: lo, y2: hi, color: grey });
  else {
    out.push({ x1, x2, y1: lo, y2: cut, color: clusterColor(cluster) });
    out.push({ x1, x2, y1: cut, y2: hi, color: grey });
  }
}

/**
 * Picks the leaves whose size labels are drawn: all of them when they fit side by side, otherwise the
 * largest subtrees first, skipping any label closer than `gap` pixels to one already placed.
 */
function labelledLeaves(leaves: DendrogramNode[], pxPerLeaf: number, gap: number): DendrogramNode[] {
  if (pxPerLeaf >= gap) return leaves;
  const bySize = [...leaves].sort((a, b) => b.size - a.size || a.x - b.x);
  const placed: DendrogramNode[] = [];
  for (const leaf of bySize) {
    if (placed.every((p) => Math.abs(p.x - leaf.x) * pxPerLeaf >= gap)) placed.push(leaf);
  }
  return placed.sort((a, b) => a.x - b.x);
}

/**
 * The top of a hierarchical clustering's merge tree, drawn as scipy's `dendrogram`: each merge is a
 * bar at its height between its two children, with a stem down from it to each child's own height.
 * Links below the cut take their flat cluster's colour, links above it (merges of several clusters)
 * are grey; the cut is a dashed rule labelled `cut into k clusters`. Leaves are rows or, as in scipy's
 * truncated dendrograms, whole subtrees drawn collapsed: a dashed stem up to their own top merge and
 * their row count under the leaf, `(412)`. Leaf labels turn upright when they do not fit side by side,
 * and when even that is too tight only the largest subtrees are labelled. Tips name each node's rows,
 * height and cluster. Leaf positions are arbitrary, so there is no x axis.
 */
export function dendrogramChart(input: DendrogramInput): PlotOptions {
  const { layout } = input;
  const { nodes, leafOrder } = layout;
  const merges = nodes.filter((n) => n.children.length === 2);
  if (layout.root < 0 || merges.length === 0) {
    return emptyChart('No merges to draw: hierarchical clustering needs at least two rows.', input.width);
  }
  const cut = layout.cutHeight;
  const hasCut = Number.isFinite(cut) && cut > 0;
  const segCut = hasCut ? cut : NaN;

  const stems: Segment[] = [];
  const bars: Segment[] = [];
  for (const p of merges) {
    const [a, b] = p.children.map((id) => nodes[id]);
    for (const c of [a, b]) pushSplit(stems, c.x, c.x, c.height, p.height, c.cluster, segCut);
    pushSplit(bars, a.x, b.x, p.height, p.height, p.cluster, segCut);
  }
  const leaves = leafOrder.map((id) => nodes[id]);
  const collapsed: Segment[] = [];
  for (const leaf of leaves) {
    if (leaf.height > 0) pushSplit(collapsed, leaf.x, leaf.x, 0, leaf.height, leaf.cluster, segCut);
  }

  const leafClusters = new Set(leaves.filter((l) => l.cluster >= 0).map((l) => l.cluster));
  const k = input.clusters ?? leafClusters.size;
  const L = leaves.length;
  const width = input.width ?? DEFAULT_WIDTH;
  const pxPerLeaf = Math.max(1, width - MARGIN_LEFT - MARGIN_RIGHT) / L;
  const longest = Math.max(...leaves.map((l) => leafLabel(l.size).length));
  const flat = pxPerLeaf >= longest * CHAR_WIDTH + 6;
  const labelled = flat ? leaves : labelledLeaves(leaves, pxPerLeaf, ROTATED_GAP);
  const labelChars = Math.max(0, ...labelled.map((l) => leafLabel(l.size).length));
  const labelSpace = flat ? 20 : Math.ceil(labelChars * 6.5) + 10;
  const captionSpace = 18;
  const marginBottom = labelSpace + captionSpace;
  const maxHeight = layout.maxHeight > 0 ? layout.maxHeight : 1;
  const yTop = Math.max(maxHeight, hasCut ? cut : 0) * 1.04;

  const marks: Markish[] = [];
  if (collapsed.length > 0) {
    marks.push(
      Plot.ruleX(collapsed, {
        x: 'x1',
        y1: 'y1',
        y2: 'y2',
        stroke: 'color',
        strokeWidth: 1.5,
        strokeDasharray: '3,2',
        strokeOpacity: 0.75,
        ariaDescription: 'collapsed subtree',
      }),
    );
  }
  marks.push(
    Plot.ruleX(stems, {
      x: 'x1',
      y1: 'y1',
      y2: 'y2',
      stroke: 'color',
      strokeWidth: 1.5,
      ariaDescription: 'dendrogram stem',
    }),
    Plot.ruleY(bars, {
      y: 'y1',
      x1: 'x1',
      x2: 'x2',
      stroke: 'color',
      strokeWidth: 1.5,
      ariaDescription: 'dendrogram bar',
    }),
  );
  if (hasCut) {
    marks.push(
      Plot.ruleY([cut], { stroke: TEXT_COLOR, strokeDasharray: '5,4', ariaDescription: 'cut' }),
      // In the right margin, at the rule's end: inside the frame it would cover links near the cut.
      Plot.text([cut], {
        y: (v: number) => v,
        frameAnchor: 'right',
        textAnchor: 'start',
        dx: 6,
        text: () => `cut into\n${formatCount(k)} cluster${k === 1 ? '' : 's'}`,
        fill: TEXT_COLOR,
        ariaDescription: 'cut label',
      }),
    );
  }
  marks.push(
    Plot.text(labelled, {
      x: 'x',
      y: () => 0,
      text: (l: DendrogramNode) => leafLabel(l.size),
      fill: (l: DendrogramNode) => (l.size > 1 ? TEXT_COLOR : MUTED_TEXT_COLOR),
      ...(flat
        ? { lineAnchor: 'top', dy: 6 }
        : { rotate: -90, textAnchor: 'end', lineAnchor: 'middle', dy: 6, fontSize: 11 }),
      ariaDescription: 'leaf size',
    }),
    Plot.text(
      [
        collapsed.length > 0
          ? 'rows under each leaf · dashed: merges drawn collapsed'
          : 'rows under each leaf',
      ],
      {
        frameAnchor: 'bottom',
        lineAnchor: 'bottom',
        dy: marginBottom - 2,
        fill: MUTED_TEXT_COLOR,
        ariaDescription: 'leaf caption',
      },
    ),
    Plot.tip(
      nodes,
      Plot.pointer({
        x: (n: DendrogramNode) => n.x,
        y: (n: DendrogramNode) => n.height,
        title: nodeTitle,
      }),
    ),
  );

  return themed({
    width,
    height: input.height ?? 320,
    marginTop: MARGIN_TOP,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginBottom,
    x: { axis: null, domain: [-0.5, L - 0.5] },
    y: {
      domain: [0, yTop],
      label: 'Merge height (linkage distance)',
      labelArrow: 'none',
      grid: true,
      ticks: 5,
    },
    marks,
  });
}
