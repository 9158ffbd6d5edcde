/**
 * The scoring server under load: an Isolation Forest bundle (default parameters, raw features) trained on
 * the demo cluster via the engine, served by `npm run serve` in a child process. autocannon (in this
 * process, on the same machine) fires POST /predict, rows of 5,000 entities in time order: 50
 * connections for 10 s after a 3 s warm-up (the setting), then 10 and 1 connection(s) for 5 s.
 * The server's own latency histogram gives the time spent inside the server during the 50-connection
 * run, and a bare Fastify route answering a constant, loaded the same way, shows what this machine's
 * client and HTTP stack allow at all. Then POST /batch_predict of 10,000 rows is timed (JSON and CSV,
 * medians of 5 after a warm-up). Goals (issue 7): /predict p99 under 5 ms and over 2,000 requests/s.
 * Run: `npm run bench -- serve`. Writes artifacts/bench/serve.json.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  writeBundle,
  type Dataset,
} from '../../src/engine/index';
import { machineInfo } from './machine';

/** The part of autocannon's options and result used here (the package ships no types). */
interface CannonRequest {
  method: 'POST' | 'GET';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: CannonRequest[];
}) => Promise<CannonResult>;

const CONNECTIONS = 50;
const SECONDS = 10;
const WARMUP_SECONDS = 3;
const ENTITIES = 5000;
const BATCH_ROWS = 10_000;
const BATCH_RUNS = 5;
const STEP_MS = 300_000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The dataset's rows as JSON row objects (time as ISO text). */
function rowObjects(ds: Dataset, count: number): Record<string, unknown>[] {
  const s = ds.schema;
  const cols = [s.time!, s.entity!, ...s.metrics];
  const arrays = cols.map((c) => ds.table.array(c) as ArrayLike<unknown>);
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(
      cols.map((c, j) => [c, c === s.time ? new Date(arrays[j][i] as number).toISOString() : arrays[j][i]]),
    ),
  );
}

