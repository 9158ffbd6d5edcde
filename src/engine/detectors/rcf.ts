import { lookback, type Lookback } from '../util/lookback';
import type { Matrix } from '../util/matrix';
import { createRandom, type Random } from '../util/random';
import {
  assertFinite,
  assertWithin,
  assertWidth,
  contextGroups,
  throwIfAborted,
  runSteps,
  runStepsAsync,
  type Detector,
  type DetectorFactory,
  type DetectorStream,
  type DetectorJSON,
  type FitOptions,
  type ParamSpec,
  type RowContext,
} from './detector';
import { forestFromState, forestToState, scoreBatch, scoreStream, type RcForest } from './rcf/forest';
import {
  RCF_PARAM_SPECS,
  RCF_TYPE,
  RCF_VALUE_LIMIT,
  defaultTimeDecay,
  resolveRcfParams,
  type RcfParams,
} from './rcf/params';
import type { TimeDecayReservoir } from './rcf/reservoir';
import { sampleStreamed, sampleWithoutReplacement } from './rcf/sampling';
import { checkGroups, shingleRows, shingleSources, writeShingles } from './rcf/shingle';
import { validateState, type RcfState } from './rcf/state';
import { RcTree } from './rcf/tree';
import { ShingleStream } from './rcf/shingle-stream';
import { ForestStream } from './rcf/forest-stream';

export type { RcfParams, RcfUpdate } from './rcf/params';
export type { RcfState } from './rcf/state';

const VERSION = 1;
const YIELD_EVERY_MS = 40;
// Streamed scoring draws from its own generator, so it never replays the draws that built the trees.
const STREAM_SALT = 0x2545f491;

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Random Cut Forest (Guha et al., ICML 2016; AWS's random-cut-forest-by-aws): random cut trees whose
 * cuts fall along a dimension with probability proportional to the box's span there; a row's score is
 * its collusive displacement (CoDisp, as rrcf defines it) as if inserted into each tree, in expectation
 * over the insertion's random cut, averaged over trees. Optional shingling (rows of the same entity
 * concatenated) and streamed updates with a time-decayed reservoir per tree.
 */
