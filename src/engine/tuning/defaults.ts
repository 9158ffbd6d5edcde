/**
 * Trials in flight at once for TPE, in the CLI and in the browser alike: fixed, not the machine's core
 * count, so that a seeded TPE search proposes the same trials everywhere (TPE proposes trial k from the
 * batches of this size before it).
 */
export const TPE_BATCH = 4;

/**
 * The label-free criteria's budget: 10 feature groups and 20,000 uniform points each, smaller than Goix's
 * 50 groups of 100,000 points so that a trial's criteria take seconds, not minutes.
 */
export const EM_MV_BUDGET = { draws: 10, uniformPoints: 20_000 } as const;
