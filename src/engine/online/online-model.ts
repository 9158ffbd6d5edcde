import {
  BASE_ONLINE_TYPES,
  createBaseModel,
  likelihoodDefaults,
  type BaseOnlineModel,
  type BaseOnlineType,
} from './base-models';
import { CalibratedLearner } from './calibrated-learner';
import { AnomalyLikelihood } from './likelihood';
import { resolveLikelihoodParams, type LikelihoodParams } from './likelihood-params';
import type { OnlineLearner } from './learner';
import { RangeRule } from './range-rule';

/** Every model `createOnlineModel` builds: the base detectors and the ensemble of their likelihoods. */
export const ONLINE_TYPES: readonly string[] = [...BASE_ONLINE_TYPES, 'ensemble'];

/** How the ensemble combines its members' likelihoods. */
export type OnlineCombine = 'max' | 'mean';

/**
 * The default online ensemble's members (chosen on the NAB AWS development files; see
 * docs/decisions/013-online-likelihood.md).
 */
export const DEFAULT_ONLINE_ENSEMBLE: Readonly<Record<string, unknown>> = Object.freeze({
  members: ['rcf', { type: 'rcf', params: { shingleSize: 1 } }],
  combine: 'mean',
  rangeTolerance: 0.1,
});

/** An online model: per entity, a learner whose rows get a raw score and a likelihood. */
export interface OnlineModel {
  readonly type: string;
  /** The resolved params (the detector's own, `schedule`, `likelihood`; members for the ensemble). */
  readonly spec: Record<string, unknown>;
  /** One entity's learner, for rows of `cols` metrics and a probationary period of `probationRows`. */
  learner(cols: number, probationRows: number): CalibratedLearner;
  /** Sentences on how it learns, for reports. */
  notes(probationRows: number): string[];
}

function baseOnline(type: BaseOnlineType, raw: Record<string, unknown>, seed: number) {
  const { likelihood: rawLikelihood, ...rest } = raw;
  const likelihood = resolveLikelihoodParams({
    ...likelihoodDefaults(type),
    ...likelihoodObject(type, rawLikelihood),
  });
  const base = createBaseModel(type, rest, seed);
  return { base, likelihood };
}