export class RandomCutForest implements Detector {
  readonly type = RCF_TYPE;
  readonly version = VERSION;
  readonly params: Readonly<RcfParams>;
  readonly sequential: boolean;
  private state: RcfState | null = null;
  private forest: RcForest | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveRcfParams(params));
    this.sequential = this.params.shingleSize > 1 || this.params.update === 'stream';
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  private get timeDecay(): number | null {
    return this.params.update === 'stream' ? defaultTimeDecay(this.params.sampleSize) : null;
  }

  /**
   * Builds each tree on its own sample of the training rows (shingled per entity when shingleSize > 1):
   * with update 'none' a uniform random sample of sampleSize rows; with 'stream' the time-decayed
   * reservoir an AWS forest would hold after reading the training rows in order (so recent rows weigh
   * more). A tree built at once on a sample is distributed as one grown point by point (Theorem 3).
   */
  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    throwIfAborted(options.signal);
    await runStepsAsync(this.fitSteps(X, options), options.signal);
    return this;
  }

  fitNow(X: Matrix, options: FitOptions = {}): this {
    runSteps(this.fitSteps(X, options));
    return this;
  }

  private *fitSteps(X: Matrix, options: FitOptions): Generator<void> {
    const { onProgress } = options;
    if (X.rows < 1 || X.cols < 1) {
      throw new Error(`${RCF_TYPE}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`);
    }
    assertFinite(RCF_TYPE, X, 'training data');
    assertWithin(RCF_TYPE, X, 'training data', RCF_VALUE_LIMIT);
    const { numTrees, sampleSize, shingleSize, seed } = this.params;
    const n = X.rows;
    const dim = X.cols * shingleSize;
    const timeDecay = this.timeDecay;
    let groups: readonly ArrayLike<number>[] = [];
    if (this.sequential) {
      groups = contextGroups(n, options.context);
      checkGroups(groups, n);
    }
    const points = shingleSize > 1 ? shingleRows(X, groups, shingleSize) : X.data;
    const forest: RcForest = {
      dim,
      points,
      trees: [],
      reservoirs: timeDecay === null ? null : [],
      clock: timeDecay === null ? 0 : groups.reduce((m, g) => Math.max(m, g.length), 0),
    };
    const k = Math.min(sampleSize, n);
    const pool = timeDecay === null ? Int32Array.from({ length: n }, (_, i) => i) : new Int32Array(0);
    const rng = createRandom(seed);

    onProgress?.(0);
    let lastYield = performance.now();
    for (let t = 0; t < numTrees; t++) {
      const treeRng = rng.fork();
      let idx: Int32Array;
      if (timeDecay === null) {
        idx = sampleWithoutReplacement(pool, k, treeRng);
      } else {
        const r = sampleStreamed(groups, sampleSize, timeDecay, treeRng);
        (forest.reservoirs as TimeDecayReservoir[]).push(r);
        idx = r.point.slice(0, r.size);
      }
      const tree = new RcTree(dim, timeDecay === null ? k : sampleSize, points);
      tree.build(idx, treeRng);
      forest.trees.push(tree);
      const now = performance.now();
      if (now - lastYield > YIELD_EVERY_MS || t === numTrees - 1) {
        onProgress?.((t + 1) / numTrees);
        yield;
        lastYield = performance.now();
      }
    }
    this.setState({
      nFeatures: X.cols,
      dim,
      trainRows: n,
      ...forestToState(forest, {
        data: X.data,
        cols: X.cols,
        shingleSize,
        srcRows: shingleSize > 1 ? shingleSources(groups, n, shingleSize) : null,
      }),
      clock: forest.clock,
    });
  }

  /**
   * Mean CoDisp over the trees: a few units for a row like the sample, up to sampleSize for a row the
   * first cut isolates. With update 'stream' each entity of the context is walked in time order on a
   * fresh copy of the fitted forest (scored, then offered to every tree's reservoir), so the result is a
   * pure function of the fitted state, X and the context.
   */
  score(X: Matrix, context?: RowContext): Float64Array {
    const forest = this.forest;
    if (!forest || !this.state) {
      throw new Error(`${RCF_TYPE}: score() called before fit(); fit the detector or load a fitted one`);
    }
    assertWidth(RCF_TYPE, X, this.state.nFeatures);
    assertFinite(RCF_TYPE, X, 'scoring data');
    assertWithin(RCF_TYPE, X, 'scoring data', RCF_VALUE_LIMIT);
    const n = X.rows;
    const out = new Float64Array(n);
    if (!this.sequential) {
      scoreBatch(forest, X.data, n, out);
      return out;
    }
    const groups = contextGroups(n, context);
    checkGroups(groups, n);
    const s = this.params.shingleSize;
    if (this.params.update === 'none') {
      scoreBatch(forest, shingleRows(X, groups, s), n, out);
      return out;
    }
    for (const g of groups) {
      const entity = new Float64Array(g.length * forest.dim);
      writeShingles(X, g, s, entity, (k) => k);
      const scores = scoreStream(forest, entity, g.length, this.streamRngs(forest));
      for (let k = 0; k < g.length; k++) out[g[k]] = scores[k];
    }
    return out;
  }

  /**
   * One entity's rows one at a time. Without streamed updates the last shingleSize rows are all the
   * state; with update 'stream' the entity gets its own copy of the fitted forest, updated row by row as
   * `score` updates it (bounded: numTrees x sampleSize points whatever the entity's length).
   */
  stream(): DetectorStream {
    const forest = this.forest;
    if (!forest || !this.state) {
      throw new Error(`${RCF_TYPE}: stream() called before fit(); fit the detector or load a fitted one`);
    }
    const { shingleSize, sampleSize } = this.params;
    if (this.params.update === 'none') return new ShingleStream(forest, this.state.nFeatures, shingleSize);
    return new ForestStream(forest, this.state.nFeatures, shingleSize, this.streamRngs(forest), sampleSize);
  }

  /**
   * Without streamed updates, the shingle's earlier rows; with them, unbounded: the entity's forest
   * holds points sampled from its whole history.
   */
  streamLookback(): Lookback {
    return this.params.update === 'none' ? lookback(this.params.shingleSize - 1) : null;
  }

  /**
   * One generator per tree for an entity's streamed updates: every entity starts from the same ones, so
   * an entity's scores never depend on the other entities or on their order.
   */
  private streamRngs(forest: RcForest): Random[] {
    const base = createRandom(this.params.seed ^ STREAM_SALT);
    return forest.trees.map(() => base.fork());
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const { numTrees, sampleSize, shingleSize, update } = this.params;
    const perTree = Math.min(sampleSize, s.trainRows);
    const notes: string[] = [];
    if (update === 'stream') {
      notes.push(
        `${numTrees} trees, each holding a time-decayed reservoir of ${fmt(perTree)} of the ` +
          `${fmt(s.trainRows)} training rows (room for ${fmt(sampleSize)}; decay 1/${fmt(10 * sampleSize)} ` +
          'per step, as AWS), so recent rows weigh more.',
        'Scoring walks each entity in time order on a copy of the fitted forest: a row is scored, then ' +
          'offered to every tree; the fitted model itself never changes.',
      );
    } else {
      notes.push(
        perTree < s.trainRows
          ? `${numTrees} trees, each built on a ${fmt(perTree)}-row random sample of the ` +
              `${fmt(s.trainRows)} training rows (sampleSize caps each tree).`
          : `${numTrees} trees, each built on all ${fmt(s.trainRows)} training rows.`,
      );
    }
    notes.push(
      `Scores are the mean collusive displacement (CoDisp) over trees: a few units for a usual row, up to ` +
        `${fmt(perTree)} for a row isolated by the first cut.`,
    );
    if (shingleSize > 1) {
      const first =
        shingleSize === 2 ? "an entity's first row is" : `an entity's first ${shingleSize - 1} rows are`;
      notes.push(
        `Each point is a shingle of ${shingleSize} consecutive rows of the same entity (${fmt(s.dim)} ` +
          `values); ${first} padded with its earliest row.`,
      );
    }
    return notes;
  }

  toJSON(): DetectorJSON {
    const s = this.state;
    const state: RcfState | null = s && {
      nFeatures: s.nFeatures,
      dim: s.dim,
      trainRows: s.trainRows,
      rows: [...s.rows],
      pointRows: [...s.pointRows],
      nodeStart: [...s.nodeStart],
      cutDim: [...s.cutDim],
      cutValue: [...s.cutValue],
      leafPoint: [...s.leafPoint],
      leafCount: [...s.leafCount],
      sampleStart: [...s.sampleStart],
      samplePoint: [...s.samplePoint],
      sampleWeight: [...s.sampleWeight],
      clock: s.clock,
    };
    return { type: RCF_TYPE, version: VERSION, params: { ...this.params }, state };
  }

  /** @internal Installs fitted state (from fit or from JSON) and rebuilds the trees from it. */
  setState(state: RcfState): void {
    const { numTrees, sampleSize, shingleSize } = this.params;
    const timeDecay = this.timeDecay;
    validateState(state, numTrees, shingleSize, timeDecay !== null);
    this.forest = forestFromState(state, numTrees, sampleSize, shingleSize, timeDecay);
    this.state = state;
  }
}

const PARAM_SPECS: readonly ParamSpec[] = RCF_PARAM_SPECS;

export const rcfFactory: DetectorFactory = {
  type: RCF_TYPE,
  version: VERSION,
  label: 'Random Cut Forest',
  description:
    'Random cut trees with span-weighted cuts (AWS / Guha et al. 2016); a row scores by how many points ' +
    'its removal would displace (CoDisp). Shingling catches unusual shapes in a series; streaming mode ' +
    'keeps adapting to drift while scoring.',
  params: PARAM_SPECS,
  create: (params) => new RandomCutForest(params),
  fromJSON: (json) => {
    const det = new RandomCutForest(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as RcfState);
    return det;
  },
};
