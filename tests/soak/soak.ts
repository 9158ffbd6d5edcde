/**
 * Soak (`npm run soak [-- --minutes 10 --rate 1000 --max-entities 10000]`): POST /predict at a steady
 * rate (paced evenly, `paced-client.ts`) on loopback against `npm run serve` in a child process, for minutes, with rows of many regular
 * entities (in time order per entity) and an attacker inventing a fresh entity id for one request in
 * ten. Per minute: requests, errors, latency p50/p99, the server's RSS, its entity count and evictions.
 * Passes when no request failed, RSS (its highest 2 s sample per minute) grew less than 10% from the
 * first minute to the last, and the entity count sits at the cap. The warm-up runs until the attacker
 * has filled the entity map, and one minute more. Writes artifacts/soak/soak.json.
 */
import { readFileSync } from 'node:fs';
import { generateClusterMetrics } from '../../src/engine/index';
import { flag, numberFlag, printTable, writeArtifact } from '../fuzz/report';
import { demoBundleFile, startServeChild, type ServerChild } from '../fuzz/server';
import { pacedRun } from './paced-client';

/** Regular entities, each sending its rows in time order. */
const ENTITIES = 2000;
/** One request in ATTACKER_EVERY comes from an attacker with a fresh entity id. */
const ATTACKER_EVERY = 10;
const STEP_MS = 300_000;
const WARMUP_SECONDS = 20;

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** The child's resident memory, bytes (Linux /proc). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Cumulative /predict counts per latency bucket bound (seconds) from the server's own histogram. */
async function predictBuckets(server: ServerChild): Promise<Map<number, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out = new Map<number, number>();
  const re = /awb_http_request_duration_seconds_bucket\{le="([^"]+)",route="\/predict"\} (\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  return out;
}

/** The smallest bucket bound (ms) holding a share `q` of the requests between two scrapes. */
function bucketQuantile(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const b of bounds) {
    if ((after.get(b) ?? 0) - (before.get(b) ?? 0) >= q * total) return b * 1000;
  }
  return Infinity;
}

