import { averagePrecision } from '../metrics/pr';
import { quantileThreshold } from '../metrics/threshold';
import type { Matrix } from '../util/matrix';
import {
  assertFinite,
  assertWidth,
  contextGroups,
  throwIfAborted,
  type Detector,
  type DetectorFactory,
  type DetectorJSON,
  type DetectorStream,
  type FitOptions,
  type RowContext,
} from './detector';
import { foldMember } from './ensemble/combine';
import { createMember, memberLabel } from './ensemble/members';
import { applyNormalizer, fitNormalizer, type Normalizer } from './ensemble/normalize';
import {
  ENSEMBLE_PARAM_SPECS,
  ENSEMBLE_TYPE,
  memberOf,
  resolveEnsembleParams,
  type EnsembleParams,
} from './ensemble/params';
import { timeSplit, type TimeSplit } from './ensemble/split';
import { validateState, type EnsembleState, type WeightSource } from './ensemble/state';
import { EnsembleStream } from './ensemble/stream';
import {
  SELECTION_ROUNDS,
  equalWeights,
  normalizedWeights,
  selectionWeights,
  weightsFromPrAuc,
} from './ensemble/weights';
import { detectorFactory, loadDetector, prepareDetector, relativeTolerance } from './registry';

export type { EnsembleParams, MemberSpec, NormalizeKind, CombineKind, WeightsSpec } from './ensemble/params';
export type { EnsembleState, WeightSource } from './ensemble/state';
export type { Normalizer } from './ensemble/normalize';

const VERSION = 1;
/** The share of every entity's training rows, its latest, held out to weigh the members. */
export const VALIDATION_SHARE = 0.2;

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The held-out rows and their labels, when they can weigh members: labels of both kinds there. */
interface Validation {
  split: TimeSplit;
  labels: Float64Array;
  positiveRate: number;
}

function validationOf(
  X: Matrix,
  groups: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  time: ArrayLike<number> | undefined,
): Validation | null {
  const split = timeSplit(X, groups, VALIDATION_SHARE, time);
  if (split.fit.length < 2 || split.validation.length < 2) return null;
  const held = Float64Array.from(split.validation, (i) => (labels[i] === 1 ? 1 : 0));
  const positives = held.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === held.length) return null;
  return { split, labels: held, positiveRate: positives / held.length };
}

/** Progress of step `step` of `steps`, each step's own fraction mapped into its share. */
function stepProgress(
  onProgress: FitOptions['onProgress'],
  step: number,
  steps: number,
): FitOptions['onProgress'] {
  return onProgress ? (f) => onProgress((step + Math.min(1, Math.max(0, f))) / steps) : undefined;
}

/**
 * Weighted ensemble: fits every member on the same rows, maps each member's scores through a normalizer
 * fitted on its training scores (rank, robust z or min-max), and combines them by a weighted mean or by a
 * weighted vote of the members' alerts. Weights are given, equal, or learned when the fit gets labels:
 * ('pr-auc') each member's lift in PR-AUC over chance on the last 20% of every entity's training rows,
 * after fitting it on the earlier rows, or ('select') greedy ensemble selection on that PR-AUC; the
 * members are then refitted on all rows.
 */