function likelihoodObject(type: string, raw: unknown): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${type}: 'likelihood' must be an object such as {"shortWindow": 5}`);
  }
  return raw as Record<string, unknown>;
}

function specOf(base: BaseOnlineModel, likelihood: LikelihoodParams): Record<string, unknown> {
  return {
    type: base.type,
    params: base.params,
    ...(base.kind === 'native' ? {} : { schedule: base.schedule }),
    ...(base.kind === 'batch' && base.shingle > 1 ? { shingle: base.shingle } : {}),
    likelihood,
  };
}

class EnsembleLearner implements OnlineLearner {
  /** pushMany's scratch: the members' likelihoods and raw scores, member by member. */
  private likelihoods = new Float64Array(0);
  private scores = new Float64Array(0);

  constructor(
    private readonly members: CalibratedLearner[],
    private readonly combine: OnlineCombine,
    private readonly range: RangeRule | null,
  ) {}

  push(x: ArrayLike<number>, t: number): number | Promise<number> {
    let pending: Promise<void>[] | null = null;
    for (const m of this.members) {
      const r = m.push(x, t);
      if (r) (pending ??= []).push(r);
    }
    const floor = this.range ? this.range.push(x) : 0;
    if (pending) return Promise.all(pending).then(() => Math.max(floor, this.combined()));
    return Math.max(floor, this.combined());
  }

  /** `push` for `count` rows: each member's whole chunk, then the rows' combined likelihoods. */
  pushMany(
    x: Float64Array,
    cols: number,
    count: number,
    t: Float64Array,
    out: Float64Array,
  ): void | Promise<void> {
    const n = this.members.length;
    if (this.likelihoods.length < n * count) {
      this.likelihoods = new Float64Array(n * count);
      this.scores = new Float64Array(n * count);
    }
    const L = this.likelihoods;
    // Members one after the other: one refitting asynchronously is awaited before the next starts, so
    // no two fits overlap (row by row, they overlapped only on a row where both refit).
    const from = (k0: number): void | Promise<void> => {
      for (let k = k0; k < n; k++) {
        const at = L.subarray(k * count, (k + 1) * count);
        const raw = this.scores.subarray(k * count, (k + 1) * count);
        const r = this.members[k].pushMany(x, cols, count, t, raw, at);
        if (r) return r.then(() => from(k + 1));
      }
    };
    const pending = from(0);
    const combine = (): void => {
      for (let r = 0; r < count; r++) {
        const floor = this.range ? this.range.push(x.subarray(r * cols, (r + 1) * cols)) : 0;
        let max = 0;
        let sum = 0;
        for (let k = 0; k < n; k++) {
          const v = L[k * count + r];
          if (v > max) max = v;
          sum += v;
        }
        out[r] = Math.max(floor, this.combine === 'max' ? max : sum / n);
      }
    };
    if (pending) return pending.then(combine);
    combine();
  }

  private combined(): number {
    const n = this.members.length;
    let max = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const v = this.members[k].likelihood;
      if (v > max) max = v;
      sum += v;
    }
    return this.combine === 'max' ? max : sum / n;
  }
}

function memberOf(spec: unknown, k: number): { type: string; params: Record<string, unknown> } {
  if (typeof spec === 'string') return { type: spec, params: {} };
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    const { type, params, ...extra } = spec as Record<string, unknown>;
    if (typeof type !== 'string' || Object.keys(extra).length) {
      throw new Error(`ensemble: members[${k}] must be a type name or {"type": ..., "params": {...}}`);
    }
    if (params !== undefined && (!params || typeof params !== 'object' || Array.isArray(params))) {
      throw new Error(`ensemble: members[${k}].params must be an object`);
    }
    return { type, params: (params as Record<string, unknown>) ?? {} };
  }
  throw new Error(`ensemble: members[${k}] must be a type name or {"type": ..., "params": {...}}`);
}

function ensembleModel(raw: Record<string, unknown>, seed: number): OnlineModel {
  const known = ['members', 'combine', 'rangeTolerance'];
  for (const k of Object.keys(raw)) {
    if (!known.includes(k)) {
      throw new Error(`ensemble: unknown parameter '${k}' (known: ${known.join(', ')})`);
    }
  }
  const p = { ...DEFAULT_ONLINE_ENSEMBLE, ...raw };
  if (!Array.isArray(p.members) || p.members.length === 0) {
    throw new Error('ensemble: members must be a non-empty array of online detectors');
  }
  if (p.combine !== 'max' && p.combine !== 'mean') {
    throw new Error(`ensemble: combine must be 'max' or 'mean', got ${JSON.stringify(p.combine)}`);
  }
  const combine = p.combine;
  const tolerance = p.rangeTolerance;
  if (
    tolerance !== null &&
    !(typeof tolerance === 'number' && tolerance >= 0 && Number.isFinite(tolerance))
  ) {
    throw new Error(
      `ensemble: rangeTolerance must be a number >= 0 (or null to turn the rule off), got ${JSON.stringify(tolerance)}`,
    );
  }
  const members = (p.members as unknown[]).map((m, k) => {
    const { type, params } = memberOf(m, k);
    if (!(BASE_ONLINE_TYPES as readonly string[]).includes(type)) {
      throw new Error(
        `ensemble: members[${k}] is '${type}'; members are among ${BASE_ONLINE_TYPES.join(', ')}`,
      );
    }
    return baseOnline(type as BaseOnlineType, params, seed);
  });
  return {
    type: 'ensemble',
    spec: {
      type: 'ensemble',
      combine,
      rangeTolerance: tolerance,
      members: members.map((m) => specOf(m.base, m.likelihood)),
    },
    learner: (cols, probation) =>
      new CalibratedLearner(
        new EnsembleLearner(
          members.map(
            (m) =>
              new CalibratedLearner(
                m.base.learner(cols, probation),
                new AnomalyLikelihood(m.likelihood),
                m.base.warmupRows(probation),
              ),
          ),
          combine,
          tolerance === null ? null : new RangeRule(tolerance, cols),
        ),
        null,
        0,
      ),
    notes: (probation) => [
      `The ${combine === 'max' ? 'largest' : 'mean'} of ${members.length} members' anomaly likelihoods: ` +
        members.map((m) => m.base.type).join(', ') +
        (tolerance === null
          ? '.'
          : `; a value beyond the range its entity has shown by more than ${tolerance} of the range's ` +
            "width lifts it above 0.9 (Numenta's spatial-anomaly rule)."),
      ...members.flatMap((m, k) =>
        m.base.notes(probation).map((s) => `Member ${k + 1} (${m.base.type}): ${s}`),
      ),
    ],
  };
}

/**
 * An online model by type: one of the base detectors (rcf, robust-z, seasonal, iforest, kmeans,
 * lstm-ae), with `raw` their params plus `schedule` and `likelihood` (see `LikelihoodParams`), or
 * 'ensemble' with `{members, combine, rangeTolerance}` (default {@link DEFAULT_ONLINE_ENSEMBLE}), each
 * member a type or `{type, params}`: the members' likelihoods combined by `combine`, floored by
 * `RangeRule` unless `rangeTolerance` is null; the ensemble's score is already a likelihood.
 *
 * @throws on an unknown type or parameter, naming it.
 */
export function createOnlineModel(type: string, raw: Record<string, unknown> = {}, seed = 0): OnlineModel {
  if (type === 'ensemble') return ensembleModel(raw, seed);
  if (!(BASE_ONLINE_TYPES as readonly string[]).includes(type)) {
    throw new Error(`online: unknown model '${type}' (online models: ${ONLINE_TYPES.join(', ')})`);
  }
  const { base, likelihood } = baseOnline(type as BaseOnlineType, raw, seed);
  return {
    type,
    spec: specOf(base, likelihood),
    learner: (cols, probation) =>
      new CalibratedLearner(
        base.learner(cols, probation),
        new AnomalyLikelihood(likelihood),
        base.warmupRows(probation),
      ),
    notes: (probation) => base.notes(probation),
  };
}
