import type { CleaningSpec } from '../prep/cleaning-spec';

/** What the streaming scorer does for one cleaning step, next to what a batch does. */
export interface StreamingStep {
  step: 'resample' | 'missing';
  batch: string;
  stream: string;
  /** True when the stream gives the batch's values. */
  same: boolean;
}

/**
 * How a pipeline's cleaning runs on a stream. Every step but two is causal and runs as in a batch:
 * resampling needs the rows of a whole grid step (a stream takes each row as its own step), and linear
 * interpolation needs the next observed value (a stream forward-fills with the same limit instead).
 */
export function streamingCleaning(spec: CleaningSpec | undefined): StreamingStep[] {
  if (!spec) {
    return [{ step: 'missing', batch: 'none', stream: 'none', same: true }];
  }
  const steps: StreamingStep[] = [];
  if (spec.resample) {
    steps.push({
      step: 'resample',
      batch: `resample each entity to a ${spec.resample.stepMs} ms grid (${spec.resample.aggregate})`,
      stream: 'none: each row is taken as one grid step, so send one row per entity and step',
      same: false,
    });
  }
  const { method, limit, window } = spec.missing;
  const lim = limit === null ? 'no limit' : `limit ${limit} rows`;
  const describe: Record<typeof method, string> = {
    none: 'missing values left missing',
    ffill: `forward fill (${lim})`,
    interpolate: `linear interpolation (${lim})`,
    'rolling-median': `median of the previous ${window} rows`,
    drop: 'rows with a missing metric dropped',
  };
  steps.push(
    method === 'interpolate'
      ? {
          step: 'missing',
          batch: describe.interpolate,
          stream: `forward fill (${lim}): interpolation needs the next value, which a stream does not have yet`,
          same: false,
        }
      : { step: 'missing', batch: describe[method], stream: describe[method], same: true },
  );
  return steps;
}

/** One metric's missing-value state for one entity. */
interface MetricFill {
  last: number;
  run: number;
  /** 'rolling-median': the previous `window` raw values (NaN included), a ring. */
  ring: Float64Array | null;
  head: number;
  filled: number;
}

/**
 * The causal part of a pipeline's cleaning for one entity, one row at a time: missing values treated
 * as `cleanDataset` treats them within an entity (see {@link streamingCleaning} for the two steps a
 * stream cannot run). Outlier clipping is not here: it is fitted, and applied before the features.
 */
const NO_WINDOW = new Float64Array(0);

export class CleaningStream {
  private readonly fills: MetricFill[];
  private readonly scratch: Float64Array;

  constructor(
    private readonly spec: CleaningSpec | undefined,
    metrics: number,
  ) {
    const window = spec?.missing.method === 'rolling-median' ? spec.missing.window : 0;
    this.fills = Array.from({ length: metrics }, () => ({
      last: NaN,
      run: 0,
      ring: window ? new Float64Array(window).fill(NaN) : null,
      head: 0,
      filled: 0,
    }));
    // Made per new entity: a stream of fresh entity ids makes many, so no empty array is allocated.
    this.scratch = window ? new Float64Array(window) : NO_WINDOW;
  }

  /**
   * Cleans the entity's next row in place (`values` raw, NaN = missing). Returns false when the row is
   * dropped (method 'drop' and a value missing): it then never reaches the features.
   */
  push(values: Float64Array): boolean {
    const method = this.spec?.missing.method ?? 'none';
    if (method === 'none') return true;
    if (method === 'drop') {
      for (let j = 0; j < values.length; j++) if (Number.isNaN(values[j])) return false;
      return true;
    }
    if (method === 'rolling-median') {
      for (let j = 0; j < values.length; j++) values[j] = this.rollingMedian(this.fills[j], values[j]);
      return true;
    }
    // 'ffill', and 'interpolate' forward-filled (see streamingCleaning).
    const max = this.spec?.missing.limit ?? Infinity;
    for (let j = 0; j < values.length; j++) {
      const f = this.fills[j];
      const v = values[j];
      if (v === v) {
        f.last = v;
        f.run = 0;
      } else if (f.last === f.last && f.run < max) {
        values[j] = f.last;
        f.run++;
      }
    }
    return true;
  }

  /** As `fillRollingMedian`: the median of the observed values among the previous `window` rows. */
  private rollingMedian(f: MetricFill, v: number): number {
    const ring = f.ring as Float64Array;
    let out = v;
    if (v !== v) {
      let n = 0;
      for (let k = 0; k < f.filled; k++) {
        const x = ring[(f.head - f.filled + k + ring.length) % ring.length];
        if (x === x) this.scratch[n++] = x;
      }
      if (n > 0) {
        const sorted = this.scratch.subarray(0, n).sort();
        const h = n >> 1;
        out = n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
      }
    }
    ring[f.head] = v;
    f.head = (f.head + 1) % ring.length;
    if (f.filled < ring.length) f.filled++;
    return out;
  }
}
