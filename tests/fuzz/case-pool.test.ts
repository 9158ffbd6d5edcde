import { afterAll, describe, expect, it } from 'vitest';
import { CasePool } from './case-pool';

type Request = 'answer' | 'hang' | 'exit' | 'throw' | 'oom';
const pool = new CasePool<Request, Request, number>(
  new URL('./_misbehaving-worker.ts', import.meta.url),
  null,
  {
    maxOldGenerationSizeMb: 64,
  },
);
afterAll(() => pool.close());

describe('CasePool', () => {
  it('answers, then detects a hang, a process.exit, an uncaught error and running out of memory, going on after each', async () => {
    expect(await pool.run('answer', 20_000)).toMatchObject({ status: 'done', result: 42, info: 'answer' });
    expect(await pool.run('hang', 1_000)).toMatchObject({ status: 'hang', info: 'hang' });
    expect(await pool.run('answer', 20_000)).toMatchObject({ status: 'done', result: 42 });
    expect(await pool.run('exit', 20_000)).toMatchObject({
      status: 'crash',
      info: 'exit',
      error: 'worker exited with code 3',
    });
    const thrown = await pool.run('throw', 20_000);
    expect(thrown).toMatchObject({ status: 'crash', info: 'throw' });
    expect(thrown.status === 'crash' && thrown.error).toContain('thrown outside any handler');
    const oom = await pool.run('oom', 60_000);
    expect(oom).toMatchObject({ status: 'crash', info: 'oom' });
    expect(oom.status === 'crash' && oom.error).toMatch(/memory/i);
    expect(await pool.run('answer', 20_000)).toMatchObject({ status: 'done', result: 42 });
    expect(pool.started).toBe(5);
  });
});
