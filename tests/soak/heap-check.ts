/**
 * Leak check (`npm run soak:heap [-- --requests 600000]`): the soak's traffic (2,000 regular entities,
 * one request in ten from a fresh attacker id, cap 10,000) through `buildServer` in this process with
 * `inject`, the heap measured after a forced garbage collection every 50,000 requests. RSS in the soak
 * moves with the collector; the heap after a full collection shows whether anything is kept. Passes
 * when the last measure is within 10% of the first one taken after the entity map filled.
 */
import { readFileSync } from 'node:fs';
import { generateClusterMetrics } from '../../src/engine/index';
import { buildServer } from '../../src/node/server/app';
import { loadModel } from '../../src/node/server/model';
import { numberFlag, printTable, writeArtifact } from '../fuzz/report';
import { demoBundleFile } from '../fuzz/server';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc (npm run soak:heap does)');
  process.exit(2);
}
const requests = numberFlag(process.argv.slice(2), 'requests', 600_000);
const { path, train } = await demoBundleFile();
const app = await buildServer(await loadModel(readFileSync(path, 'utf8'), 'demo.awb'), {
  logger: false,
  maxEntities: 10_000,
});
const s = train.schema;
const src = generateClusterMetrics({ days: 2, instances: 8, seed: 7 });
const arrays = s.metrics.map((m) => src.table.array(m) as ArrayLike<number>);
const start = Date.parse('2030-01-01T00:00:00Z');
let regular = 0;
let attacks = 0;
const samples: { requests: number; heapMB: number; rssMB: number; entities: number }[] = [];
let filledAt = -1;
for (let k = 0; k <= requests; k++) {
  if (k % 50_000 === 0) {
    gc();
    const m = process.memoryUsage();
    const entities = Number(
      /^awb_stream_entities (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1],
    );
    samples.push({ requests: k, heapMB: m.heapUsed / 1024 ** 2, rssMB: m.rss / 1024 ** 2, entities });
    if (filledAt < 0 && entities >= 10_000) filledAt = samples.length - 1;
  }
  if (k === requests) break;
  const round = Math.floor(regular / 2000);
  const entity = k % 10 === 9 ? `evil-${attacks++}` : `host-${regular++ % 2000}`;
  const row: Record<string, unknown> = {
    [s.time!]: new Date(start + round * 300_000).toISOString(),
    [s.entity!]: entity,
  };
  s.metrics.forEach((m, j) => (row[m] = arrays[j][k % arrays[j].length]));
  const res = await app.inject({ method: 'POST', url: '/predict', payload: row });
  if (res.statusCode !== 200) throw new Error(`request ${k}: ${res.statusCode} ${res.body}`);
}
await app.close();
const base = samples[Math.max(0, filledAt)];
const last = samples[samples.length - 1];
const growth = (last.heapMB - base.heapMB) / base.heapMB;
console.log(
  `\nHeap after a forced collection, every 50,000 /predict requests (${requests} in all, cap 10,000)`,
);
printTable([
  ['requests', 'heap MB', 'RSS MB', 'entities'],
  ...samples.map((p) => [String(p.requests), p.heapMB.toFixed(1), p.rssMB.toFixed(0), String(p.entities)]),
]);
console.log(
  `heap growth from the entity map filling (${base.requests} requests) to the end: ${(growth * 100).toFixed(1)}% (goal < 10%)`,
);
writeArtifact('heap-check', { requests, samples, growth, passed: growth < 0.1 }, 'artifacts/soak');
process.exit(growth < 0.1 ? 0 : 1);
