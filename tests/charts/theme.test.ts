import { describe, expect, it } from 'vitest';
import { ENSEMBLE_COLOR, MODEL_PALETTE, formatUtc, modelColor } from '../../src/charts/theme';

describe('theme', () => {
  it('gives each model a stable colour from the palette', () => {
    expect(modelColor('iforest')).toBe(MODEL_PALETTE[0]);
    expect(modelColor(' IForest ')).toBe(modelColor('iforest'));
    expect(modelColor('lof')).not.toBe(modelColor('iforest'));
    expect(modelColor('ensemble')).toBe(ENSEMBLE_COLOR);
    const unknown = modelColor('my-custom-detector');
    expect(MODEL_PALETTE).toContain(unknown);
    expect(modelColor('my-custom-detector')).toBe(unknown);
  });

  it('formats UTC times for tips and labels', () => {
    expect(formatUtc(Date.UTC(2024, 2, 1, 14, 5))).toBe('2024-03-01 14:05 UTC');
    expect(formatUtc(Date.UTC(2024, 2, 1, 14, 5, 7))).toBe('2024-03-01 14:05:07 UTC');
    expect(formatUtc(NaN)).toBe('n/a');
  });
});
