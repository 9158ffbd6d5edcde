import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectorFactory, detectorTypes } from '../../src/engine/detectors/index';
import { runCli, type CliResult } from './run-cli';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'awb-cli-'));

async function cli(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

describe('cli', () => {
  it('trains and scores with every registered detector; --seed is noted where it changes nothing', async () => {
    const data = join(dir, 'zoo.csv');
    expect(
      (await cli('generate', '--out', data, '--days', '2', '--instances', '1', '--seed', '3')).code,
    ).toBe(0);
    // Two detectors at a time (separate processes): the LSTM and the ensemble take seconds each.
    const types = detectorTypes();
    const trainAndScore = async (type: string): Promise<void> => {
      const bundle = join(dir, `${type}.awb`);
      const t = await cli('train', data, '--model', type, '--seed', '1', '--out', bundle);
      expect(t.code, `${type}: ${t.stderr}`).toBe(0);
      const seeded = detectorFactory(type).params.some((p) => p.name === 'seed');
      expect(t.stdout.includes('--seed has no effect'), type).toBe(!seeded);
      const scores = join(dir, `${type}.csv`);
      const s = await cli('score', bundle, data, '--out', scores);
      expect(s.code, `${type}: ${s.stderr}`).toBe(0);
      expect(readFileSync(scores, 'utf8').trim().split('\n').length, type).toBe(2 * 288 + 1);
    };
    const lanes = [0, 1].map(async (lane) => {
      for (let k = lane; k < types.length; k += 2) await trainAndScore(types[k]);
    });
    await Promise.all(lanes);
  }, 120_000);

  it('generate -> train -> score -> evaluate on the demo data', async () => {
    const data = join(dir, 'demo.csv');
    expect(
      (await cli('generate', '--out', data, '--days', '3', '--instances', '2', '--seed', '7')).code,
    ).toBe(0);
    const rows = readFileSync(data, 'utf8').trim().split('\n');
    expect(rows.length).toBe(3 * 288 * 2 + 1);
    expect(rows[0].split(',')).toContain('label');
    const bundle = join(dir, 'm.awb');
    expect((await cli('train', data, '--out', bundle, '--seed', '1')).code).toBe(0);
    const scores = join(dir, 's.csv');
    expect((await cli('score', bundle, data, '--out', scores)).code).toBe(0);
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,score,alert,timestamp,instance');
    expect(lines.length).toBe(rows.length);
    const e = await cli('evaluate', scores, '--truth', data, '--json');
    const json = JSON.parse(e.stdout) as Record<string, number>;
    for (const k of ['roc_auc', 'pr_auc', 'precision', 'recall', 'f1', 'fpr', 'n', 'positives']) {
      expect(typeof json[k]).toBe('number');
    }
    expect(json.n).toBe(rows.length - 1);
    expect(json.roc_auc).toBeGreaterThan(0.6);
    // The time-series view, with times and entities: events, range P/R, top K, VUS-PR and NAB.
    const series = JSON.parse(e.stdout) as {
      event: {
        recall: number;
        precision: number;
        events: number;
        latency: { median: number | null; max: number | null };
      };
      range: { precision: number; recall: number };
      at_k: { k: number; precision: number };
      vus_pr: number;
      nab: Record<'standard' | 'reward_low_fp' | 'reward_low_fn', number | null>;
    };
    expect(series.event.events).toBeGreaterThan(0);
    expect(series.event.recall).toBeGreaterThanOrEqual(0);
    expect(series.event.latency.max ?? 0).toBeGreaterThanOrEqual(series.event.latency.median ?? 0);
    expect(series.at_k.k).toBe(json.positives);
    expect(series.vus_pr).toBeGreaterThan(0);
    expect(series.vus_pr).toBeLessThanOrEqual(1);
    for (const p of ['standard', 'reward_low_fp', 'reward_low_fn'] as const)
      expect(typeof series.nab[p]).toBe('number');
    // A low-FP profile never scores a detector above the standard profile does when it raises false alarms.
    expect(series.nab.reward_low_fp as number).toBeLessThanOrEqual(series.nab.standard as number);
    const text = await cli('evaluate', scores, '--truth', data);
    expect(text.stdout).toMatch(/NAB {7}standard -?\d/);
  });

  it('trains on a NAB series with label windows and scores it', async () => {
    const file = 'data/nab-aws/ec2_cpu_utilization_825cc2.csv';
    const bundle = join(dir, 'nab.awb');
    const t = await cli('train', file, '--windows', 'data/nab-aws/label_windows.json', '--out', bundle);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/5 features/);
    const p = await cli('profile', file, '--windows', 'data/nab-aws/label_windows.json', '--json');
    expect(JSON.parse(p.stdout).schema.label).toBe('label');
  });

  it('exits 2 with the line named for a ragged CSV, and 2 for usage errors', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,cpu\n2024-01-01T00:00:00Z,1\n2024-01-01T00:05:00Z,abc,7\n');
    const r = await cli('profile', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv.*line 3/);
    const t = await cli('train', bad);
    expect(t.stderr).toMatch(/--out BUNDLE is required/);
    expect(t.code).toBe(2);
    expect((await cli('frobnicate')).stderr).toMatch(/unknown command/);
    expect((await cli('score', join(dir, 'missing.awb'), bad)).stderr).toMatch(
      /missing\.awb: cannot read file/,
    );
  });

  it("scores with the bundle's column roles, not ones guessed from the new file", async () => {
    const file = 'data/nab-aws/ec2_cpu_utilization_825cc2.csv';
    const bundle = join(dir, 'roles.awb');
    expect((await cli('train', file, '--out', bundle)).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const withHost = join(dir, 'host.csv');
    writeFileSync(
      withHost,
      [lines[0] + ',host', ...lines.slice(1).map((l, i) => `${l},h${i % 3}`)].join('\n'),
    );
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    expect((await cli('score', bundle, file, '--out', a)).code).toBe(0);
    expect((await cli('score', bundle, withHost, '--out', b)).code).toBe(0);
    const col = (p: string) =>
      readFileSync(p, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(',')[1]);
    expect(col(b)).toEqual(col(a));
  });

  it('names the file, line and column of a bad scores file, and the windows file of a bad key', async () => {
    const truth = join(dir, 't.csv');
    writeFileSync(truth, 'value,label\n1,0\n2,1\n3,0\n');
    const scores = join(dir, 'bad-scores.csv');
    writeFileSync(scores, 'row,score,alert\n0,0.1,0\n1,,1\n2,0.3,0\n');
    const r = await cli('evaluate', scores, '--truth', truth);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-scores\.csv, line 3, column 'score'/);
    const windows = join(dir, 'w.json');
    writeFileSync(windows, '{"other.csv": []}');
    const w = await cli('profile', 'data/nab-aws/ec2_cpu_utilization_825cc2.csv', '--windows', windows);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/w\.json/);
  });

  it('refuses an unknown option and a fractional seed', async () => {
    const u = await cli('profile', 'data/nab-aws/ec2_cpu_utilization_825cc2.csv', '--jsn');
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/unknown option --jsn/);
    const s = await cli('generate', '--out', join(dir, 'x.csv'), '--seed', '1.5');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/not an integer/);
  });

  it('refuses a file over 512 MiB with a clear message instead of running out of memory', async () => {
    const huge = join(dir, 'huge.csv');
    // A sparse file: 600 MiB on paper, no disk used.
    writeFileSync(huge, '');
    truncateSync(huge, 600 * 1024 * 1024);
    const r = await cli('profile', huge);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.csv: the file is 600 MiB; the workbench reads files up to 512 MiB/);
  });

  it('npm run cli (the esbuild bundle, rebuilt when sources change) answers as the sources do', async () => {
    const file = 'data/nab-aws/ec2_cpu_utilization_825cc2.csv';
    const viaSources = await run(process.execPath, [
      '--import',
      'tsx',
      'src/node/cli.ts',
      'profile',
      file,
      '--json',
    ]);
    const bundled = await cli('profile', file, '--json');
    expect(bundled.stdout).toBe(viaSources.stdout);
  });
});
