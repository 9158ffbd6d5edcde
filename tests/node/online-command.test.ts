/**
 * `cli online` and `cli evaluate` over online scores: the scores file's shape, strict causality through
 * the CLI, NAB with the threshold optimised across files, and clear errors.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evaluate, score, train } from '../../src/node/commands';
import { online } from '../../src/node/online-command';

const dir = mkdtempSync(join(tmpdir(), 'awb-online-'));
const data = join(dir, 'data');
mkdirSync(data);
const T0 = Date.UTC(2024, 2, 1);
const iso = (i: number) => new Date(T0 + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);

/** A NAB-like file: a noisy level with one spike at `spike`; its window starts there (40 rows). */
function nabFile(name: string, rows: number, spike: number, seed: number): void {
  let s = seed;
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    s = (s * 16807) % 2147483647;
    lines.push(`${iso(i)},${(10 + (s / 2147483647) * 2 + (i === spike ? 25 : 0)).toFixed(3)}`);
  }
  writeFileSync(join(data, name), lines.join('\n') + '\n');
}
nabFile('a.csv', 400, 300, 7);
nabFile('b.csv', 360, 250, 11);
const windowsPath = join(data, 'label_windows.json');
writeFileSync(
  windowsPath,
  JSON.stringify({ 'a.csv': [[iso(300), iso(340)]], 'b.csv': [[iso(250), iso(290)]] }),
);

