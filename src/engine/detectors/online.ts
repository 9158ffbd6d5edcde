import type { CalibratedLearner } from '../online/calibrated-learner';
import { createOnlineModel, type OnlineModel } from '../online/online-model';
import { defaultOnlineThreshold } from '../online/nab-thresholds';
import { ONLINE_CHUNK_ROWS } from '../online/runner';
import type { Lookback } from '../util/lookback';
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
  type ParamSpec,
  type RowContext,
} from './detector';
import { checkInt } from './params';

/** Online models a served pipeline can run: those that learn row by row without an asynchronous refit. */
export const SERVABLE_ONLINE_MODELS = ['ensemble', 'rcf', 'robust-z', 'seasonal'] as const;
export type ServableOnlineModel = (typeof SERVABLE_ONLINE_MODELS)[number];

/** Parameters of the online detector. */
export interface OnlineDetectorParams {
  /** The online model (`createOnlineModel`'s type). */
  model: ServableOnlineModel;
  /** The model's own params as JSON text (as `cli online --params`; an object is taken too); '' = its defaults. */
  modelParams: string;
  /** Each entity's first rows: the model learns, and they score 0 (NAB's probationary period, at most 750). */
  probation: number;
  seed: number;
  /**
   * The likelihood at or above which a row alerts (without training labels); 0 = the model's own
   * (`defaultOnlineThreshold`: its NAB-optimised threshold with default params, else 0.5).
   */
  threshold: number;
}

export interface OnlineDetectorState {
  nFeatures: number;
  trainRows: number;
}

const TYPE = 'online';
const VERSION = 1;
const DEFAULTS: OnlineDetectorParams = {
  model: 'ensemble',
  modelParams: '',
  probation: 750,
  seed: 0,
  threshold: 0,
};

function resolveParams(raw: Record<string, unknown> = {}): OnlineDetectorParams {
  const p: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULTS)) {
      throw new Error(`${TYPE}: unknown parameter '${key}' (known: ${Object.keys(DEFAULTS).join(', ')})`);
    }
    if (value !== undefined) p[key] = value;
  }
  if (!(SERVABLE_ONLINE_MODELS as readonly unknown[]).includes(p.model)) {
    throw new Error(
      `${TYPE}: parameter 'model' must be one of ${SERVABLE_ONLINE_MODELS.map((m) => `'${m}'`).join(', ')}, ` +
        `got ${JSON.stringify(p.model)} (iforest, kmeans and lstm-ae refit asynchronously: run them with cli online)`,
    );
  }
  const parsed = modelParamsOf(p.modelParams);
  p.modelParams = Object.keys(parsed).length ? JSON.stringify(parsed) : '';
  for (const k of ['probation', 'seed', 'threshold'] as const) {
    if (typeof p[k] !== 'number' || !Number.isFinite(p[k])) {
      throw new Error(`${TYPE}: parameter '${k}' must be a finite number, got ${JSON.stringify(p[k])}`);
    }
  }
  const params = p as unknown as OnlineDetectorParams;
  checkInt(TYPE, 'probation', params.probation, 0, 1_000_000);
  checkInt(TYPE, 'seed', params.seed, 0);
  if (!(params.threshold >= 0 && params.threshold < 1)) {
    throw new Error(
      `${TYPE}: parameter 'threshold' must be in (0, 1), or 0 for the model's own, got ${params.threshold}`,
    );
  }
  return params;
}

/** The model's params: an object, or its JSON text (the page's text field); '' = {}. */
function modelParamsOf(raw: unknown): Record<string, unknown> {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new Error(`${TYPE}: parameter 'modelParams' is not JSON: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${TYPE}: parameter 'modelParams' must be a JSON object such as {"shingleSize": 2}`);
  }
  return value as Record<string, unknown>;
}

/**
 * One entity's rows through a fresh online learner: the likelihood of each row, 0 during the
 * probationary period. Throws if the learner would refit asynchronously.
 */
class OnlineEntityStream implements DetectorStream {
  private row = 0;
  private raw = new Float64Array(0);

  constructor(
    private readonly learner: CalibratedLearner,
    private readonly cols: number,
    private readonly probation: number,
  ) {}

