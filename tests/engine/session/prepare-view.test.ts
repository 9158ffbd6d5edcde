import { describe, expect, it } from 'vitest';
import { defaultPrepConfig, specFromPrep } from '../../../src/engine/index';
import { checkTableSize } from '../../../src/engine/session/prepare-view';

describe('checkTableSize', () => {
  const spec = specFromPrep({ metrics: ['a', 'b', 'c'] }, ['a', 'b', 'c'], defaultPrepConfig(), {
    type: 'iforest',
    params: {},
  });

  it('refuses a feature table far too large for a tab, naming its size and rows', () => {
    // 1,000,000 rows x 408 features (425 less 11 calendar and 6 hour-of-week ones: no time column) x 8 bytes.
    expect(() => checkTableSize(1_000_000, spec)).toThrow(
      /3,113 MB \(1,000,000 rows\), too much for a browser tab/,
    );
  });

  it('lets a table a tab can hold through, and never refuses the compact presets', () => {
    expect(() => checkTableSize(100_000, spec)).not.toThrow();
    expect(() => checkTableSize(10_000_000, { ...spec, features: 'raw' })).not.toThrow();
  });
});
