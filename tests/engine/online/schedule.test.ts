import { describe, expect, it } from 'vitest';
import { probationRowsOf } from '../../../src/engine/online/probation';
import { firstFitRow, isBatchFitRow, resolveSchedule } from '../../../src/engine/online/schedule';

describe('probationRowsOf', () => {
  it('follows NAB: min(floor(0.15 n), 750), or a whole row count', () => {
    expect(probationRowsOf(4032, 0.15)).toBe(604);
    expect(probationRowsOf(10_000, 0.15)).toBe(750);
    expect(probationRowsOf(1243, 0.15)).toBe(186);
    expect(probationRowsOf(100, 0.1)).toBe(10);
    expect(probationRowsOf(100, 30)).toBe(30);
    expect(probationRowsOf(20, 30)).toBe(20);
    expect(probationRowsOf(100, 0)).toBe(0);
  });
});

describe('isBatchFitRow', () => {
  const s = resolveSchedule({ warmup: 64, refitEvery: 500, trainWindow: 2000 }, undefined);
  it('fits at the warm-up row, at its doublings in probation, at the end of probation, then every refitEvery rows', () => {
    const rows = Array.from({ length: 2200 }, (_, i) => i).filter((i) => isBatchFitRow(s, 604, i));
    expect(rows).toEqual([64, 128, 256, 512, 604, 1104, 1604, 2104]);
  });

  it('starts at the end of a shorter probationary period, and never refits with refitEvery 0', () => {
    const never = resolveSchedule(s, { refitEvery: 0 });
    const rows = Array.from({ length: 3000 }, (_, i) => i).filter((i) => isBatchFitRow(never, 40, i));
    expect(rows).toEqual([40]);
    expect(firstFitRow(s, 0)).toBe(64);
  });

  it('refuses unknown or invalid fields', () => {
    expect(() => resolveSchedule(s, { warmup: 0 })).toThrow("'warmup' must be an integer");
    expect(() => resolveSchedule(s, [])).toThrow('expected an object');
  });
});
