import { describe, expect, it } from 'vitest';
import { epochReading } from '../../../phases/modeling/epoch-reading';

const log = (epoch: number, seconds: number, valLoss = 0.2) => ({
  epoch,
  epochs: 20,
  loss: 0.123456,
  valLoss,
  seconds,
  backend: 'wasm',
});

describe('epochReading', () => {
  it('says the epoch, the speed, the backend and the latest losses', () => {
    expect(epochReading([log(1, 2), log(2, 2)])).toBe(
      'Epoch 2 of 20 · 2.0 s per epoch · WASM backend · loss 0.123, validation 0.200',
    );
    expect(epochReading([log(1, 0.25), log(2, 0.25)])).toBe(
      'Epoch 2 of 20 · 4.0 epochs/s · WASM backend · loss 0.123, validation 0.200',
    );
  });

  it('leaves out a validation loss that was not measured', () => {
    expect(epochReading([log(1, 1, NaN)])).toMatch(/loss 0\.123$/);
  });
});
