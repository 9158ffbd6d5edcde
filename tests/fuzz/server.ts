/**
 * The scoring server under malformed requests, the full run (`npm run fuzz:server [-- --cases 10000]
 * [--seed S] [--concurrency 8]`): a demo bundle served by `npm run serve` in a child process on
 * loopback, sent the requests of `server-requests.ts` as raw bytes. Every request must be answered 4xx
 * with a JSON message (valid rows with extreme values: 200 with a finite score or null, or 4xx; a
 * client that hangs up mid-body: no answer is due); no 5xx, and the server must still be alive and
 * healthy at the end, having logged no error. Prints the status histogram and the distinct messages,
 * writes artifacts/fuzz/server.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  writeBundle,
  type Dataset,
} from '../../src/engine/index';
import { readSeedFiles } from './csv-cases';
import { SEED_DIRS } from './csv';
import { sendRaw, type RawResponse } from './raw-http';
import { numberFlag, printTable, writeArtifact } from './report';
import { serverCase, type FuzzRequest, type ModelFields } from './server-requests';

/** The server's request timeout in this run, s: short, so that requests that never finish are answered soon. */
const REQUEST_TIMEOUT_S = 2;
/** Longest wait for an answer, ms (a request that never finishes waits for the request timeout). */
const ANSWER_MS = 20_000;

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The demo data the fuzz and soak bundles are trained on, and a bundle file for it. */
export async function demoBundleFile(
  detector = { type: 'iforest', params: { nEstimators: 50, seed: 1 } },
): Promise<{ path: string; train: Dataset }> {
  const train = generateClusterMetrics({ days: 3, instances: 4, seed: 42 });
  const { fitted } = await fitPipeline(train, defaultSpec(train.schema, detector));
  const path = join(mkdtempSync(join(tmpdir(), 'awb-fuzz-')), 'demo.awb');
  writeFileSync(path, await writeBundle(fitted, train, { createdAt: '2026-01-01T00:00:00.000Z' }));
  return { path, train };
}

/** The model's fields and a valid row (the first training row, time as ISO text). */
export function modelFields(train: Dataset): ModelFields {
  const s = train.schema;
  const row: Record<string, unknown> = {};
  for (const c of [s.time!, s.entity!, ...s.metrics]) {
    const v = (train.table.array(c) as ArrayLike<unknown>)[0];
    row[c] = c === s.time ? new Date(v as number).toISOString() : v;
  }
  return { time: s.time, entity: s.entity, metrics: s.metrics, row };
}

/** A running `npm run serve` child, its log lines at level error or above, and whether it exited. */
export interface ServerChild {
  child: ChildProcess;
  url: string;
  port: number;
  errorLogs: string[];
  /** Resolves when a log line matching `pattern` appears (lines already seen included). */
  waitForLog: (pattern: RegExp) => Promise<string>;
  exited: () => number | null;
  /** Sends `signal` (none: `null`) unless the child has exited, and resolves with its exit code. */
  stop: (signal?: NodeJS.Signals | null) => Promise<number | null>;
}

