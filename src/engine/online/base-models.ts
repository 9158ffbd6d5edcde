import { detectorFactory, createDetector } from '../detectors/registry';
import { checkInt } from '../detectors/params';
import type { LikelihoodParams } from './likelihood-params';
import { BatchLearner } from './batch-learner';
import type { OnlineLearner } from './learner';
import { firstFitRow, resolveSchedule, type ScheduleParams } from './schedule';
import { resolveSeasonalOnline, SeasonalLearner } from './seasonal-learner';
import { StreamLearner } from './stream-learner';

/** Detectors with an online learner of their own (the ensemble combines them). */
export type BaseOnlineType = 'rcf' | 'robust-z' | 'seasonal' | 'iforest' | 'kmeans' | 'lstm-ae';

export const BASE_ONLINE_TYPES: readonly BaseOnlineType[] = [
  'rcf',
  'robust-z',
  'seasonal',
  'iforest',
  'kmeans',
  'lstm-ae',
];

type Kind = 'stream' | 'batch' | 'native';

interface BaseConfig {
  kind: Kind;
  /** The detector's params for online use, under the user's. */
  params: Record<string, unknown>;
  schedule: ScheduleParams;
  /** Batch row-wise detectors: rows per feature vector. */
  shingle: number;
  /** The likelihood's params for this detector, under the user's (see `LIKELIHOOD_DEFAULTS`). */
  likelihood: Partial<LikelihoodParams>;
}

/**
 * Online defaults per detector, chosen on the NAB AWS development files (docs/decisions/013): see
 * `npm run bench -- nab`. Stream learners fit once (`warmup` rows) and update as they go; batch learners
 * refit on a schedule (see schedule.ts).
 */
const BASE: Record<BaseOnlineType, BaseConfig> = {
  rcf: {
    kind: 'stream',
    params: { update: 'stream', shingleSize: 4 },
    schedule: { warmup: 64, refitEvery: 0, trainWindow: 64 },
    shingle: 1,
    // A forest's scores wander more from row to row: a 40-row mean (Numenta's is 10) kept its NAB score
    // (49.3 against 49.6 at 20, 43.1 at 10) with 3 false positives instead of 17.
    likelihood: { shortWindow: 40 },
  },
  'robust-z': {
    kind: 'stream',
    params: { window: 288 },
    schedule: { warmup: 32, refitEvery: 0, trainWindow: 32 },
    shingle: 1,
    likelihood: {},
  },
  seasonal: {
    kind: 'native',
    params: {},
    schedule: { warmup: 1, refitEvery: 0, trainWindow: 2 },
    shingle: 1,
    likelihood: {},
  },
  iforest: {
    kind: 'batch',
    params: {},
    schedule: { warmup: 64, refitEvery: 500, trainWindow: 2000 },
    shingle: 4,
    likelihood: {},
  },
  kmeans: {
    kind: 'batch',
    params: { k: 4 },
    schedule: { warmup: 64, refitEvery: 500, trainWindow: 2000 },
    shingle: 4,
    likelihood: {},
  },
  'lstm-ae': {
    kind: 'batch',
    params: { epochs: 8, window: 16, units: 16, latent: 8 },
    schedule: { warmup: 750, refitEvery: 2000, trainWindow: 2000 },
    shingle: 1,
    likelihood: {},
  },
};

/** A detector's likelihood params for online use, before the user's. */
export function likelihoodDefaults(type: BaseOnlineType): Partial<LikelihoodParams> {
  return { ...BASE[type].likelihood };
}

/** A base online model: how to build one entity's learner. */
export interface BaseOnlineModel {
  type: BaseOnlineType;
  kind: Kind;
  /** The detector's resolved params (the online seasonal baseline's own, for 'seasonal'). */
  params: Record<string, unknown>;
  schedule: ScheduleParams;
  shingle: number;
  /** Rows of each entity scored 0 before the learner has fitted anything. */
  warmupRows(probationRows: number): number;
  learner(cols: number, probationRows: number): OnlineLearner & { fits?: number };
  notes(probationRows: number): string[];
}

