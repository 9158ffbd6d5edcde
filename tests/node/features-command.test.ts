import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeFeatures,
  defaultFeatureConfig,
  entityGroups,
  loadCsv,
  metricColumn,
  parseCsv,
  planFeatures,
  readBundle,
  columnValues,
} from '../../src/engine/index';
import { runCli, type CliResult } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'awb-features-'));

async function cli(...args: string[]): Promise<CliResult> {
  const threads = args.includes('--threads') ? '2' : '1';
  return runCli(
    args.filter((a) => a !== '--threads'),
    { AWB_WRITE_THREADS: threads },
  );
}

describe('cli features', () => {
  const data = join(dir, 'demo.csv');

  it('writes time, instance and label, then every feature of the default configuration, in full precision', async () => {
    expect(
      (await cli('generate', '--out', data, '--days', '2', '--instances', '2', '--seed', '3')).code,
    ).toBe(0);
    const out = join(dir, 'f.csv');
    const r = await cli('features', data, '--out', out, '--metrics', 'cpu_pct,mem_pct,latency_ms');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*f\.csv: 1,152 rows x 425 features from 3 metrics/);
    const parsed = parseCsv(readFileSync(out, 'utf8'), 'f.csv');
    expect(parsed.header.slice(0, 4)).toEqual(['timestamp', 'instance', 'label', 'cpu_pct__value__x']);
    expect(parsed.header).toHaveLength(3 + 425);
    expect(parsed.rows).toBe(1152);
    // The same numbers as the engine computes in memory, read back exactly.
    const ds = loadCsv(readFileSync(data, 'utf8'), 'demo.csv', {
      metrics: ['cpu_pct', 'mem_pct', 'latency_ms'],
    });
    const plan = planFeatures(defaultFeatureConfig(), ds.schema.metrics, 300_000);
    const cols = computeFeatures(plan, {
      metrics: ds.schema.metrics.map((m) => metricColumn(ds, m)),
      times: columnValues(ds.table, 'timestamp') as ArrayLike<number>,
      groups: entityGroups(ds),
    });
    for (const k of [0, 50, 200, 424]) {
      const written = parsed.columns[3 + k] as Float64Array;
      for (const i of [0, 1, 287, 600, 1151]) expect(written[i]).toBe(cols[k][i]);
    }
  });

  it('writes the same file on two threads as on one', async () => {
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    expect((await cli('features', data, '--out', one)).stderr).toMatch(/on one thread/);
    expect((await cli('features', data, '--out', two, '--threads')).stderr).toMatch(/on two threads/);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
  });

  it('takes a configuration as JSON text or a file, and names the field of a bad one', async () => {
    const out = join(dir, 'small.csv');
    const cfg = join(dir, 'cfg.json');
    writeFileSync(
      cfg,
      JSON.stringify({ features: { windows: [12], families: { rolling: { stats: ['mean'] } } } }),
    );
    const a = await cli('features', data, '--out', out, '--config', cfg, '--metrics', 'cpu_pct');
    expect(a.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toContain('cpu_pct__rolling__mean_w12');
    const bad = await cli('features', data, '--out', out, '--config', '{"features":{"windows":[0]}}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--config: preparation config: features\.windows: 0 is not an integer between 1 and 10000/,
    );
    const unknown = await cli(
      'features',
      data,
      '--out',
      out,
      '--config',
      '{"cleaning":{"missing":{"method":"mean"}}}',
    );
    expect(unknown.stderr).toMatch(/cleaning\.missing\.method: must be one of/);
  });

  it('train --config puts the preparation in the bundle, and score reproduces it', async () => {
    const bundle = join(dir, 'prep.awb');
    const config = JSON.stringify({
      cleaning: { outliers: { method: 'clip-iqr', k: 3 } },
      features: { windows: [6, 24] },
      selection: { correlation: { threshold: 0.9 } },
      scaler: 'robust',
    });
    const t = await cli(
      'train',
      data,
      '--out',
      bundle,
      '--config',
      config,
      '--metrics',
      'cpu_pct,mem_pct',
      '--seed',
      '1',
    );
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/split \d+\/\d+\/\d+ rows/);
    const body = await readBundle(readFileSync(bundle, 'utf8'), 'prep.awb');
    expect(body.pipeline.spec.cleaning?.outliers.method).toBe('clip-iqr');
    expect(typeof body.pipeline.spec.features).toBe('object');
    expect(body.pipeline.clip).toHaveLength(2);
    expect(body.pipeline.selection?.dropped.length).toBeGreaterThan(0);
    expect(body.pipeline.featureNames).toEqual(body.pipeline.selection?.kept);
    const scores = join(dir, 'prep-scores.csv');
    expect((await cli('score', bundle, data, '--out', scores)).code).toBe(0);
    expect(readFileSync(scores, 'utf8').trim().split('\n')).toHaveLength(1153);
  });
});