/** Starts `scripts/serve.mjs BUNDLE --port P` plus `args`, and waits until /health answers. */
export async function startServeChild(bundle: string, args: string[] = []): Promise<ServerChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['scripts/serve.mjs', bundle, '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errorLogs: string[] = [];
  const recent: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let pending = '';
  child.stdout!.on('data', (c: Buffer) => {
    pending += c.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      recent.push(line);
      if (recent.length > 1000) recent.shift();
      for (const w of waiters.splice(0)) {
        if (w.pattern.test(line)) w.resolve(line);
        else waiters.push(w);
      }
      try {
        if ((JSON.parse(line) as { level?: number }).level! >= 50) errorLogs.push(line.slice(0, 500));
      } catch {
        errorLogs.push(`not a log line: ${line.slice(0, 200)}`);
      }
    }
  });
  child.stderr!.on('data', (c: Buffer) => errorLogs.push(`stderr: ${c.toString('utf8').slice(0, 500)}`));
  let code: number | null = null;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (c, signal) => {
      code = c ?? (signal ? 128 : null);
      resolve(code);
    }),
  );
  for (let k = 0; ; k++) {
    if (code !== null) throw new Error(`serve exited with code ${code}: ${errorLogs.join('\n')}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (k > 600) {
      child.kill('SIGKILL');
      throw new Error('serve did not answer /health within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    port,
    errorLogs,
    waitForLog: (pattern) =>
      new Promise((resolve) => {
        const seen = recent.find((l) => pattern.test(l));
        if (seen) resolve(seen);
        else waiters.push({ pattern, resolve });
      }),
    exited: () => code,
    stop: async (signal: NodeJS.Signals | null = 'SIGTERM') => {
      if (code === null && signal) child.kill(signal);
      return exit;
    },
  };
}

/** How one answer fares against what the request's family must get. */
function judge(req: FuzzRequest, res: RawResponse): string | null {
  if (req.halfClose && res.status === null) return null; // the client hung up: no answer is due
  if (res.status === null)
    return res.timedOut
      ? 'no answer within 20 s'
      : `connection closed without an answer (${res.error ?? 'no error'})`;
  if (res.status >= 500) return `answered ${res.status}: ${res.body.slice(0, 200)}`;
  let json: { message?: unknown; score?: unknown; results?: { score: unknown }[] };
  try {
    json = JSON.parse(res.body) as typeof json;
  } catch {
    return `answered ${res.status} without a JSON body: ${res.body.slice(0, 100)}`;
  }
  if (res.status === 200 && req.family === 'extreme') {
    const score = json.score ?? json.results?.[0]?.score;
    return score === null || (typeof score === 'number' && Number.isFinite(score))
      ? null
      : `score ${String(score)}`;
  }
  if (res.status < 400) return `answered ${res.status} to a malformed request`;
  if (typeof json?.message !== 'string' || json.message === '')
    return `answered ${res.status} without a message`;
  return null;
}

/** A message with its particulars taken out, to count kinds of answers. */
function normalize(message: string): string {
  return message
    .replace(/^no route (\S+) .*$/, 'no route $1 PATH')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\([^()]*\)/g, '(…)')
    .replace(/\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, 'N')
    .replace(/(body(?:\.rows)?)(?:\[N\])?(?:\.[\w…'"]+)+/g, '$1.FIELD')
    .slice(0, 120);
}

/** `npm run fuzz:server`: true when every request was answered as it must be and the server survived. */
export async function main(args: string[]): Promise<boolean> {
  const seed = numberFlag(args, 'seed', 20261122);
  const cases = numberFlag(args, 'cases', 10_000);
  const concurrency = numberFlag(args, 'concurrency', 8);
  const t0 = performance.now();
  const { path, train } = await demoBundleFile();
  const model = modelFields(train);
  const files = readSeedFiles(SEED_DIRS.filter((d) => existsSync(d)));
  const server = await startServeChild(path, [
    '--log-level',
    'warn',
    '--request-timeout',
    String(REQUEST_TIMEOUT_S),
  ]);
  const statuses = new Map<string, number>();
  const messages = new Map<string, { count: number; example: string }>();
  const families = new Map<string, Map<string, number>>();
  const failures: string[] = [];
  let failed = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < cases; i = next++) {
      const req = serverCase(seed, i, model, files);
      const res = await sendRaw(server.port, req.bytes, {
        halfClose: req.halfClose,
        headFirst: req.headFirst,
        timeoutMs: ANSWER_MS,
      });
      const status =
        res.status === null ? (req.halfClose ? 'none (client hung up)' : 'none') : String(res.status);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const fam = families.get(req.family) ?? new Map<string, number>();
      fam.set(status, (fam.get(status) ?? 0) + 1);
      families.set(req.family, fam);
      try {
        const message = (JSON.parse(res.body) as { message?: string }).message;
        if (typeof message === 'string') {
          const key = normalize(message);
          const m = messages.get(key) ?? { count: 0, example: message.slice(0, 160) };
          m.count++;
          messages.set(key, m);
        }
      } catch {
        // judged below
      }
      const problem = judge(req, res);
      if (problem) {
        failed++;
        if (failures.length < 30) failures.push(`case ${i} [${req.family}] ${req.name}: ${problem}`);
      }
      if (++done % 1000 === 0) process.stderr.write(`  server: ${done}/${cases}\n`);
    }
  };
  let alive: boolean;
  let healthAfter: number;
  let metricsText: string;
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    const health = await fetch(`${server.url}/health`);
    healthAfter = health.status;
    metricsText = await (await fetch(`${server.url}/metrics`)).text();
    alive = server.exited() === null;
  } finally {
    await server.stop();
  }
  const server5xx = [
    ...metricsText.matchAll(/awb_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\d+)/g),
  ].reduce((s, m) => s + Number(m[1]), 0);
  const clientErrors = Object.fromEntries(
    [...metricsText.matchAll(/awb_http_client_errors_total\{code="([^"]+)"\} (\d+)/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
  const seconds = (performance.now() - t0) / 1000;
  const histogram = [...statuses].sort((a, b) => a[0].localeCompare(b[0]));
  const kinds = [...messages].map(([message, v]) => ({ message, ...v })).sort((a, b) => b.count - a.count);

  console.log(
    `\nScoring server under ${cases} malformed requests, seed ${seed}, concurrency ${concurrency}, ${seconds.toFixed(0)} s`,
  );
  printTable([['status', 'requests'], ...histogram.map(([s, n]) => [s, String(n)])]);
  console.log('\nby family');
  printTable([
    ['family', 'answers'],
    ...[...families].map(([f, m]) => [f, [...m].map(([s, n]) => `${s}: ${n}`).join(', ')]),
  ]);
  console.log(`\n${kinds.length} distinct messages (normalised), most frequent:`);
  printTable([['count', 'message'], ...kinds.slice(0, 25).map((k) => [String(k.count), k.message])]);
  printTable([
    ['check', 'value'],
    ['requests answered as they must be', `${cases - failed} of ${cases}`],
    ['5xx answers (client / server /metrics)', `${statuses.get('500') ?? 0} / ${server5xx}`],
    ['server alive at the end', String(alive)],
    ['GET /health at the end', String(healthAfter)],
    ['error log lines', String(server.errorLogs.length)],
    ['refused before routing, by code', JSON.stringify(clientErrors)],
  ]);
  for (const f of failures) console.log(`FAIL ${f}`);
  for (const l of server.errorLogs.slice(0, 10)) console.log(`ERROR LOG ${l}`);
  writeArtifact('server', {
    seed,
    cases,
    concurrency,
    seconds,
    statuses: Object.fromEntries(histogram),
    families: Object.fromEntries([...families].map(([f, m]) => [f, Object.fromEntries(m)])),
    distinctMessages: kinds.length,
    messages: kinds,
    failed,
    failures,
    server5xx,
    clientErrors,
    alive,
    healthAfter,
    errorLogs: server.errorLogs.slice(0, 50),
  });
  return failed === 0 && server5xx === 0 && alive && healthAfter === 200 && server.errorLogs.length === 0;
}
