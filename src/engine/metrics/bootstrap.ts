import { createRandom } from '../util/random';
import { labelledEvents } from './latency';
import { quantileThreshold } from './threshold';
import { checkBinary, checkSameLength, checkScores } from './validate';

/** A half-open run of rows [start, end) that the bootstrap resamples as one unit. */
export interface RowBlock {
  start: number;
  end: number;
}

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions {
  /** Seed of the resampling; the same inputs and seed give the same interval. */
  seed: number;
  /** Number of resamples drawn, an integer >= 1; default 500. */
  resamples?: number;
  /** Coverage of the percentile interval, strictly between 0 and 1; default 0.95. */
  level?: number;
  /** Rows per block in segments that contain no event; default: see {@link bootstrapBlocks}. */
  blockLength?: number;
  /**
   * Skip (without calling the statistic) resamples whose labels contain only one class; default true, because
   * AUCs and rates against labels are undefined there. Set false for a statistic that needs no labels.
   */
  requireBothClasses?: boolean;
}

/** A bootstrap estimate with its percentile interval. */
export interface BootstrapInterval {
  /** The statistic on the rows covered by the segments, in their original order. */
  estimate: number;
  /** Lower end of the percentile interval; `null` when no resample gave a defined value. */
  low: number | null;
  /** Upper end of the percentile interval; `null` when no resample gave a defined value. */
  high: number | null;
  /** Number of resamples drawn. */
  resamples: number;
  /** Number of resamples where the statistic was defined; `resamples - valid` were skipped. */
  valid: number;
}

/** A metric of labels and scores; returning NaN or ±Infinity marks it undefined on that sample. */
export type Statistic = (labels: ArrayLike<number>, scores: ArrayLike<number>) => number;

/**
 * Cuts the rows into the blocks that {@link bootstrapCI} resamples, so that a resample draws whole anomaly
 * events rather than single rows (neighbouring rows of a metric series are strongly dependent, and the
 * unit of evidence is the event, not the row).
 *
 * The scheme, per segment [start, end) (one segment per entity, rows in time order):
 * - with events (runs of label 1, see {@link labelledEvents}) e_1..e_m: block j runs from e_j's first row to
 *   the row before e_{j+1}'s first row, the last one to the end of the segment, and the normal rows before
 *   e_1 join e_1's block. So every block holds exactly one event followed by the normal rows up to the next
 *   event, and the blocks tile the segment.
 * - without events: consecutive blocks of `blockLength` rows from the segment start (the last may be
 *   shorter).
 *
 * The default `blockLength` is the mean length of the event blocks, rounded (normal-only blocks then weigh
 * about as much as event blocks); with no event anywhere it is round(n^(1/3)), the classic order of the
 * block length for variance estimation, n being the number of covered rows. Rows outside every segment
 * belong to no block.
 *
 * @param labels - 0/1 labels, 1 = anomaly.
 * @param segments - disjoint [start, end) row ranges within the labels; `null` = one segment of all rows.
 * @param blockLength - integer >= 1, or undefined for the default.
 * @returns the blocks, in segment order.
 * @throws if a label is not 0/1, a segment is out of range, not integral or overlaps another, or
 *   `blockLength` is invalid.
 */
export function bootstrapBlocks(
  labels: ArrayLike<number>,
  segments: readonly (readonly [number, number])[] | null,
  blockLength?: number,
): RowBlock[] {
  return blocksOf('bootstrapBlocks', labels, segments, blockLength);
}

/**
 * Bootstrap confidence interval of a metric by resampling events: the rows are cut into blocks by
 * {@link bootstrapBlocks}, each resample draws as many blocks as there are, uniformly with replacement, and
 * concatenates them; the statistic is computed on every resample and the interval is the
 * ((1 - level) / 2, (1 + level) / 2) percentile pair of the defined values, with numpy's default linear
 * interpolation.
 *
 * Resamples with a single label class (when `requireBothClasses`) or where the statistic returns NaN or
 * ±Infinity are skipped and counted (`valid` < `resamples`). Deterministic for a given seed.
 *
 * @param labels - 0/1 labels, 1 = anomaly.
 * @param scores - anomaly scores of the same rows; NaN is refused.
 * @param segments - disjoint [start, end) row ranges, one per entity; `null` = one segment of all rows.
 * @param statistic - the metric, e.g. `rocAuc`; it receives a `Uint8Array` and a `Float64Array`.
 * @throws on bad input (naming the argument), or if the statistic is undefined on the full data.
 */