/** Starts a child process and waits until `url` answers. */
async function startChild(args: string[], url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let k = 0; k < 600; k++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with code ${child.exitCode}`);
    try {
      await fetch(url);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error(`${args.join(' ')} did not answer within 60 s`);
}

/** Cumulative /predict counts per latency bucket (seconds) from the server's /metrics. */
async function predictBuckets(url: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<number, number>();
  const re = /awb_http_request_duration_seconds_bucket\{le="([^"]+)",route="\/predict"\} (\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return out;
}

/** Share of requests at or under each bucket bound, between two scrapes; and the bounds holding p50 and p99. */
function serverSide(before: Map<number, number>, after: Map<number, number>) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const share: Record<string, number> = {};
  let p50: number | null = null;
  let p99: number | null = null;
  for (const b of bounds) {
    const f = ((after.get(b) ?? 0) - (before.get(b) ?? 0)) / total;
    if (Number.isFinite(b)) share[`<=${b * 1000}ms`] = f;
    if (p50 === null && f >= 0.5) p50 = b * 1000;
    if (p99 === null && f >= 0.99) p99 = b * 1000;
  }
  return { requests: total, shareWithin: share, p50AtMostMs: p50, p99AtMostMs: p99 };
}

async function main(): Promise<void> {
  const train = generateClusterMetrics({ days: 14, instances: 8, seed: 42 });
  const t0 = performance.now();
  const { fitted } = await fitPipeline(
    train,
    defaultSpec(train.schema, { type: 'iforest', params: { seed: 0 } }),
  );
  const fitSeconds = (performance.now() - t0) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'awb-bench-serve-'));
  const bundlePath = join(dir, 'iforest.awb');
  writeFileSync(bundlePath, await writeBundle(fitted, train));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild(
    ['scripts/serve.mjs', bundlePath, '--port', String(port), '--log-level', 'warn'],
    `${url}/health`,
  );
  const helloPort = await freePort();
  const hello = await startChild(
    [
      '--input-type=module',
      '-e',
      `import Fastify from 'fastify'; const app = Fastify(); app.post('/predict', async () => ({ score: 0.5, alert: false })); await app.listen({ port: ${helloPort} });`,
    ],
    `http://127.0.0.1:${helloPort}/`,
  );
  try {
    // Request bodies are spliced from text: JSON.stringify per request would slow the client down,
    // and the client shares the machine's two cores with the server.
    const source = rowObjects(generateClusterMetrics({ days: 2, instances: 8, seed: 7 }), 2000);
    const metricParts = source.map((r) =>
      train.schema.metrics.map((m) => `${JSON.stringify(m)}:${JSON.stringify(r[m])}`).join(','),
    );
    const start = Date.parse('2030-01-01T00:00:00Z');
    let seq = 0;
    let isoBlock = -1;
    let iso = '';
    const predictRequest = (): CannonRequest => ({
      method: 'POST',
      path: '/predict',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        // Each request is the next row of one of ENTITIES entities, in time order per entity; an
        // entity comes back every ENTITIES requests, long after its previous row was answered.
        const k = seq++;
        const block = Math.floor(k / ENTITIES);
        if (block !== isoBlock) {
          isoBlock = block;
          iso = new Date(start + block * STEP_MS).toISOString();
        }
        req.body = `{"timestamp":"${iso}","instance":"host-${k % ENTITIES}",${metricParts[k % metricParts.length]}}`;
        return req;
      },
    });
    const fire = (target: string, connections: number, duration: number) =>
      autocannon({ url: target, connections, duration, requests: [predictRequest()] });
    const summary = (run: CannonResult, connections: number, seconds: number) => ({
      connections,
      seconds,
      requests: run.requests.total,
      requestsPerSecond: run.requests.average,
      latencyMs: {
        p50: run.latency.p50,
        p90: run.latency.p90,
        p99: run.latency.p99,
        max: run.latency.max,
        mean: run.latency.average,
      },
      errors: run.errors,
      non2xx: run.non2xx,
    });

    await fire(url, CONNECTIONS, WARMUP_SECONDS);
    const before = await predictBuckets(url);
    const main50 = summary(await fire(url, CONNECTIONS, SECONDS), CONNECTIONS, SECONDS);
    const inside = serverSide(before, await predictBuckets(url));
    const c10 = summary(await fire(url, 10, 5), 10, 5);
    const c1 = summary(await fire(url, 1, 5), 1, 5);
    await fire(`http://127.0.0.1:${helloPort}`, CONNECTIONS, WARMUP_SECONDS);
    const bare = summary(await fire(`http://127.0.0.1:${helloPort}`, CONNECTIONS, 5), CONNECTIONS, 5);

    const batchRows = rowObjects(generateClusterMetrics({ days: 5, instances: 8, seed: 9 }), BATCH_ROWS);
    const jsonBody = JSON.stringify({ rows: batchRows });
    const cols = Object.keys(batchRows[0]);
    const csvBody =
      [cols.join(','), ...batchRows.map((r) => cols.map((c) => String(r[c])).join(','))].join('\n') + '\n';
    const timeBatch = async (body: string, type: string): Promise<number[]> => {
      const times: number[] = [];
      for (let r = 0; r <= BATCH_RUNS; r++) {
        const t = performance.now();
        const res = await fetch(`${url}/batch_predict`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
        const out = (await res.json()) as { results?: unknown[]; message?: string };
        if (res.status !== 200 || out.results?.length !== BATCH_ROWS) {
          throw new Error(`/batch_predict answered ${res.status}: ${out.message ?? ''}`);
        }
        if (r > 0) times.push(performance.now() - t);
      }
      return times;
    };
    const jsonTimes = await timeBatch(jsonBody, 'application/json');
    const csvTimes = await timeBatch(csvBody, 'text/csv');
    const batch = {
      rows: BATCH_ROWS,
      runs: BATCH_RUNS,
      json: { bytes: jsonBody.length, ms: { median: median(jsonTimes), all: jsonTimes } },
      csv: { bytes: csvBody.length, ms: { median: median(csvTimes), all: csvTimes } },
    };

    const goals = { p99Ms: 5, requestsPerSecond: 2000 };
    const result = {
      benchmark: 'serve',
      date: new Date().toISOString(),
      machine: machineInfo(),
      model: {
        detector: 'iforest',
        params: fitted.detector.params,
        features: fitted.featureNames.length,
        trainRows: fitted.trainRows,
        fitSeconds,
      },
      predict: main50,
      predictServerSide: inside,
      predictFewerConnections: [c10, c1],
      bareFastify: bare,
      batch,
      goals,
      met: {
        p99At50Connections: main50.latencyMs.p99 < goals.p99Ms,
        requestsPerSecond: main50.requestsPerSecond > goals.requestsPerSecond,
        serverSideP99: inside.p99AtMostMs !== null && inside.p99AtMostMs <= goals.p99Ms,
      },
    };

    console.log(
      `Scoring server, Isolation Forest (${fitted.featureNames.length} features, 100 trees), ${result.machine.cores} cores, ` +
        `Node ${process.version}, load average ${Number(result.machine.loadAverage1m).toFixed(2)}`,
    );
    const ms = (v: number) => `${v.toFixed(2)} ms`;
    const rows = [
      ['measure', 'value', 'goal'],
      [
        `/predict requests/s, ${CONNECTIONS} connections`,
        main50.requestsPerSecond.toFixed(0),
        `> ${goals.requestsPerSecond}`,
      ],
      [
        `/predict p50 / p99, ${CONNECTIONS} connections`,
        `${ms(main50.latencyMs.p50)} / ${ms(main50.latencyMs.p99)}`,
        `p99 < ${goals.p99Ms} ms`,
      ],
      [
        '/predict p50 / p99 inside the server',
        `<= ${inside.p50AtMostMs} ms / <= ${inside.p99AtMostMs} ms`,
        `p99 < ${goals.p99Ms} ms`,
      ],
      [
        '/predict p50 / p99, 10 connections',
        `${ms(c10.latencyMs.p50)} / ${ms(c10.latencyMs.p99)} (${c10.requestsPerSecond.toFixed(0)}/s)`,
        '',
      ],
      [
        '/predict p50 / p99, 1 connection',
        `${ms(c1.latencyMs.p50)} / ${ms(c1.latencyMs.p99)} (${c1.requestsPerSecond.toFixed(0)}/s)`,
        '',
      ],
      [
        '/predict errors + non-2xx',
        String(main50.errors + main50.non2xx + c10.errors + c10.non2xx + c1.errors + c1.non2xx),
        '0',
      ],
      [
        `bare Fastify route, ${CONNECTIONS} connections`,
        `${bare.requestsPerSecond.toFixed(0)}/s, p99 ${ms(bare.latencyMs.p99)}`,
        '',
      ],
      [`/batch_predict ${BATCH_ROWS} rows, JSON`, `${batch.json.ms.median.toFixed(0)} ms`, ''],
      [`/batch_predict ${BATCH_ROWS} rows, CSV`, `${batch.csv.ms.median.toFixed(0)} ms`, ''],
    ];
    const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
    for (const r of rows) console.log(r.map((c, j) => c.padEnd(widths[j])).join('  '));
    mkdirSync('artifacts/bench', { recursive: true });
    writeFileSync('artifacts/bench/serve.json', JSON.stringify(result, null, 2) + '\n');
    console.log('wrote artifacts/bench/serve.json');
  } finally {
    child.kill('SIGTERM');
    hello.kill('SIGTERM');
  }
}

await main();
