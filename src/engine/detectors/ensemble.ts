import { averagePrecision } from '../metrics/pr';
import { bestF1Threshold, quantileThreshold } from '../metrics/threshold';
import { combineLookbacks, lookback, type Lookback } from '../util/lookback';
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
import { combineHeld, combineStart, foldMember } from './ensemble/combine';
import { heldOutOf, type HeldOut } from './ensemble/held-out';
import { smoothGroups } from './ensemble/smooth';
import { createMember, memberLabel } from './ensemble/members';
import { applyNormalizer, fitNormalizer, type Normalizer } from './ensemble/normalize';
import {
  ENSEMBLE_PARAM_SPECS,
  ENSEMBLE_TYPE,
  SMOOTH_CHOICES,
  UNLABELLED_COMBINE,
  UNLABELLED_SMOOTH,
  memberOf,
  resolveEnsembleParams,
  type CombineKind,
  type EnsembleParams,
} from './ensemble/params';
import { blockedFolds } from './ensemble/split';
import { stateCombine, validateState, type EnsembleState, type WeightSource } from './ensemble/state';
import { EnsembleStream } from './ensemble/stream';
import {
  SELECTION_ROUNDS,
  equalWeights,
  normalizedWeights,
  selectionWeights,
  weightsFromPrAuc,
} from './ensemble/weights';
import { detectorFactory, loadDetector, prepareDetector, relativeTolerance } from './registry';

export type {
  EnsembleParams,
  MemberSpec,
  NormalizeKind,
  CombineKind,
  CombineSpec,
  SmoothSpec,
  WeightsSpec,
} from './ensemble/params';
export type { EnsembleState, WeightSource } from './ensemble/state';
export type { Normalizer } from './ensemble/normalize';

const VERSION = 1;
/** The share of every entity's training rows, its latest, held out to weigh the members. */
export const VALIDATION_SHARE = 0.2;

