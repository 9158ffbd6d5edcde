/** A stretch of rows around a false alarm or a missed event, for a small context chart. */
export interface ErrorCase {
  kind: 'false-positive' | 'missed';
  /** Segment (entity) index and the case's rows [firstRow, lastRow] in the evaluated row order. */
  segment: number;
  firstRow: number;
  lastRow: number;
  /** x (time or row) of the case's first row. */
  at: number;
  /** The highest score in the case (for a missed event: how close it came to the threshold). */
  peak: number;
  /** Context: x (time or row), score and label of the rows around the case. */
  context: { x: number[]; score: number[]; label: number[] };
}

export interface ErrorAnalysisOptions {
  /** Cases of each kind to return. */
  top?: number;
  /** Rows of context on each side. */
  around?: number;
}

/**
 * The worst mistakes at a threshold: false-alarm runs (consecutive alerting rows with no labelled row)
 * ranked by their peak score, and labelled events without any alert ranked by how far their peak stayed
 * below the threshold (closest first: the ones a slightly lower threshold would catch), each with the rows
 * around it. Rows are in time order within each segment [start, end).
 */
export function errorAnalysis(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  segments: readonly [number, number][],
  x: ArrayLike<number>,
  options: ErrorAnalysisOptions = {},
): { falsePositives: ErrorCase[]; missed: ErrorCase[] } {
  const top = options.top ?? 5;
  const around = options.around ?? 36;
  const fps: ErrorCase[] = [];
  const missed: ErrorCase[] = [];
  const context = (seg: [number, number], a: number, b: number) => {
    const from = Math.max(seg[0], a - around);
    const to = Math.min(seg[1] - 1, b + around);
    const out = { x: [] as number[], score: [] as number[], label: [] as number[] };
    for (let k = from; k <= to; k++) {
      out.x.push(x[k]);
      out.score.push(scores[k]);
      out.label.push(labels[k] === 1 ? 1 : 0);
    }
    return out;
  };
  segments.forEach((seg, s) => {
    // False-alarm runs: consecutive alerting rows, none labelled.
    let k = seg[0];
    while (k < seg[1]) {
      if (scores[k] >= threshold && labels[k] !== 1) {
        let end = k;
        let peak = scores[k];
        while (end + 1 < seg[1] && scores[end + 1] >= threshold && labels[end + 1] !== 1) {
          end++;
          peak = Math.max(peak, scores[end]);
        }
        fps.push({
          kind: 'false-positive',
          segment: s,
          firstRow: k,
          lastRow: end,
          peak,
          at: x[k],
          context: { x: [], score: [], label: [] },
        });
        k = end + 1;
      } else k++;
    }
    // Labelled events with no alerting row.
    k = seg[0];
    while (k < seg[1]) {
      if (labels[k] === 1) {
        let end = k;
        while (end + 1 < seg[1] && labels[end + 1] === 1) end++;
        let peak = -Infinity;
        for (let r = k; r <= end; r++) peak = Math.max(peak, scores[r]);
        if (peak < threshold)
          missed.push({
            kind: 'missed',
            segment: s,
            firstRow: k,
            lastRow: end,
            peak,
            at: x[k],
            context: { x: [], score: [], label: [] },
          });
        k = end + 1;
      } else k++;
    }
  });
  fps.sort((a, b) => b.peak - a.peak);
  missed.sort((a, b) => b.peak - a.peak);
  const withContext = (c: ErrorCase) => ({
    ...c,
    context: context(segments[c.segment] as [number, number], c.firstRow, c.lastRow),
  });
  return {
    falsePositives: fps.slice(0, top).map(withContext),
    missed: missed.slice(0, top).map(withContext),
  };
}
