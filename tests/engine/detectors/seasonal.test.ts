import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SeasonalBaseline,
  seasonalFactory,
  type SeasonalState,
} from '../../../src/engine/detectors/seasonal';
import type { Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

interface Golden {
  minSlotRows: number;
  hourOfWeek: {
    time: number[];
    X: number[][];
    slotRows: number[];
    slotMedian: number[][];
    slotScale: number[][];
    testTime: number[];
    Y: number[][];
    mean: number[];
    max: number[];
  };
  byPeriod: {
    period: number;
    X: number[];
    groups: number[][];
    slotRows: number[];
    slotMedian: number[];
    slotScale: number[];
    Y: number[];
    score: number[];
  };
}
const golden = JSON.parse(readFileSync(new URL('./golden/seasonal.json', import.meta.url), 'utf8')) as Golden;

const matrix = (rows: number[][]): Matrix => ({
  data: Float64Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0].length,
});
const column = (values: number[]): Matrix => ({
  data: Float64Array.from(values),
  rows: values.length,
  cols: 1,
});

function expectClose(got: ArrayLike<number>, want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i]), `${what} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(want[i])),
    );
  }
}

describe('SeasonalBaseline with times: hour-of-week slots (golden: pandas groupby median and MAD)', () => {
  const g = golden.hourOfWeek;
  const fit = (combine: 'max' | 'mean') =>
    new SeasonalBaseline({ combine, minSlotRows: golden.minSlotRows }).fit(matrix(g.X), {
      context: { time: g.time },
    });

  it('holds per slot and column the median and 1.4826 MAD of the training rows, overall ones below minSlotRows', async () => {
    const s = (await fit('mean')).toJSON().state as SeasonalState;
    expect(s.mode).toBe('hour-of-week');
    expect(s.slots).toBe(168);
    expect(s.slotRows).toEqual(g.slotRows);
    for (let j = 0; j < 2; j++) {
      expectClose(
        s.slotMedian.filter((_, k) => k % 2 === j),
        g.slotMedian[j],
        `median of column ${j}`,
      );
      expectClose(
        s.slotScale.filter((_, k) => k % 2 === j),
        g.slotScale[j],
        `scale of column ${j}`,
      );
    }
  });

  it.each(['mean', 'max'] as const)(
    'scores new rows by their hour of the week, combine %s',
    async (combine) => {
      const det = await fit(combine);
      expectClose(det.score(matrix(g.Y), { time: g.testTime }), g[combine], 'scores');
    },
  );

  it('says how many slots had enough rows, and needs times to score', async () => {
    const det = await fit('mean');
    expect(det.notes()[0]).toBe(
      'Hour-of-week slots (UTC), 165 of 168 with >= 10 training rows; the others use the overall baseline.',
    );
    expect(() => det.score(matrix(g.Y))).toThrow(/hour-of-week slots, so scoring needs the rows' times/);
  });

  it('compares a row without a time with the overall baseline', async () => {
    const det = await fit('mean');
    const s = det.toJSON().state as SeasonalState;
    const Y = matrix([[10, 2]]);
    const z = det.score(Y, { time: [NaN] });
    expect(z[0]).toBeCloseTo(
      (Math.abs(10 - s.median[0]) / s.scale[0] + Math.abs(2 - s.median[1]) / s.scale[1]) / 2,
      12,
    );
  });

  it('flags a value usual for the day but not for its hour, which a global threshold misses', async () => {
    const det = await fit('mean');
    // The training pattern peaks (70, 7) at 06:00 and bottoms out (30, 3) at 18:00.
    const peak = Date.UTC(2024, 2, 18, 6);
    const trough = Date.UTC(2024, 2, 18, 18);
    const [atPeak, atTrough] = det.score(
      matrix([
        [68, 7],
        [68, 7],
      ]),
      { time: [peak, trough] },
    );
    expect(atPeak).toBeLessThan(1.5);
    expect(atTrough).toBeGreaterThan(5 * atPeak);
  });
});

describe('SeasonalBaseline without times: slots by position modulo a period', () => {
  const g = golden.byPeriod;
  const groups = g.groups.map((r) => Int32Array.from(r));

  it('finds the 48-row period in two entities and matches the pandas slot baselines and scores', async () => {
    const det = await new SeasonalBaseline({ minSlotRows: golden.minSlotRows }).fit(column(g.X), {
      context: { groups },
    });
    const s = det.toJSON().state as SeasonalState;
    expect(s.mode).toBe('period');
    expect(s.slots).toBe(48);
    expect(s.periodSource).toBe('autocorrelation');
    expect(s.slotRows).toEqual(g.slotRows);
    expectClose(s.slotMedian, g.slotMedian, 'slot medians');
    expectClose(s.slotScale, g.slotScale, 'slot scales');
    expectClose(det.score(column(g.Y)), g.score, 'scores');
    expect(det.notes()[0]).toBe(
      'Period 48 rows found by autocorrelation in 2 of 2 series (mean ACF ' +
        `${s.periodAcf.toFixed(2)} at that lag); 48 of 48 slots with >= 10 training rows.`,
    );
    expect(s.periodAcf).toBeGreaterThan(0.9);
  });

  it('takes the period from the parameter when it is set', async () => {
    const det = await new SeasonalBaseline({ period: 24 }).fit(column(g.X), { context: { groups } });
    const s = det.toJSON().state as SeasonalState;
    expect([s.slots, s.periodSource]).toEqual([24, 'parameter']);
    expect(det.notes()[0]).toBe(
      'Period 24 rows set by the period parameter; 24 of 24 slots with >= 10 training rows.',
    );
  });

  it('falls back to the overall baseline (one slot) when the training rows have no cycle', async () => {
    const rng = createRandom(2);
    const X = column(Array.from({ length: 1000 }, () => rng.normal()));
    const det = await new SeasonalBaseline().fit(X);
    const s = det.toJSON().state as SeasonalState;
    expect([s.slots, s.periodSource]).toEqual([1, 'none']);
    expect(det.notes()[0]).toMatch(/^No period found in the training rows/);
    const z = det.score(column([s.median[0] + 3 * s.scale[0]]));
    expect(z[0]).toBeCloseTo(3, 12);
  });

  it('refuses bad params with messages naming them, and a corrupted state', async () => {
    expect(() => new SeasonalBaseline({ period: 1 })).toThrow(/'period' must be 0 \(find it\) or >= 2/);
    expect(() => new SeasonalBaseline({ period: -3 })).toThrow(/'period' must be an integer/);
    expect(() => new SeasonalBaseline({ minSlotRows: 0 })).toThrow(/minSlotRows/);
    expect(() => new SeasonalBaseline({ combine: 'sum' })).toThrow(/'combine' must be one of/);
    const json = (await new SeasonalBaseline({ period: 4 }).fit(column([1, 2, 3, 4, 1, 2, 3, 5]))).toJSON();
    const state = json.state as SeasonalState;
    expect(() => seasonalFactory.fromJSON({ ...json, state: { ...state, slotScale: [1, 1] } })).toThrow(
      /seasonal: invalid fitted state: 'slotScale' must be an array of 4 numbers/,
    );
    expect(() => seasonalFactory.fromJSON({ ...json, state: { ...state, mode: 'daily' } })).toThrow(/mode/);
  });
});
