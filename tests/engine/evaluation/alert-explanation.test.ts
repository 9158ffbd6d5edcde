import { describe, expect, it } from 'vitest';
import { explainRow, fitBaselines } from '../../../src/engine/evaluation/alert-explanation';

const HOUR = 3_600_000;
// 2024-01-01 was a Monday: four weeks of hourly rows.
const t0 = Date.UTC(2024, 0, 1);
const n = 24 * 7 * 4;
const times = Float64Array.from({ length: n }, (_, i) => t0 + i * HOUR);
// cpu: 80 on Tuesdays 14:00, 40 otherwise, -1 on even weeks and +1 on odd ones (each slot: median 40
// or 80, MAD 1); mem: 50 +- up to 4.
const cpu = Float64Array.from(
  { length: n },
  (_, i) => (i % 168 === 24 + 14 ? 80 : 40) + (Math.floor(i / 168) % 2 === 0 ? -1 : 1),
);
const mem = Float64Array.from({ length: n }, (_, i) => 50 + 2 * ((i % 5) - 2));
const train = Int32Array.from({ length: n }, (_, i) => i);

describe('alert explanations', () => {
  it('compares a row with its own hour of the week: a usual Tuesday peak is not unusual', () => {
    const b = fitBaselines(['cpu_pct', 'mem_pct'], [cpu, mem], train, times);
    const tuesday14 = Date.UTC(2024, 0, 30, 14); // a Tuesday
    const usual = explainRow(b, [80, 50], tuesday14);
    expect(Math.abs(usual.contributions.find((c) => c.metric === 'cpu_pct')?.sigma ?? 9)).toBeLessThan(1);
    const odd = explainRow(b, [80, 50], Date.UTC(2024, 0, 31, 3)); // Wednesday 03:00
    expect(odd.contributions[0].metric).toBe('cpu_pct');
    // Median 40, MAD 1 -> scale 1.4826: (80 - 40) / 1.4826 = 26.98 sigma.
    expect(odd.contributions[0].sigma).toBeCloseTo(40 / 1.4826, 6);
    expect(odd.sentences[0]).toBe('cpu_pct 27.0 sigma above its usual Wednesday 03:00 level (80.0 vs 40.0)');
  });

  it('uses the overall baseline without times, and skips missing values', () => {
    const b = fitBaselines(['cpu_pct', 'mem_pct'], [cpu, mem], train, null);
    const r = explainRow(b, [NaN, 30], null);
    expect(r.contributions.map((c) => c.metric)).toEqual(['mem_pct']);
    expect(r.sentences[0]).toMatch(/^mem_pct \d+\.\d sigma below its usual level \(30\.0 vs 50\.0\)$/);
  });
});