  push(x: ArrayLike<number>, t: number): number {
    if (this.learner.push(x, t)) {
      throw new Error(`${TYPE}: the model refitted asynchronously, which a stream cannot wait for`);
    }
    return this.row++ < this.probation ? 0 : this.learner.likelihood;
  }

  pushMany(x: Float64Array, count: number, t: Float64Array, out: Float64Array): void {
    if (this.raw.length < count) this.raw = new Float64Array(count);
    if (this.learner.pushMany(x, this.cols, count, t, this.raw, out)) {
      throw new Error(`${TYPE}: the model refitted asynchronously, which a stream cannot wait for`);
    }
    for (let r = 0; r < count; r++) if (this.row++ < this.probation) out[r] = 0;
  }
}

/**
 * The online path of `cli online` and `npm run bench -- nab` as a detector, so that a bundle, the
 * scoring server, the Redis stream scorer and the Deployment page's live stream run exactly what was
 * benchmarked: each entity learns from its own rows only, from its first row on (`createOnlineModel`:
 * the default online ensemble, streaming rcf, robust-z or seasonal), and each row's score is its anomaly
 * likelihood in [0, 1) (docs/decisions/013). Fitting learns nothing from the training rows; its alert
 * threshold is a likelihood (`threshold`), whatever labels the training rows carry.
 */
export class OnlineDetector implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly params: Readonly<OnlineDetectorParams>;
  readonly sequential = true;
  private readonly model: OnlineModel;
  private state: OnlineDetectorState | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.params = resolveParams(params);
    const { model, modelParams, seed } = this.params;
    this.model = createOnlineModel(model, modelParamsOf(modelParams), seed);
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    throwIfAborted(options.signal);
    return this.fitNow(X, options);
  }

  fitNow(X: Matrix, options: FitOptions = {}): this {
    options.onProgress?.(0);
    if (X.rows < 1 || X.cols < 1) {
      throw new Error(`${TYPE}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`);
    }
    assertFinite(TYPE, X, 'training data');
    this.setState({ nFeatures: X.cols, trainRows: X.rows });
    options.onProgress?.(1);
    return this;
  }

  /** Each entity of `context` (all rows one entity, in row order, without groups) from a fresh learner. */
  score(X: Matrix, context?: RowContext): Float64Array {
    const s = this.requireState('score');
    assertWidth(TYPE, X, s.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const { data, cols } = X;
    const time = context?.time;
    const scores = new Float64Array(X.rows);
    // An entity's rows go to its stream in chunks (the same scores as row by row; faster for a forest).
    const x = new Float64Array(ONLINE_CHUNK_ROWS * cols);
    const t = new Float64Array(ONLINE_CHUNK_ROWS);
    const out = new Float64Array(ONLINE_CHUNK_ROWS);
    for (const group of contextGroups(X.rows, context)) {
      const stream = this.newStream(cols);
      for (let k0 = 0; k0 < group.length; k0 += ONLINE_CHUNK_ROWS) {
        const count = Math.min(ONLINE_CHUNK_ROWS, group.length - k0);
        for (let r = 0; r < count; r++) {
          const i = group[k0 + r];
          x.set(data.subarray(i * cols, (i + 1) * cols), r * cols);
          t[r] = time ? time[i] : NaN;
        }
        stream.pushMany(x, count, t, out);
        for (let r = 0; r < count; r++) scores[group[k0 + r]] = out[r];
      }
    }
    return scores;
  }

  /** Scores are likelihoods: one threshold serves every entity. */
  calibratedThreshold(): number {
    const { threshold, model, modelParams } = this.params;
    return threshold > 0 ? threshold : defaultOnlineThreshold(model, modelParamsOf(modelParams));
  }

  stream(): DetectorStream {
    return this.newStream(this.requireState('stream').nFeatures);
  }

  /** A learner's state is everything it has seen (forests' reservoirs, the likelihood's history). */
  streamLookback(): Lookback {
    return null;
  }

  notes(): string[] {
    if (!this.state) return [];
    const { probation } = this.params;
    return [
      `Learns each entity from its own rows only, row by row, as in production (cli online, the NAB ` +
        `benchmark): the score is the anomaly likelihood in [0, 1); an entity's first ${probation} rows ` +
        'are its probationary period and score 0.',
      ...this.model.notes(probation),
    ];
  }

  toJSON(): DetectorJSON {
    const s = this.state;
    return {
      type: TYPE,
      version: VERSION,
      params: { ...this.params },
      state: s && { ...s },
    };
  }

  private newStream(cols: number): OnlineEntityStream {
    const { probation } = this.params;
    return new OnlineEntityStream(this.model.learner(cols, probation), cols, probation);
  }

  private requireState(what: string): OnlineDetectorState {
    if (!this.state) {
      throw new Error(`${TYPE}: ${what}() called before fit(); fit the detector or load a fitted one`);
    }
    return this.state;
  }

  /** @internal Installs fitted state (from fit or from JSON) after checking its shape. */
  setState(state: OnlineDetectorState): void {
    const ok =
      state &&
      typeof state === 'object' &&
      Number.isInteger(state.nFeatures) &&
      state.nFeatures >= 1 &&
      Number.isInteger(state.trainRows) &&
      state.trainRows >= 1;
    if (!ok) throw new Error(`${TYPE}: invalid fitted state: nFeatures and trainRows must be integers >= 1`);
    this.state = { nFeatures: state.nFeatures, trainRows: state.trainRows };
  }
}

