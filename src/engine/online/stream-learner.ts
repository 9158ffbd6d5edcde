import type { Detector, DetectorStream } from '../detectors/detector';
import { pushEach, type OnlineLearner } from './learner';
import { RowRing } from './row-ring';

/** What a stream learner needs to know about its detector and its entity. */
export interface StreamLearnerConfig {
  /** A fresh, unfitted detector with a bounded stream (`Detector.stream`). */
  create: () => Detector;
  /** The row before which the detector is fitted (rows before it score 0). */
  fitRow: number;
  /** Metric columns per row. */
  cols: number;
  /**
   * The latest rows before `fitRow` pushed through the new stream before scoring (their scores unused),
   * so it starts with the history it would have had: a shingle's earlier rows, a rolling window.
   */
  primeRows: number;
  /**
   * True when the primed rows are left out of the fit: a forest with streamed updates inserts the rows
   * it streams, and must not hold them twice.
   */
  primeOutsideFit: boolean;
}

/**
 * An online learner around a detector that learns as it goes (rcf with update 'stream', robust-z): it
 * fits once, on the entity's rows before `fitRow`, then scores every later row through the detector's
 * own stream, which updates itself (a forest's reservoirs, a rolling window) after each row. Memory is
 * the stream's, bounded, plus `fitRow` rows until the fit.
 */
export class StreamLearner implements OnlineLearner {
  private readonly ring: RowRing;
  private row = 0;
  private stream: DetectorStream | null = null;

  constructor(private readonly config: StreamLearnerConfig) {
    this.ring = new RowRing(config.cols, Math.max(1, config.fitRow));
  }

  push(x: ArrayLike<number>, t: number): number | Promise<number> {
    if (this.stream) return this.stream.push(x, t);
    if (this.row < this.config.fitRow) {
      this.ring.push(x, t);
      this.row++;
      return 0;
    }
    const started = this.start();
    if (!(started instanceof Promise)) return started.push(x, t);
    return started.then((stream) => stream.push(x, t));
  }

  /** `push` for `count` rows; the stream's own `pushMany` for the rows after the fit, when it has one. */
  pushMany(
    x: Float64Array,
    cols: number,
    count: number,
    t: Float64Array,
    out: Float64Array,
  ): void | Promise<void> {
    let r = 0;
    while (r < count && !this.stream) {
      const s = this.push(x.subarray(r * cols, (r + 1) * cols), t[r]);
      if (typeof s !== 'number') {
        const at = r;
        return s.then((v) => {
          out[at] = v;
          return this.pushMany(
            x.subarray((at + 1) * cols),
            cols,
            count - at - 1,
            t.subarray(at + 1),
            out.subarray(at + 1),
          );
        });
      }
      out[r++] = s;
    }
    const stream = this.stream;
    if (r === count || !stream) return;
    if (!stream.pushMany) {
      pushEach({ push: (row, time) => stream.push(row, time) }, x, cols, count, t, out, r);
      return;
    }
    stream.pushMany(
      x.subarray(r * cols, count * cols),
      count - r,
      t.subarray(r, count),
      out.subarray(r, count),
    );
  }

  /** Fits the detector on the rows kept so far (at once when it can: `fitNow`) and primes its stream. */
  private start(): DetectorStream | Promise<DetectorStream> {
    const { cols, primeRows, primeOutsideFit, create } = this.config;
    const ring = this.ring;
    const n = ring.count;
    const prime = Math.min(primeRows, primeOutsideFit ? n - 1 : n);
    const fitN = primeOutsideFit ? n - prime : n;
    const data = new Float64Array(fitN * cols);
    const time = new Float64Array(fitN);
    for (let i = 0; i < fitN; i++) {
      for (let j = 0; j < cols; j++) data[i * cols + j] = ring.value(i, j);
      time[i] = ring.time(i);
    }
    const X = { data, rows: fitN, cols };
    const options = { context: { time, groups: [Int32Array.from({ length: fitN }, (_, i) => i)] } };
    const fresh = create();
    if (fresh.fitNow) return this.prime(fresh.fitNow(X, options));
    return fresh.fit(X, options).then((d) => this.prime(d));
  }

  private prime(detector: Detector): DetectorStream {
    const { cols, primeRows, primeOutsideFit } = this.config;
    const ring = this.ring;
    const n = ring.count;
    const prime = Math.min(primeRows, primeOutsideFit ? n - 1 : n);
    const stream = detector.stream!();
    const one = new Float64Array(cols);
    for (let i = n - prime; i < n; i++) {
      for (let j = 0; j < cols; j++) one[j] = ring.value(i, j);
      stream.push(one, ring.time(i));
    }
    this.stream = stream;
    return stream;
  }
}