async function call(
  fn: (argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<void>,
  ...argv: string[]
) {
  const out: string[] = [];
  const err: string[] = [];
  await fn(
    argv,
    (s) => void out.push(s),
    (s) => void err.push(s),
  );
  return { out: out.join('\n'), err: err.join('\n') };
}
const onlineCall = (...argv: string[]) => call(online, ...argv);
const evaluateCall = (...argv: string[]) => call((a, o) => evaluate(a, o), ...argv);

const ROBUST = JSON.stringify({ window: 48, likelihood: { minHistory: 20, shortWindow: 1 } });

describe('cli online', () => {
  it('writes row,score,likelihood,alert,time for every input row in order, and the NAB score with --windows', async () => {
    const scores = join(dir, 'a-scores.csv');
    const r = await onlineCall(
      join(data, 'a.csv'),
      '--model',
      'robust-z',
      '--params',
      ROBUST,
      '--out',
      scores,
      '--windows',
      windowsPath,
    );
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,score,likelihood,alert,timestamp');
    expect(lines.length).toBe(401);
    expect(lines[1]).toMatch(/^0,0,0\.0301\d*,0,2024-03-01T00:00:00\.000Z$/);
    lines.slice(1).forEach((line, i) => expect(line.split(',')[0]).toBe(String(i)));
    const spike = lines[301].split(',');
    expect(Number(spike[2])).toBeGreaterThan(0.5);
    expect(spike[3]).toBe('1');
    expect(r.err).toContain('probation 60 rows');
    expect(r.out).toMatch(/standard +100\.0 +threshold/);
  });

  it('is causal: a truncated file gives the same first rows (a fixed probationary period)', async () => {
    const full = join(dir, 'full.csv');
    const head = join(dir, 'head.csv');
    const cut = join(data, 'cut.csv');
    writeFileSync(
      cut,
      readFileSync(join(data, 'a.csv'), 'utf8')
        .split('\n')
        .slice(0, 1 + 310)
        .join('\n') + '\n',
    );
    for (const model of ['ensemble', 'iforest']) {
      await onlineCall(join(data, 'a.csv'), '--model', model, '--probation', '60', '--out', full);
      await onlineCall(cut, '--model', model, '--probation', '60', '--out', head);
      const a = readFileSync(full, 'utf8').split('\n').slice(0, 311);
      const b = readFileSync(head, 'utf8').split('\n').slice(0, 311);
      expect(b, model).toEqual(a);
    }
  }, 60_000);

  it('refuses bad input with messages that name the problem', async () => {
    const out = join(dir, 'x.csv');
    const a = join(data, 'a.csv');
    await expect(onlineCall(a, '--model', 'dbscan', '--out', out)).rejects.toThrow("unknown model 'dbscan'");
    await expect(onlineCall(a, '--model', 'rcf', '--params', '{x', '--out', out)).rejects.toThrow(
      '--params: not valid JSON',
    );
    await expect(onlineCall(a, '--model', 'rcf', '--params', '{"trees":1}', '--out', out)).rejects.toThrow(
      "unknown parameter 'trees'",
    );
    await expect(onlineCall(a, '--model', 'rcf', '--probation', '1.5', '--out', out)).rejects.toThrow(
      '--probation',
    );
    await expect(onlineCall(a, '--out', out)).rejects.toThrow('--model NAME is required');
    const gap = join(dir, 'gap.csv');
    writeFileSync(gap, `timestamp,value\n${iso(0)},1\n${iso(1)},\n${iso(2)},3\n`);
    await expect(onlineCall(gap, '--model', 'robust-z', '--out', out)).rejects.toThrow(
      "gap.csv, column 'value': row 2 has no value",
    );
  });
});

describe('cli evaluate of online scores', () => {
  it('optimises one NAB threshold across a directory of scores files, and reports each file at it', async () => {
    const scoresDir = join(dir, 'scores');
    mkdirSync(scoresDir);
    for (const f of ['a.csv', 'b.csv']) {
      await onlineCall(join(data, f), '--model', 'robust-z', '--params', ROBUST, '--out', join(scoresDir, f));
    }
    const r = await evaluateCall(scoresDir, '--truth', data, '--windows', windowsPath);
    expect(r.out).toContain('NAB of the likelihood column over 2 files');
    expect(r.out).toMatch(/standard +100\.0 +threshold 0\.\d+, 2 of 2 windows found, 0 false positives/);
    expect(r.out).toMatch(/a\.csv +1 +1 +0 +100\.0/);
    const json = JSON.parse(
      (await evaluateCall(scoresDir, '--truth', data, '--windows', windowsPath, '--json')).out,
    );
    expect(json.files.map((f: { file: string }) => f.file)).toEqual(['a.csv', 'b.csv']);
    expect(json.standard.normalized).toBeCloseTo(100, 9);
    await expect(
      evaluateCall(join(scoresDir, 'a.csv'), join(scoresDir, 'b.csv'), '--truth', join(data, 'a.csv')),
    ).rejects.toThrow('need --truth DIR');
  });

  it('reports the optimised NAB of the likelihood for one file too, and the command is wired into the CLI', async () => {
    const scores = join(dir, 'a-scores.csv');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'src/node/cli.ts',
      'evaluate',
      scores,
      '--truth',
      join(data, 'a.csv'),
      '--windows',
      windowsPath,
    ]);
    expect(stdout).toContain('NAB of the likelihood column, threshold optimised:');
    expect(stdout).toMatch(/standard +100\.0/);
  }, 30_000);
});

describe('cli train --model online', () => {
  it('writes a bundle that scores as cli online does: its likelihoods after probation, the same alerts', async () => {
    const file = join(data, 'a.csv');
    const bundle = join(dir, 'online.awb');
    const params = JSON.stringify({ model: 'robust-z', modelParams: ROBUST, probation: 60 });
    const trained = await call(
      (a, o) => train(a, o),
      file,
      '--model',
      'online',
      '--params',
      params,
      '--out',
      bundle,
    );
    expect(trained.out).toMatch(/threshold 0\.500000 \(calibrated\)/);
    const served = join(dir, 'online-score.csv');
    await call(score, bundle, file, '--out', served);
    const direct = join(dir, 'online-direct.csv');
    await onlineCall(file, '--model', 'robust-z', '--params', ROBUST, '--probation', '60', '--out', direct);
    const rows = (path: string) =>
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    const a = rows(served);
    const b = rows(direct);
    expect(a.length).toBe(400);
    a.forEach((r, i) => {
      expect(Number(r[1])).toBe(i < 60 ? 0 : Number(b[i][2]));
      expect(r[2]).toBe(b[i][3]);
    });
    expect(a[300][2]).toBe('1');
  });
});
