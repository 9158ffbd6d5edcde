import { DEFAULT_ONLINE_THRESHOLD } from './runner';

/**
 * Standard-profile thresholds of NAB's corpus-wide optimisation on the 17 NAB AWS series, per online
 * model with its default params, seed 0 (`npm run bench -- nab`, docs/decisions/013): the thresholds
 * that scored what the decision reports, so a model run with its defaults alerts where the benchmarked
 * one did.
 */
export const NAB_THRESHOLDS: Readonly<Record<string, number>> = {
  ensemble: 0.389,
  rcf: 0.4,
  'robust-z': 0.528,
  seasonal: 0.644,
};

/**
 * The alert threshold of an online model on its likelihood: its NAB threshold when run with its
 * default params (none given), else {@link DEFAULT_ONLINE_THRESHOLD}.
 */
export function defaultOnlineThreshold(type: string, params: Readonly<Record<string, unknown>>): number {
  return Object.keys(params).length === 0 && type in NAB_THRESHOLDS
    ? NAB_THRESHOLDS[type]
    : DEFAULT_ONLINE_THRESHOLD;
}