const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'model',
    label: 'Online model',
    kind: 'choice',
    default: DEFAULTS.model,
    choices: SERVABLE_ONLINE_MODELS,
    help:
      "'ensemble': two streaming Random Cut Forests (shingles of 4 and 1 rows) with Numenta's spatial " +
      "rule, NAB 73.5 on the NAB AWS series; 'rcf', 'robust-z', 'seasonal' alone. Each entity learns " +
      'from its own rows as they come. The forests cost grows with the metrics: about 2,000 rows/s on ' +
      'one metric, 300 on seven (minutes for the demo); robust-z and seasonal take a moment.',
  },
  {
    name: 'modelParams',
    label: 'Model parameters (JSON)',
    kind: 'string',
    default: '',
    help:
      'The online model\'s parameters as JSON, as cli online --params takes them (e.g. {"shingleSize": 2} ' +
      'for rcf, {"members": ["rcf", "robust-z"]} for the ensemble). Empty: the defaults chosen on NAB.',
  },
  {
    name: 'probation',
    label: 'Probation (rows)',
    kind: 'int',
    default: DEFAULTS.probation,
    min: 0,
    max: 1_000_000,
    help:
      "Each entity's first rows, while its model learns: they score 0 and never alert. NAB uses 15% of a " +
      'series, at most 750 rows.',
  },
  {
    name: 'seed',
    label: 'Seed',
    kind: 'int',
    default: DEFAULTS.seed,
    min: 0,
    help: "Seeds the forests' random cuts and samples.",
  },
  {
    name: 'threshold',
    label: 'Likelihood threshold',
    kind: 'number',
    default: DEFAULTS.threshold,
    min: 0,
    max: 0.99,
    help:
      "Rows whose likelihood reaches it alert (0.5: a tail of about 1e-5). 0: the model's own, the " +
      "threshold NAB's optimisation chose for it on the NAB AWS series (ensemble 0.389, rcf 0.400, " +
      'robust-z 0.528, seasonal 0.644), or 0.5 with other model parameters. Evaluation can still move it.',
  },
];

export const onlineFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'Online learner (NAB)',
  description:
    'Learns each entity from its own rows as they arrive, as a production stream does, and scores each ' +
    "row by its anomaly likelihood: how improbable the recent scores are under the entity's own past " +
    'scores, so one threshold serves every series. The path benchmarked on NAB (73.5 standard).',
  params: PARAM_SPECS,
  input: 'raw',
  create: (params) => new OnlineDetector(params),
  fromJSON: (json) => {
    const d = new OnlineDetector(json.params);
    if (json.state !== null && json.state !== undefined) d.setState(json.state as OnlineDetectorState);
    return d;
  },
};
