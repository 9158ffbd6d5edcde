import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetToCsv, generateClusterMetrics } from '../../src/engine/index';
import { tune } from '../../src/node/tune-command';

const dir = mkdtempSync(join(tmpdir(), 'awb-tune-'));
const data = join(dir, 'demo.csv');
writeFileSync(
  data,
  datasetToCsv(generateClusterMetrics({ days: 4, instances: 2, seed: 11, stepMinutes: 5 })),
);

async function run(...argv: string[]): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  await tune(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { out, err };
}

describe('cli tune', () => {
  it('prints each trial, the defaults first, then the best with its test PR-AUC', async () => {
    const { out } = await run(data, '--model', 'iforest', '--trials', '6', '--seed', '2');
    expect(out[0]).toMatch(/^tuning iforest by tpe search on demo\.csv: validation PR-AUC/);
    const trials = out.filter((l) => /^\s+\d+ {2}/.test(l));
    expect(trials).toHaveLength(6);
    expect(trials[0]).toMatch(
      /^\s+0 {2}defaults .* nEstimators=100 maxSamples=256 maxFeatures=1 extension=0/,
    );
    expect(out.at(-2)).toMatch(
      /^best: trial \d, validation PR-AUC 0\.\d{4} \(defaults 0\.\d{4}\); test PR-AUC 0\.\d{4} \(defaults 0\.\d{4}\)$/,
    );
    expect(out.at(-1)).toMatch(/^train it: cli train .* --model iforest --params '\{"nEstimators":\d+/);
  }, 30_000);

  it('gives the same trials for the same seed (JSON), and the best is never below the defaults', async () => {
    const a = JSON.parse(
      (await run(data, '--model', 'kmeans', '--search', 'random', '--trials', '4', '--json')).out[0],
    );
    const b = JSON.parse(
      (await run(data, '--model', 'kmeans', '--search', 'random', '--trials', '4', '--json')).out[0],
    );
    expect(a.trials.map((t: { params: unknown }) => t.params)).toEqual(
      b.trials.map((t: { params: unknown }) => t.params),
    );
    expect(a.trials).toHaveLength(4);
    expect(a.best.score).toBeGreaterThanOrEqual(a.defaults.score);
    expect(a.objective).toBe('pr-auc');
    expect(a.split.validation).toBeGreaterThan(0);
  }, 30_000);

  it('enumerates a grid given by --space', async () => {
    const space = JSON.stringify({ k: { choices: [2, 4] }, minClusterShare: { choices: [0, 0.05] } });
    const r = JSON.parse(
      (await run(data, '--model', 'kmeans', '--search', 'grid', '--space', space, '--json')).out[0],
    );
    expect(r.stopped).toBe('exhausted');
    const points = r.trials
      .slice(1)
      .map((t: { params: { k: number; minClusterShare: number } }) => [t.params.k, t.params.minClusterShare]);
    expect(points.sort()).toEqual([
      [2, 0],
      [2, 0.05],
      [4, 0],
      [4, 0.05],
    ]);
  }, 30_000);

  it('tunes on excess mass without labels, and explains it', async () => {
    const { out } = await run(
      data,
      '--model',
      'iforest',
      '--objective',
      'em',
      '--trials',
      '2',
      '--metrics',
      'cpu_pct,mem_pct',
    );
    expect(out[0]).toMatch(/excess mass on the validation rows \(higher is better\)/);
    expect(out[1]).toMatch(/^Without labels/);
    expect(out.filter((l) => /^\s+\d+ {2}/.test(l))).toHaveLength(2);
    expect(out.at(-2)).toMatch(/^best: trial \d, EM \d/);
  }, 60_000);

  it('refuses what it cannot do, saying why', async () => {
    await expect(run(data, '--search', 'bayes')).rejects.toThrow(
      /--search: expected one of grid, random, tpe/,
    );
    await expect(run(data, '--model', 'robust-z', '--objective', 'em')).rejects.toThrow(/rows before it/);
    await expect(run(data, '--space', '{"trees":{"low":1,"high":2}}')).rejects.toThrow(
      /no parameter 'trees'/,
    );
    await expect(run(data, '--trials', '0')).rejects.toThrow(/--trials/);
  });
});