/** A figure from the server's /metrics. */
async function metric(server: ServerChild, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

async function main(args: string[]): Promise<boolean> {
  const minutes = numberFlag(args, 'minutes', 10);
  const rate = numberFlag(args, 'rate', 1000);
  const maxEntities = numberFlag(args, 'max-entities', 10_000);
  const secondsPerRun = flag(args, 'short') ? 15 : 60;
  const { path, train } = await demoBundleFile();
  const server = await startServeChild(path, ['--log-level', 'warn', '--max-entities', String(maxEntities)]);
  const pid = server.child.pid!;
  const source = generateClusterMetrics({ days: 2, instances: 8, seed: 7 });
  const s = train.schema;
  const metricArrays = s.metrics.map((m) => source.table.array(m) as ArrayLike<number>);
  const rows = source.table.numRows();
  const metricParts = Array.from({ length: rows }, (_, i) =>
    s.metrics.map((m, j) => `${JSON.stringify(m)}:${JSON.stringify(metricArrays[j][i])}`).join(','),
  );
  const start = Date.parse('2030-01-01T00:00:00Z');
  let seq = 0;
  let regular = 0;
  let attacks = 0;
  const body = (): string => {
    const k = seq++;
    const round = Math.floor(regular / ENTITIES);
    const iso = new Date(start + round * STEP_MS).toISOString();
    const entity =
      k % ATTACKER_EVERY === ATTACKER_EVERY - 1 ? `evil-${attacks++}` : `host-${regular++ % ENTITIES}`;
    return `{"${s.time}":"${iso}","${s.entity}":"${entity}",${metricParts[k % rows]}}`;
  };
  const fire = (seconds: number) =>
    pacedRun({ url: server.url, path: '/predict', rate, seconds, body, maxInFlight: 5 * rate });

  const perMinute: Record<string, number | string>[] = [];
  const rssBoot = rssOf(pid);
  // RSS goes up and down with garbage collection: it is sampled every 2 s, and minutes are compared
  // by their highest sample.
  let rssHigh = 0;
  let rssLow = Infinity;
  const sampler = setInterval(() => {
    const v = rssOf(pid);
    rssHigh = Math.max(rssHigh, v);
    rssLow = Math.min(rssLow, v);
  }, 2000);
  let ok: boolean;
  try {
    // Warm up until the attacker has filled the entity map to its cap, then one minute more: from
    // there on, memory should stay flat.
    const cap = await metric(server, 'awb_stream_entities_max');
    let warmSeconds = 0;
    let warmFailed = 0;
    let warmSent = 0;
    while ((await metric(server, 'awb_stream_entities')) < cap || warmSeconds < WARMUP_SECONDS) {
      const w = await fire(10);
      warmSeconds += 10;
      warmSent += w.sent;
      warmFailed += w.sent - w.ok + w.skipped;
      if (warmSeconds > 3600) throw new Error('the entity map did not fill in an hour of warm-up');
    }
    const w = await fire(secondsPerRun);
    warmSeconds += secondsPerRun;
    warmSent += w.sent;
    warmFailed += w.sent - w.ok + w.skipped;
    process.stderr.write(`  soak: warm-up ${warmSeconds} s at ${rate}/s, entity map at its cap of ${cap}\n`);
    const warm = { seconds: warmSeconds, requests: warmSent, failed: warmFailed };
    const rssStart = rssOf(pid);
    for (let m = 1; m <= minutes; m++) {
      const before = await predictBuckets(server);
      rssHigh = 0;
      rssLow = Infinity;
      const r = await fire(secondsPerRun);
      const after = await predictBuckets(server);
      // Failed: an error or an answer other than 200. Not sent: the client held back because 5 s of
      // requests were already waiting (the server, or the machine, falling behind).
      const failed = r.sent - r.ok;
      perMinute.push({
        minute: m,
        requests: r.sent,
        perSecond: Math.round(r.perSecond),
        failed,
        notSent: r.skipped,
        p50Ms: round2(r.latencyMs.p50),
        p99Ms: round2(r.latencyMs.p99),
        maxMs: round2(r.latencyMs.max),
        serverP99Ms: bucketQuantile(before, after, 0.99),
        rssMB: `${Math.round(rssLow / 1024 ** 2)}-${Math.round(rssHigh / 1024 ** 2)}`,
        rssHighMB: Math.round(rssHigh / 1024 ** 2),
        heapMB: Math.round((await metric(server, 'awb_nodejs_heap_size_used_bytes')) / 1024 ** 2),
        // The server's longest event-loop stall since the last scrape: tells a stall of the server
        // (garbage collection, a starved process) from one of the client.
        loopLagMaxMs: round2((await metric(server, 'awb_nodejs_eventloop_lag_max_seconds')) * 1000),
        entities: await metric(server, 'awb_stream_entities'),
        evictions: await metric(server, 'awb_stream_evictions_total'),
      });
      process.stderr.write(`  soak: minute ${m}/${minutes}: ${JSON.stringify(perMinute[m - 1])}\n`);
    }
    const rssEnd = rssOf(pid);
    const total = perMinute.reduce((a, p) => a + Number(p.requests), 0);
    const failed = perMinute.reduce((a, p) => a + Number(p.failed), 0);
    const notSent = perMinute.reduce((a, p) => a + Number(p.notSent), 0);
    const firstHigh = Number(perMinute[0].rssHighMB);
    const growth = (Number(perMinute[perMinute.length - 1].rssHighMB) - firstHigh) / firstHigh;
    const entities = await metric(server, 'awb_stream_entities');
    const alive = server.exited() === null;
    ok =
      failed === 0 &&
      notSent === 0 &&
      growth < 0.1 &&
      entities === cap &&
      alive &&
      server.errorLogs.length === 0;
    const summary = {
      minutes,
      secondsPerRun,
      rate,
      entities: {
        regular: ENTITIES,
        attackerShare: 1 / ATTACKER_EVERY,
        attackerIds: attacks,
        cap,
        atEnd: entities,
      },
      requests: total,
      failed,
      notSent,
      errorRate: total ? failed / total : 0,
      warmUp: warm,
      rssMB: { boot: rssBoot / 1024 ** 2, start: rssStart / 1024 ** 2, end: rssEnd / 1024 ** 2 },
      rssGrowth: growth,
      rssGrowthMeans: "the last minute's highest RSS sample against the first minute's (sampled every 2 s)",
      alive,
      errorLogs: server.errorLogs.slice(0, 20),
      perMinute,
      passed: ok,
    };
    console.log(
      `\nSoak: ${minutes} x ${secondsPerRun} s at ${rate} requests/s, ${ENTITIES} regular entities, 1 request in ${ATTACKER_EVERY} from a fresh attacker id, cap ${cap}`,
    );
    printTable([
      [
        'minute',
        'requests',
        'per s',
        'failed',
        'not sent',
        'p50 ms',
        'p99 ms',
        'max ms',
        'server p99 <= ms',
        'RSS MB low-high',
        'heap MB',
        'server loop lag max ms',
        'entities',
        'evictions',
      ],
      ...perMinute.map((p) =>
        [
          'minute',
          'requests',
          'perSecond',
          'failed',
          'notSent',
          'p50Ms',
          'p99Ms',
          'maxMs',
          'serverP99Ms',
          'rssMB',
          'heapMB',
          'loopLagMaxMs',
          'entities',
          'evictions',
        ].map((k) => String(p[k])),
      ),
    ]);
    printTable([
      ['measure', 'value'],
      ['requests / failed', `${total} / ${failed} (error rate ${(summary.errorRate * 100).toFixed(3)}%)`],
      ['not sent (client backlog over 5 s)', String(notSent)],
      [
        'RSS boot / after warm-up / end',
        `${summary.rssMB.boot.toFixed(0)} / ${summary.rssMB.start.toFixed(0)} / ${summary.rssMB.end.toFixed(0)} MB`,
      ],
      ['RSS growth, highest sample, first to last minute (goal < 10%)', `${(growth * 100).toFixed(1)}%`],
      ['entities at the end / cap', `${entities} / ${cap}`],
      ['attacker ids sent', String(attacks)],
      ['server alive, error log lines', `${alive}, ${server.errorLogs.length}`],
      ['passed', String(ok)],
    ]);
    writeArtifact('soak', summary, 'artifacts/soak');
  } finally {
    clearInterval(sampler);
    await server.stop();
  }
  return ok;
}

process.exit((await main(process.argv.slice(2))) ? 0 : 1);
