import type { FeatureFamily } from './family';
import { lookback } from '../util/lookback';

/** The metric itself (after cleaning and the last-resort fill), one feature per metric: `metric__value__x`. */
export const valueFamily: FeatureFamily<Record<string, never>> = {
  name: 'value',
  title: 'Metric values',
  description: 'The cleaned metric values themselves.',
  defaults: {},
  parse: () => ({}),
  names: (ctx) => ctx.metrics.map((m) => `${m}__value__x`),
  lookback: () => lookback(0),
  create: (ctx) => {
    const m = ctx.metrics.length;
    return {
      push(values, _t, out, offset) {
        for (let j = 0; j < m; j++) out[offset + j] = values[j];
      },
    };
  },
};