/**
 * The online model of one detector type. `raw` holds the detector's own params (over the online
 * defaults), plus `schedule` (an object, see `ScheduleParams`) and, for iforest and kmeans, `shingle`.
 * `seed` reaches detectors that take one unless `raw` sets it.
 *
 * @throws on an unknown type, an unknown or invalid param (the detector's own message), or a schedule
 *   given to a learner that has none.
 */
export function createBaseModel(
  type: BaseOnlineType,
  raw: Record<string, unknown>,
  seed: number,
): BaseOnlineModel {
  const base = BASE[type];
  const { schedule: rawSchedule, shingle: rawShingle, ...own } = raw;
  if (base.kind === 'native' && rawSchedule !== undefined) {
    throw new Error(`${type}: the online seasonal baseline has no fit schedule; remove 'schedule'`);
  }
  if (rawShingle !== undefined && !(base.kind === 'batch' && base.shingle > 1)) {
    throw new Error(`${type}: 'shingle' applies to iforest and kmeans only`);
  }
  const schedule = resolveSchedule(base.schedule, rawSchedule);
  const shingle = rawShingle === undefined ? base.shingle : (rawShingle as number);
  checkInt(type, 'shingle', shingle, 1, 256);

  if (base.kind === 'native') {
    const p = resolveSeasonalOnline({ ...base.params, ...own });
    return {
      type,
      kind: base.kind,
      params: { ...p },
      schedule,
      shingle,
      warmupRows: () => p.minPeriods,
      learner: (cols) => new SeasonalLearner(p, cols),
      notes: () => [
        `Each row against the median and MAD of the latest ${p.slotHistory} values of its ` +
          `${p.slotMinutes}-minute slot of the ${p.cycle} (position modulo ${p.period} rows without ` +
          `times), learning as it goes; ${p.minSlotRows}+ values per slot, else the latest ${p.window} rows.`,
      ],
    };
  }

  const seeded = detectorFactory(type).params.some((s) => s.name === 'seed');
  const params = { ...base.params, ...own, ...(seeded && own.seed === undefined ? { seed } : {}) };
  // Built once now so that bad params fail here, with the detector's own message.
  const probe = createDetector(type, params);
  const resolved = { ...probe.params };
  const create = () => createDetector(type, params);

  if (base.kind === 'stream') {
    if (!probe.stream) throw new Error(`${type}: has no stream of its own to learn online`);
    const primeRows =
      type === 'rcf' ? (resolved.shingleSize as number) - 1 : (resolved.window as number) || 0;
    return {
      type,
      kind: base.kind,
      params: resolved,
      schedule,
      shingle,
      warmupRows: (probation) => firstFitRow(schedule, probation),
      learner: (cols, probation) =>
        new StreamLearner({
          create,
          cols,
          fitRow: firstFitRow(schedule, probation),
          primeRows,
          primeOutsideFit: type === 'rcf',
        }),
      notes: (probation) => [
        `Fitted once on each entity's first ${firstFitRow(schedule, probation)} rows, then learning as ` +
          `it goes (${type === 'rcf' ? 'each row offered to every tree after it is scored' : 'a rolling window'}).`,
      ],
    };
  }

  const historyRows = probe.sequential ? ((resolved.window as number) ?? 1) : 1;
  return {
    type,
    kind: base.kind,
    params: resolved,
    schedule,
    shingle,
    warmupRows: (probation) => firstFitRow(schedule, probation),
    learner: (cols, probation) =>
      new BatchLearner({
        create,
        schedule,
        probationRows: probation,
        cols,
        shingle: probe.sequential ? 1 : shingle,
        historyRows,
      }),
    notes: (probation) => [
      `Fitted at row ${firstFitRow(schedule, probation)} of each entity, at each doubling up to the ` +
        `probationary period's end (row ${probation}), then ` +
        (schedule.refitEvery > 0 ? `every ${schedule.refitEvery} rows` : 'never again') +
        `, each time on the latest ${schedule.trainWindow} rows` +
        (probe.sequential ? '.' : `, as shingles of ${shingle} rows per metric.`),
    ],
  };
}
