/**
 * A client that sends requests at a steady rate: every 5 ms it sends the requests due since the start
 * (rate x elapsed time), over kept-alive connections, and records each request's latency and outcome.
 * autocannon's `overallRate` releases each second's quota at the start of the second, a burst that
 * adds queueing to the latencies; this spreads them evenly.
 */
import { Agent, request } from 'node:http';

/** What one run measured. */
export interface PacedRun {
  sent: number;
  ok: number;
  /** Answers other than 200, by status. */
  statuses: Record<string, number>;
  /** Socket errors and timeouts. */
  errors: number;
  /** Requests not sent because `maxInFlight` were already waiting (the server falling behind). */
  skipped: number;
  latencyMs: { p50: number; p99: number; max: number };
  perSecond: number;
}

const TICK_MS = 5;

function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Sends `rate` requests per second for `seconds` to `url` (POST, JSON), each body from `body()`.
 * Resolves when every request sent has been answered or has failed.
 */
export function pacedRun(options: {
  url: string;
  path: string;
  rate: number;
  seconds: number;
  body: () => string;
  maxInFlight?: number;
  timeoutMs?: number;
}): Promise<PacedRun> {
  const { rate, seconds } = options;
  const maxInFlight = options.maxInFlight ?? 512;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(options.path, options.url);
  const latencies = new Float64Array(Math.ceil(rate * seconds) + 16);
  const run: PacedRun = {
    sent: 0,
    ok: 0,
    statuses: {},
    errors: 0,
    skipped: 0,
    latencyMs: { p50: 0, p99: 0, max: 0 },
    perSecond: 0,
  };
  let measured = 0;
  let inFlight = 0;
  const t0 = performance.now();
  return new Promise((resolve) => {
    let ticking = true;
    const finishIfDone = (): void => {
      if (ticking || inFlight > 0) return;
      agent.destroy();
      const sorted = latencies.subarray(0, measured).sort();
      run.latencyMs = {
        p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99),
        max: sorted[sorted.length - 1] ?? NaN,
      };
      run.perSecond = run.sent / seconds;
      resolve(run);
    };
    const send = (): void => {
      const body = options.body();
      const start = performance.now();
      inFlight++;
      run.sent++;
      let done = false;
      const end = (status: number | null): void => {
        if (done) return;
        done = true;
        inFlight--;
        if (status === 200) {
          run.ok++;
          latencies[measured++] = performance.now() - start;
        } else if (status === null) run.errors++;
        else run.statuses[status] = (run.statuses[status] ?? 0) + 1;
        finishIfDone();
      };
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: options.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => end(res.statusCode ?? null));
          res.on('error', () => end(null));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => end(null));
      req.end(body);
    };
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.min(
        Math.floor((Math.min(elapsed, seconds * 1000) * rate) / 1000),
        Math.ceil(rate * seconds),
      );
      while (run.sent + run.skipped < due) {
        if (inFlight >= maxInFlight) run.skipped++;
        else send();
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        ticking = false;
        finishIfDone();
      }
    }, TICK_MS);
  });
}