export function bootstrapCI(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  segments: readonly (readonly [number, number])[] | null,
  statistic: Statistic,
  options: BootstrapOptions,
): BootstrapInterval {
  const fn = 'bootstrapCI';
  const { seed, resamples = 500, level = 0.95, blockLength, requireBothClasses = true } = options;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new Error(`${fn}: resamples is ${resamples}; it must be an integer >= 1`);
  }
  if (!(level > 0 && level < 1)) throw new Error(`${fn}: level is ${level}; it must be between 0 and 1`);
  if (!Number.isFinite(seed)) throw new Error(`${fn}: seed is ${seed}; it must be a finite number`);
  checkSameLength(fn, 'labels', labels, 'scores', scores);
  checkScores(fn, scores);
  const blocks = blocksOf(fn, labels, segments, blockLength);
  if (blocks.length === 0) throw new Error(`${fn}: the segments cover no rows`);

  const gather = (picks: ArrayLike<number>): [Uint8Array, Float64Array, number] => {
    let n = 0;
    for (let b = 0; b < picks.length; b++) n += blocks[picks[b]].end - blocks[picks[b]].start;
    const l = new Uint8Array(n);
    const s = new Float64Array(n);
    let ones = 0;
    for (let b = 0, i = 0; b < picks.length; b++) {
      const { start, end } = blocks[picks[b]];
      for (let r = start; r < end; r++, i++) {
        l[i] = labels[r];
        s[i] = scores[r];
        ones += l[i];
      }
    }
    return [l, s, ones];
  };
  const defined = (l: Uint8Array, s: Float64Array, ones: number): number => {
    if (requireBothClasses && (ones === 0 || ones === l.length)) return NaN;
    const v = statistic(l, s);
    return Number.isFinite(v) ? v : NaN;
  };

  const all = gather(Uint32Array.from(blocks, (_, b) => b));
  const estimate = defined(...all);
  if (Number.isNaN(estimate)) {
    throw new Error(
      `${fn}: the statistic is undefined on the full data (${all[2]} positives of ${all[0].length} rows)` +
        (requireBothClasses ? '; both label classes must occur' : ''),
    );
  }

  const rng = createRandom(seed);
  const values: number[] = [];
  const picks = new Uint32Array(blocks.length);
  for (let r = 0; r < resamples; r++) {
    for (let b = 0; b < picks.length; b++) picks[b] = rng.int(blocks.length);
    const v = defined(...gather(picks));
    if (!Number.isNaN(v)) values.push(v);
  }
  const tail = (1 - level) / 2;
  return {
    estimate,
    // quantileThreshold(xs, c) is numpy.quantile(xs, 1 - c).
    low: values.length ? quantileThreshold(values, 1 - tail) : null,
    high: values.length ? quantileThreshold(values, tail) : null,
    resamples,
    valid: values.length,
  };
}

function blocksOf(
  fn: string,
  labels: ArrayLike<number>,
  segments: readonly (readonly [number, number])[] | null,
  blockLength: number | undefined,
): RowBlock[] {
  checkBinary(fn, 'labels', labels);
  if (blockLength !== undefined && (!Number.isInteger(blockLength) || blockLength < 1)) {
    throw new Error(`${fn}: blockLength is ${blockLength}; it must be an integer >= 1`);
  }
  const n = labels.length;
  const segs = segments ?? [[0, n] as const];
  segs.forEach(([start, end], i) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > n) {
      throw new Error(
        `${fn}: segments[${i}] is [${start}, ${end}]; it must be integers with 0 <= start <= end <= ${n}`,
      );
    }
  });
  const order = segs.map((_, i) => i).filter((i) => segs[i][0] < segs[i][1]);
  order.sort((a, b) => segs[a][0] - segs[b][0]);
  for (let k = 1; k < order.length; k++) {
    const [a, b] = [order[k - 1], order[k]];
    if (segs[b][0] < segs[a][1]) {
      throw new Error(`${fn}: segments[${a}] and segments[${b}] overlap; segments must be disjoint`);
    }
  }

  const eventBlocks: RowBlock[][] = [];
  let eventRows = 0;
  let eventCount = 0;
  let covered = 0;
  for (const [start, end] of segs) {
    covered += end - start;
    const events = labelledEvents(labels, [[start, end]]);
    const own = events.map((e, j) => ({
      start: j === 0 ? start : e.firstRow,
      end: j + 1 < events.length ? events[j + 1].firstRow : end,
    }));
    eventBlocks.push(own);
    eventRows += own.length ? end - start : 0;
    eventCount += own.length;
  }
  const length =
    blockLength ??
    Math.max(1, Math.round(eventCount ? eventRows / eventCount : Math.cbrt(Math.max(1, covered))));
  const out: RowBlock[] = [];
  segs.forEach(([start, end], i) => {
    if (eventBlocks[i].length) out.push(...eventBlocks[i]);
    else for (let s = start; s < end; s += length) out.push({ start: s, end: Math.min(end, s + length) });
  });
  return out;
}