export class Ensemble implements Detector {
  readonly type = ENSEMBLE_TYPE;
  readonly version = VERSION;
  readonly params: Readonly<EnsembleParams>;
  readonly sequential: boolean;
  private state: Omit<EnsembleState, 'members'> | null = null;
  private detectors: Detector[] = [];

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveEnsembleParams(params));
    // Building the members checks their params now rather than at fit.
    this.sequential = this.params.members.some((m, k) => createMember(m, k, this.params.seed).sequential);
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    const { signal, onProgress, context, labels } = options;
    throwIfAborted(signal);
    if (X.rows < 1 || X.cols < 1) {
      throw new Error(`${ENSEMBLE_TYPE}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`);
    }
    assertFinite(ENSEMBLE_TYPE, X, 'training data');
    if (labels && labels.length !== X.rows) {
      throw new Error(`${ENSEMBLE_TYPE}: ${labels.length} labels for ${X.rows} training rows`);
    }
    const { members, weights, normalize, contamination, seed } = this.params;
    const m = members.length;
    const validation =
      (weights === 'pr-auc' || weights === 'select') && labels
        ? validationOf(X, contextGroups(X.rows, context), labels, context?.time)
        : null;
    const steps = validation ? 2 * m : m;
    let step = 0;
    onProgress?.(0);

    let prAuc: number[] | null = null;
    const held: Float64Array[] = [];
    if (validation) {
      const { split } = validation;
      prAuc = [];
      for (let k = 0; k < m; k++) {
        const det = createMember(members[k], k, seed);
        await det.fit(split.X, {
          context: split.context,
          signal,
          onProgress: stepProgress(onProgress, step, steps),
        });
        // Scored with every row's history; the fit rows lead each entity, so their scores are as fitted.
        const all = det.score(X, context);
        const raw = Float64Array.from(split.validation, (i) => all[i]);
        prAuc.push(averagePrecision(validation.labels, raw));
        const fitScores = Float64Array.from(split.fit, (i) => all[i]);
        held.push(this.combinable(raw, fitScores));
        onProgress?.(++step / steps);
        throwIfAborted(signal);
      }
    }

    const detectors: Detector[] = [];
    const normalizers: Normalizer[] = [];
    const voteLevels: number[] = [];
    for (let k = 0; k < m; k++) {
      const det = createMember(members[k], k, seed);
      await det.fit(X, { context, signal, onProgress: stepProgress(onProgress, step, steps) });
      const trainScores = det.score(X, context);
      detectors.push(det);
      normalizers.push(fitNormalizer(normalize, trainScores));
      voteLevels.push(quantileThreshold(trainScores, contamination));
      onProgress?.(++step / steps);
      throwIfAborted(signal);
    }

    let w: number[];
    let weightSource: WeightSource;
    if (Array.isArray(weights)) {
      w = normalizedWeights(weights);
      weightSource = 'given';
    } else if (prAuc && validation && weights === 'pr-auc') {
      w = weightsFromPrAuc(prAuc, validation.positiveRate);
      weightSource = 'pr-auc';
    } else if (prAuc && validation) {
      w = selectionWeights(held, (combined) => averagePrecision(validation.labels, combined));
      weightSource = 'select';
    } else {
      w = equalWeights(m);
      weightSource = 'equal';
    }
    this.install(
      {
        nFeatures: X.cols,
        trainRows: X.rows,
        members: detectors.map((d) => d.toJSON()),
        normalizers,
        weights: w,
        weightSource,
        validationPrAuc: prAuc,
        validationRows: validation ? validation.split.validation.length : 0,
        voteLevels,
      },
      detectors,
    );
    onProgress?.(1);
    return this;
  }

  /**
   * A held-out member's scores as the combination sees them: normalized with a map fitted on its fit
   * rows' scores, or its alerts (0/1) at their (1 - contamination) quantile for a vote.
   */
  private combinable(raw: Float64Array, fitScores: Float64Array): Float64Array {
    if (this.params.combine === 'vote') {
      const level = quantileThreshold(fitScores, this.params.contamination);
      return raw.map((v) => (v >= level ? 1 : 0));
    }
    return applyNormalizer(
      fitNormalizer(this.params.normalize, fitScores),
      raw,
      new Float64Array(raw.length),
    );
  }

  /** Weighted mean of the members' normalized scores, or weighted share of members alerting (vote). */
  score(X: Matrix, context?: RowContext): Float64Array {
    const s = this.state;
    if (!s) {
      throw new Error(`${ENSEMBLE_TYPE}: score() called before fit(); fit the detector or load a fitted one`);
    }
    assertWidth(ENSEMBLE_TYPE, X, s.nFeatures);
    assertFinite(ENSEMBLE_TYPE, X, 'scoring data');
    const out = new Float64Array(X.rows);
    const normalized = new Float64Array(X.rows);
    const vote = this.params.combine === 'vote';
    this.detectors.forEach((det, k) => {
      const raw = det.score(X, context);
      if (!vote) applyNormalizer(s.normalizers[k], raw, normalized);
      foldMember(out, s.weights[k], normalized, raw, vote ? s.voteLevels[k] : null);
    });
    return out;
  }

  /**
   * One entity's rows one at a time, when every sequential member has a bounded stream of its own
   * (row-wise members score each row alone); undefined otherwise.
   */
  get stream(): (() => DetectorStream) | undefined {
    if (this.detectors.some((d) => d.sequential && !d.stream)) return undefined;
    return () => {
      const s = this.state;
      if (!s) {
        throw new Error(
          `${ENSEMBLE_TYPE}: stream() called before fit(); fit the detector or load a fitted one`,
        );
      }
      const vote = this.params.combine === 'vote';
      return new EnsembleStream(
        this.detectors,
        s.normalizers,
        s.weights,
        vote ? s.voteLevels : null,
        s.nFeatures,
      );
    };
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const { members, normalize, combine, contamination } = this.params;
    const named = (values: readonly number[], digits: number): string =>
      values.map((v, k) => `${memberLabel(members[k], k)} ${v.toFixed(digits)}`).join(', ');
    const how =
      combine === 'vote'
        ? `a weighted vote of their alerts (each member alerting above its training scores' ` +
          `${((1 - contamination) * 100).toFixed(1)}th percentile; the score is the weighted share alerting)`
        : `a weighted mean of their scores normalized by ${normalize === 'rank' ? 'rank' : normalize === 'robust-z' ? 'robust z' : 'min-max'} ` +
          `(fitted on the ${fmt(s.trainRows)} training rows' scores)`;
    const notes = [`Combines ${members.length} members by ${how}; weights ${named(s.weights, 3)}.`];
    const heldOut =
      `the last ${VALIDATION_SHARE * 100}% of every entity's training rows (${fmt(s.validationRows)} rows), ` +
      'with each member fitted on the earlier rows';
    if (s.weightSource === 'pr-auc' && s.validationPrAuc) {
      notes.push(
        `Weights by each member's lift in PR-AUC over chance on ${heldOut} (PR-AUC ` +
          `${named(s.validationPrAuc, 3)}); the members are then refitted on all rows.`,
      );
    } else if (s.weightSource === 'select' && s.validationPrAuc) {
      notes.push(
        `Weights by greedy ensemble selection (Caruana et al. 2004, ${SELECTION_ROUNDS} rounds) maximizing ` +
          `the combination's PR-AUC on ${heldOut} (members alone: ${named(s.validationPrAuc, 3)}); the members ` +
          'are then refitted on all rows.',
      );
    } else if (s.weightSource === 'equal') {
      notes.push(
        this.params.weights === 'equal'
          ? 'Equal weights, as set.'
          : `Equal weights: the training rows have no labels of both kinds in their last ` +
              `${VALIDATION_SHARE * 100}% to weigh the members by.`,
      );
    } else {
      notes.push('Weights set by hand, scaled to sum to 1.');
    }
    this.detectors.forEach((det) => {
      const label = detectorFactory(det.type).label;
      for (const n of det.notes()) notes.push(`${label}: ${n}`);
    });
    return notes;
  }

  toJSON(): DetectorJSON {
    const s = this.state;
    const state: EnsembleState | null = s && {
      nFeatures: s.nFeatures,
      trainRows: s.trainRows,
      members: this.detectors.map((d) => d.toJSON()),
      normalizers: s.normalizers.map((n) =>
        n.kind === 'rank' ? { kind: n.kind, knots: [...n.knots] } : { ...n },
      ),
      weights: [...s.weights],
      weightSource: s.weightSource,
      validationPrAuc: s.validationPrAuc && [...s.validationPrAuc],
      validationRows: s.validationRows,
      voteLevels: [...s.voteLevels],
    };
    const params = JSON.parse(JSON.stringify(this.params)) as Record<string, unknown>;
    return { type: ENSEMBLE_TYPE, version: VERSION, params, state };
  }

  /** @internal Installs fitted state from JSON: restores every member from its own JSON. */
  setState(state: EnsembleState): void {
    validateState(state, this.params);
    const detectors = state.members.map((json, k) => {
      const det = loadDetector(json);
      const expected = memberOf(this.params.members[k], k).type;
      if (det.type !== expected) {
        throw new Error(
          `${ENSEMBLE_TYPE}: invalid fitted state: member ${k} is '${det.type}', expected '${expected}'`,
        );
      }
      if (!det.fitted) throw new Error(`${ENSEMBLE_TYPE}: invalid fitted state: member ${k} is not fitted`);
      return det;
    });
    this.install(state, detectors);
  }

  private install(state: EnsembleState, detectors: Detector[]): void {
    validateState(state, this.params);
    const { members: _members, ...rest } = state;
    this.state = rest;
    this.detectors = detectors;
  }
}

export const ensembleFactory: DetectorFactory = {
  type: ENSEMBLE_TYPE,
  version: VERSION,
  label: 'Weighted ensemble',
  description:
    'Combines several detectors (by default Isolation Forest, Random Cut Forest and the rolling robust ' +
    "z-score): each member's scores normalized on its training scores, then a weighted mean (weights from " +
    'validation PR-AUC when labels exist) or a weighted vote of alerts.',
  params: ENSEMBLE_PARAM_SPECS,
  create: (params) => new Ensemble(params),
  prepare: async (json) => {
    const fitted = (json?.state as EnsembleState | null | undefined)?.members;
    const members =
      fitted ?? new Ensemble(json?.params ?? {}).params.members.map((m, k) => memberOf(m, k).type);
    for (const m of members) await prepareDetector(m);
  },
  relativeTolerance: (json) =>
    Math.max(0, ...((json.state as EnsembleState | null)?.members ?? []).map((m) => relativeTolerance(m))),
  fromJSON: (json) => {
    const det = new Ensemble(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as EnsembleState);
    return det;
  },
};
