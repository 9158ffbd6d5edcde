import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  loadAny,
  parsePrepConfig,
  readBundle,
  scorePipeline,
  specFromPrep,
  writeBundle,
} from '../../../src/engine/index';
import { score as cliScore } from '../../../src/node/commands';
import { demo, demoBundle, demoTest, rowObjects, serverFor } from './fixtures';

const FILE = join(__dirname, '../../../data/nab-aws/ec2_cpu_utilization_24ae8d.csv');
const dir = mkdtempSync(join(tmpdir(), 'awb-serve-parity-'));
const bundlePath = join(dir, 'nab.awb');
let app: FastifyInstance;
let text: string;

beforeAll(async () => {
  // As `cli train FILE` does: the file's inferred schema, the default spec, every row.
  const ds = loadAny(readFileSync(FILE), 'ec2_cpu_utilization_24ae8d.csv');
  const { fitted } = await fitPipeline(ds, defaultSpec(ds.schema, { type: 'iforest', params: { seed: 1 } }));
  text = await writeBundle(fitted, ds);
  writeFileSync(bundlePath, text);
  app = await serverFor(text);
});
afterAll(async () => app.close());

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('parity on a real file (NAB ec2_cpu_utilization_24ae8d.csv, rolling features + Isolation Forest)', () => {
  it('/batch_predict (CSV and JSON) == cli score == scorePipeline, to 1e-9', async () => {
    const csv = readFileSync(FILE, 'utf8');
    const res = await app.inject({
      method: 'POST',
      url: '/batch_predict',
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    const served = res.json().results as { score: number; alert: boolean }[];
    let printed = '';
    await cliScore(
      [bundlePath, FILE],
      (s) => (printed += s),
      () => {},
    );
    const lines = printed
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const cli = lines.map((c) => Number(c[1]));
    expect(served.length).toBe(cli.length);
    expect(
      maxDiff(
        served.map((r) => r.score),
        cli,
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(served.map((r) => (r.alert ? '1' : '0'))).toEqual(lines.map((c) => c[2]));
    const body = await readBundle(text);
    const engine = scorePipeline(
      body.pipeline,
      loadAny(csv, 'x.csv', { time: 'timestamp', entity: '', label: '', metrics: ['value'] }),
    );
    expect(
      maxDiff(
        served.map((r) => r.score),
        engine.scores,
      ),
    ).toBeLessThanOrEqual(1e-9);
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [timestamp, value] = l.split(',');
        return { timestamp, value: Number(value) };
      });
    const json = (await app.inject({ method: 'POST', url: '/batch_predict', payload: { rows } })).json();
    expect(
      maxDiff(
        json.results.map((r: { score: number }) => r.score),
        cli,
      ),
    ).toBeLessThanOrEqual(1e-9);
  });

  it('/predict row by row == the batch, to 1e-9', async () => {
    const csv = readFileSync(FILE, 'utf8').trim().split('\n').slice(1, 1501);
    const batch = (
      await app.inject({
        method: 'POST',
        url: '/batch_predict',
        payload: 'timestamp,value\n' + csv.join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      })
    ).json().results as { score: number; alert: boolean }[];
    const streamed: number[] = [];
    const alerts: boolean[] = [];
    for (const line of csv) {
      const [timestamp, value] = line.split(',');
      const r = (
        await app.inject({ method: 'POST', url: '/predict', payload: { timestamp, value: Number(value) } })
      ).json();
      streamed.push(r.score);
      alerts.push(r.alert);
    }
    expect(
      maxDiff(
        streamed,
        batch.map((r) => r.score),
      ),
    ).toBeLessThanOrEqual(1e-9);
    expect(alerts).toEqual(batch.map((r) => r.alert));
  });
});

describe('parity on the demo cluster, entities interleaved as a live stream would send them', () => {
  for (const [name, make] of [
    ['raw features + Isolation Forest', () => demoBundle()],
    [
      'feature families + Isolation Forest',
      () =>
        demoBundle(
          (f) => f,
          specFromPrep(
            demo.schema,
            ['cpu_pct', 'latency_ms'],
            parsePrepConfig({ features: { windows: [6, 24] } }),
            {
              type: 'iforest',
              params: { nEstimators: 30, seed: 2 },
            },
          ),
        ),
    ],
    [
      'robust z-score',
      () => demoBundle((f) => f, defaultSpec(demo.schema, { type: 'robust-z', params: { window: 36 } })),
    ],
  ] as const) {
    it(`${name}: /predict row by row == /batch_predict`, async () => {
      const text = await make();
      const server = await serverFor(text);
      const { pipeline } = await readBundle(text);
      const fields = ['timestamp', 'instance', ...pipeline.spec.metrics];
      const rows = rowObjects(demoTest).map((r) => Object.fromEntries(fields.map((f) => [f, r[f]])));
      const batch = (await server.inject({ method: 'POST', url: '/batch_predict', payload: { rows } })).json()
        .results;
      const order = rows
        .map((r, i) => ({ r, i }))
        .sort((a, b) => Date.parse(String(a.r.timestamp)) - Date.parse(String(b.r.timestamp)) || a.i - b.i);
      const streamed = new Array<number>(rows.length);
      for (const { r, i } of order) {
        streamed[i] = (await server.inject({ method: 'POST', url: '/predict', payload: r })).json().score;
      }
      expect(
        maxDiff(
          streamed,
          batch.map((b: { score: number }) => b.score),
        ),
      ).toBeLessThanOrEqual(1e-9);
      await server.close();
    });
  }
});

describe('parity without time or entity columns (ASD omi-1: 19 metrics)', () => {
  it('/predict row by row == /batch_predict (CSV) == scorePipeline', async () => {
    const dataDir = join(__dirname, '../../../data/asd');
    const lines = readFileSync(join(dataDir, 'omi-1_train.csv'), 'utf8').trim().split('\n');
    const train = loadAny(lines.slice(0, 1501).join('\n') + '\n', 'omi-1_train.csv');
    expect(train.schema.time).toBeUndefined();
    const { fitted } = await fitPipeline(
      train,
      defaultSpec(train.schema, { type: 'iforest', params: { seed: 3 } }),
    );
    const server = await serverFor(await writeBundle(fitted, train));
    const test = readFileSync(join(dataDir, 'omi-1_test.csv'), 'utf8').trim().split('\n').slice(0, 301);
    const res = await server.inject({
      method: 'POST',
      url: '/batch_predict',
      payload: test.join('\n') + '\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(200);
    const batch = res.json().results.map((r: { score: number }) => r.score) as number[];
    const header = test[0].split(',');
    const engine = scorePipeline(fitted, loadAny(test.join('\n') + '\n', 'x.csv', { label: 'label' }));
    expect(maxDiff(batch, engine.scores)).toBeLessThanOrEqual(1e-9);
    const streamed: number[] = [];
    for (const line of test.slice(1)) {
      const cells = line.split(',');
      const row = Object.fromEntries(
        header.map((h, j) => [h, Number(cells[j])] as const).filter(([h]) => h !== 'label'),
      );
      streamed.push((await server.inject({ method: 'POST', url: '/predict', payload: row })).json().score);
    }
    expect(maxDiff(streamed, batch)).toBeLessThanOrEqual(1e-9);
    await server.close();
  });
});
