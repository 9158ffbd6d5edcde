/** A labelled anomaly event as a run of rows [firstRow, lastRow] in some row order. */
export interface LabelledEvent {
  firstRow: number;
  lastRow: number;
}

export interface LatencySummary {
  events: number;
  detected: number;
  /** Time from each detected event's first row to its first alert, in ms (rows x step without times). */
  latenciesMs: number[];
  medianMs: number | null;
  maxMs: number | null;
}

/**
 * Detection latency per event at a threshold: the time from the event's first labelled row to the first
 * row inside the event whose score reaches the threshold. Events with no alert inside count as missed.
 */
export function eventLatencies(
  events: readonly LabelledEvent[],
  scores: ArrayLike<number>,
  threshold: number,
  times: ArrayLike<number> | null,
  stepMs = 300000,
): LatencySummary {
  const latenciesMs: number[] = [];
  for (const e of events) {
    for (let k = e.firstRow; k <= e.lastRow; k++) {
      if (scores[k] >= threshold) {
        latenciesMs.push(times ? times[k] - times[e.firstRow] : (k - e.firstRow) * stepMs);
        break;
      }
    }
  }
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const m = sorted.length;
  const medianMs = m ? (m % 2 ? sorted[(m - 1) / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2) : null;
  return { events: events.length, detected: m, latenciesMs, medianMs, maxMs: m ? sorted[m - 1] : null };
}

/** Runs of consecutive 1-labels within each group segment [start, end) of an ordered row list. */
export function labelledEvents(
  labels: ArrayLike<number>,
  segments: readonly [number, number][],
): LabelledEvent[] {
  const out: LabelledEvent[] = [];
  for (const [start, end] of segments) {
    let open = -1;
    for (let k = start; k < end; k++) {
      if (labels[k] === 1 && open < 0) open = k;
      if (labels[k] !== 1 && open >= 0) {
        out.push({ firstRow: open, lastRow: k - 1 });
        open = -1;
      }
    }
    if (open >= 0) out.push({ firstRow: open, lastRow: end - 1 });
  }
  return out;
}