const fmt = (n: number): string => n.toLocaleString('en-US');

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
    const sequentialMember = this.params.members.some(
      (m, k) => createMember(m, k, this.params.seed).sequential,
    );
    // Smoothing makes a row's score depend on its entity's earlier rows.
    this.sequential = sequentialMember || this.params.smooth !== 1;
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
    const { members, weights, normalize, contamination, seed, folds } = this.params;
    const m = members.length;
    const groups = contextGroups(X.rows, context);
    const chooses =
      weights === 'pr-auc' ||
      weights === 'select' ||
      this.params.combine === 'auto' ||
      this.params.smooth === 'auto';
    const splits = chooses && labels ? blockedFolds(X, groups, folds, VALIDATION_SHARE, context?.time) : [];
    const heldOut = labels ? heldOutOf(splits, groups, labels, X.rows) : null;
    const steps = heldOut ? (splits.length + 1) * m : m;
    let step = 0;
    onProgress?.(0);

    // Every held-out row's score from a member fitted without it, normalized (and as an alert for a
    // vote) by maps fitted on that fold's own fit rows.
    let prAuc: number[] | null = null;
    const heldNorm: Float64Array[] = [];
    const heldVote: Float64Array[] = [];
    if (heldOut) {
      for (let k = 0; k < m; k++) {
        const norm = new Float64Array(heldOut.rows.length);
        const vote = new Float64Array(heldOut.rows.length);
        for (const split of splits) {
          const det = createMember(members[k], k, seed);
          await det.fit(split.X, {
            context: split.context,
            signal,
            onProgress: stepProgress(onProgress, step, steps),
          });
          // Scored with every row's history; fit rows keep the scores they were fitted with.
          const all = det.score(X, context);
          const fitScores = Float64Array.from(split.fit, (i) => all[i]);
          const raw = Float64Array.from(split.validation, (i) => all[i]);
          const z = applyNormalizer(fitNormalizer(normalize, fitScores), raw, new Float64Array(raw.length));
          const level = quantileThreshold(fitScores, contamination);
          split.validation.forEach((i, r) => {
            const p = heldOut.position[i];
            norm[p] = z[r];
            vote[p] = raw[r] >= level ? 1 : 0;
          });
          onProgress?.(++step / steps);
          throwIfAborted(signal);
        }
        heldNorm.push(norm);
        heldVote.push(vote);
      }
      prAuc = heldNorm.map((h) => averagePrecision(heldOut.labels, h));
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

    const voting = this.params.combine === 'vote';
    const held = voting ? heldVote : heldNorm;
    let w: number[];
    let weightSource: WeightSource;
    if (Array.isArray(weights)) {
      w = normalizedWeights(weights);
      weightSource = 'given';
    } else if (prAuc && heldOut && weights === 'pr-auc') {
      w = weightsFromPrAuc(prAuc, heldOut.positiveRate);
      weightSource = 'pr-auc';
    } else if (prAuc && heldOut && weights === 'select') {
      w = selectionWeights(held, (combined) => averagePrecision(heldOut.labels, combined));
      weightSource = 'select';
    } else {
      w = equalWeights(m);
      weightSource = 'equal';
    }
    const choice = this.chooseCombination(held, w, heldOut);
    this.install(
      {
        nFeatures: X.cols,
        trainRows: X.rows,
        members: detectors.map((d) => d.toJSON()),
        normalizers,
        weights: w,
        weightSource,
        validationPrAuc: prAuc,
        validationRows: heldOut ? heldOut.rows.length : 0,
        voteLevels,
        combine: choice.combine,
        smooth: choice.smooth,
        heldOutPrAuc: choice.prAuc,
        heldOutThreshold: choice.threshold,
        folds: heldOut ? heldOut.folds : 0,
      },
      detectors,
    );
    onProgress?.(1);
    return this;
  }

  /**
   * The combination rule and smoothing: as set, or ('auto') the pair with the best PR-AUC of the
   * held-out rows' combined scores (smoothed along each entity's held-out rows), the simpler on ties;
   * without labels, the documented defaults.
   */
  private chooseCombination(
    held: readonly Float64Array[],
    weights: readonly number[],
    heldOut: HeldOut | null,
  ): { combine: CombineKind; smooth: number; prAuc: number | null; threshold: number | null } {
    const { combine, smooth } = this.params;
    const rules: CombineKind[] =
      combine !== 'auto' ? [combine] : heldOut ? ['weighted-mean', 'max'] : [UNLABELLED_COMBINE];
    const lengths = smooth !== 'auto' ? [smooth] : heldOut ? [...SMOOTH_CHOICES] : [UNLABELLED_SMOOTH];
    if (!heldOut) return { combine: rules[0], smooth: lengths[0], prAuc: null, threshold: null };
    let best: { combine: CombineKind; smooth: number; prAuc: number; scores: Float64Array } = {
      combine: rules[0],
      smooth: lengths[0],
      prAuc: -Infinity,
      scores: new Float64Array(0),
    };
    for (const rule of rules) {
      const combined = combineHeld(held, weights, rule);
      for (const k of lengths) {
        const scores = smoothGroups(combined, heldOut.groups, k);
        const value = averagePrecision(heldOut.labels, scores);
        if (value > best.prAuc) best = { combine: rule, smooth: k, prAuc: value, scores };
      }
    }
    const { threshold } = bestF1Threshold(heldOut.labels, best.scores);
    return {
      combine: best.combine,
      smooth: best.smooth,
      prAuc: best.prAuc,
      threshold: Number.isFinite(threshold) ? threshold : null,
    };
  }

  /**
   * Weighted mean (or maximum) of the members' normalized scores, or weighted share of members alerting
   * (vote); then, when smoothing, each entity's trailing mean of those over its last rows.
   */
  score(X: Matrix, context?: RowContext): Float64Array {
    const s = this.state;
    if (!s) {
      throw new Error(`${ENSEMBLE_TYPE}: score() called before fit(); fit the detector or load a fitted one`);
    }
    assertWidth(ENSEMBLE_TYPE, X, s.nFeatures);
    assertFinite(ENSEMBLE_TYPE, X, 'scoring data');
    const combine = stateCombine(s, this.params);
    const out = new Float64Array(X.rows).fill(combineStart(combine));
    const normalized = new Float64Array(X.rows);
    const vote = combine === 'vote';
    this.detectors.forEach((det, k) => {
      const raw = det.score(X, context);
      if (!vote) applyNormalizer(s.normalizers[k], raw, normalized);
      foldMember(out, s.weights[k], normalized, raw, vote ? s.voteLevels[k] : null, combine);
    });
    const smooth = s.smooth ?? 1;
    return smooth > 1 ? smoothGroups(out, contextGroups(X.rows, context), smooth) : out;
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
      return new EnsembleStream(
        this.detectors,
        s.normalizers,
        s.weights,
        s.voteLevels,
        stateCombine(s, this.params),
        s.smooth ?? 1,
        s.nFeatures,
      );
    };
  }

  /**
   * The members' streams side by side, then in series the last `smooth - 1` combined scores when
   * smoothing (each of which depends on the members' history).
   */
  streamLookback(): Lookback {
    const smooth = this.state?.smooth ?? 1;
    const members = combineLookbacks(
      this.detectors.map((d) => (!d.sequential ? lookback(0) : d.streamLookback ? d.streamLookback() : null)),
    );
    return members && lookback(members.rows + Math.max(0, smooth - 1), members.period);
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const { members, normalize, contamination } = this.params;
    const combine = stateCombine(s, this.params);
    const smooth = s.smooth ?? 1;
    const named = (values: readonly number[], digits: number): string =>
      values.map((v, k) => `${memberLabel(members[k], k)} ${v.toFixed(digits)}`).join(', ');
    const normalized =
      `scores normalized by ${normalize === 'rank' ? 'rank' : normalize === 'robust-z' ? 'robust z' : 'min-max'} ` +
      `(fitted on the ${fmt(s.trainRows)} training rows' scores)`;
    const how =
      combine === 'vote'
        ? `a weighted vote of their alerts (each member alerting above its training scores' ` +
          `${((1 - contamination) * 100).toFixed(1)}th percentile; the score is the weighted share alerting)`
        : combine === 'max'
          ? `the highest of their ${normalized}, over the members weighing above 0`
          : `a weighted mean of their ${normalized}`;
    const notes = [`Combines ${members.length} members by ${how}; weights ${named(s.weights, 3)}.`];
    const folds = s.folds ?? 0;
    const heldOut =
      folds > 1
        ? `every training row (${fmt(s.validationRows)} rows) scored by members fitted without it ` +
          `(${folds} consecutive blocks of every entity, each held out once)`
        : `the last ${VALIDATION_SHARE * 100}% of every entity's training rows (${fmt(s.validationRows)} rows), ` +
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
          : 'Equal weights: the training rows have no labels of both kinds to weigh the members by.',
      );
    } else {
      notes.push('Weights set by hand, scaled to sum to 1.');
    }
    const smoothing =
      smooth > 1
        ? `each row scores the mean of its entity's last ${smooth} combined scores (itself included)`
        : 'no smoothing over rows';
    const auto = this.params.combine === 'auto' || this.params.smooth === 'auto';
    if (auto && typeof s.heldOutPrAuc === 'number') {
      notes.push(
        `Chosen on the same held-out rows: combine by ${combine}, ${smoothing} (held-out PR-AUC ` +
          `${s.heldOutPrAuc.toFixed(3)}` +
          (typeof s.heldOutThreshold === 'number'
            ? `; the best-F1 alert threshold on those rows is ${s.heldOutThreshold.toPrecision(4)}).`
            : ').'),
      );
    } else if (auto) {
      notes.push(
        `Without labels to choose by: combine by ${combine}, ${smoothing} (the defaults measured on the ` +
          'development data).',
      );
    } else {
      notes.push(`Combine by ${combine}, ${smoothing}, as set.`);
    }
    this.detectors.forEach((det) => {
      const label = detectorFactory(det.type).label;
      for (const n of det.notes()) notes.push(`${label}: ${n}`);
    });
    return notes;
  }

  parts(): readonly { label: string; detector: Detector }[] {
    return this.detectors.map((detector, k) => ({ label: memberLabel(this.params.members[k], k), detector }));
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
      combine: s.combine,
      smooth: s.smooth,
      heldOutPrAuc: s.heldOutPrAuc ?? null,
      heldOutThreshold: s.heldOutThreshold ?? null,
      folds: s.folds ?? 0,
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
