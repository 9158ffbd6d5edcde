import { createRandom, type Random } from '../util/random';
import { gridPoint, gridSize } from './grid';
import { trialParams, validateSpace, type ParamValue, type SearchSpace, type TrialParams } from './space';
import { DEFAULT_TPE, tpeSuggest, type Observation, type TpeOptions } from './tpe';
import { sampleSpace } from './uniform-sample';

export type SearchMethod = 'grid' | 'random' | 'tpe';

/** What a trial runner learns about the trial it runs. */
export interface TrialInfo {
  index: number;
  /** Fires when the search is cancelled; a runner that can stop early should. */
  signal: AbortSignal;
}

/** One trial of a search: its parameters and how it ended. */
export interface Trial {
  index: number;
  /** Where the parameters came from: given up front (e.g. the defaults) or chosen by the method. */
  source: 'given' | 'grid' | 'random' | 'tpe';
  /** The parameters the runner received: the fixed ones plus the searched ones. */
  params: TrialParams;
  /** The objective; null when the trial failed. */
  score: number | null;
  status: 'complete' | 'failed';
  /** Why the trial failed (the runner's error message, or a non-finite score). */
  error?: string;
  /** Wall-clock seconds the runner took. */
  seconds: number;
}

export interface SearchOptions {
  space: SearchSpace;
  method: SearchMethod;
  /** Runs one trial and resolves to its objective; a rejection or a non-finite value fails the trial. */
  runTrial: (params: TrialParams, info: TrialInfo) => Promise<number>;
  /** Most trials to run, given ones included (default 30; a grid stops when exhausted). */
  trials?: number;
  /** Start no trial after this many seconds (trials already running finish). */
  seconds?: number;
  /** Same seed, space and scores: same trials. Default 0. */
  seed?: number;
  /** Whether higher scores are better (default) or lower. */
  direction?: 'maximize' | 'minimize';
  /**
   * Trials running at once (default 1). TPE stays reproducible with several: trial k is proposed from
   * the trials of earlier batches of `parallel`, never from whichever happened to finish first.
   */
  parallel?: number;
  /** Parameters to try first, in order (typically the defaults, so the best is never worse than them). */
  given?: readonly TrialParams[];
  /** Values per numeric dimension of a grid (default 3). */
  gridLevels?: number;
  tpe?: Partial<TpeOptions>;
  /** Called as each trial finishes, with the best trial so far. */
  onTrial?: (trial: Trial, best: Trial | null) => void;
  /** Cancels the search: it resolves at once with the trials finished so far. */
  signal?: AbortSignal;
  /** Milliseconds clock for the time budget (tests pass a fake one). */
  now?: () => number;
}

export interface SearchResult {
  /** Finished trials in index order (trials cut short by a cancel are not listed). */
  trials: Trial[];
  best: Trial | null;
  /** Why the search ended. */
  stopped: 'trials' | 'seconds' | 'exhausted' | 'aborted';
}

const DEFAULT_TRIALS = 30;

function better(a: Trial, b: Trial | null, sign: number): boolean {
  return b === null || sign * (a.score as number) > sign * (b.score as number);
}

/** The values of given parameters along the space's dimensions (undefined where absent). */
function valuesOf(space: SearchSpace, params: TrialParams): ParamValue[] {
  return space.dimensions.map((d) => params[d.name]);
}

/**
 * Runs a hyperparameter search: proposes parameters by grid, random or TPE sampling, runs them through
 * `runTrial` (up to `parallel` at a time), and resolves with every finished trial and the best. Seeded:
 * the same seed, space and scores give the same trials. Budget by trials, by seconds, or both.
 */
export async function runSearch(options: SearchOptions): Promise<SearchResult> {
  const { space, method, runTrial } = options;
  validateSpace(space);
  const given = options.given ?? [];
  const levels = options.gridLevels ?? 3;
  const grid = method === 'grid' ? gridSize(space, levels) : Infinity;
  const maxTrials = Math.min(
    options.trials ?? (method === 'grid' ? Infinity : DEFAULT_TRIALS),
    given.length + grid,
  );
  if (!(maxTrials >= 0)) throw new Error(`search: trials must be >= 0, got ${options.trials}`);
  const parallel = Math.max(1, Math.floor(options.parallel ?? 1));
  const sign = options.direction === 'minimize' ? -1 : 1;
  const tpe: TpeOptions = { ...DEFAULT_TPE, ...options.tpe };
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const master = createRandom(options.seed ?? 0);
  const order = method === 'grid' ? shuffledOrder(grid, master) : null;
  const inner = new AbortController();
  const outer = options.signal;

  const finished: (Trial | undefined)[] = [];
  let best: Trial | null = null;
  let next = 0;
  let stopped: 'trials' | 'seconds' | 'exhausted' | null = null;
  const running = new Map<number, Promise<void>>();

  /** Trials 0..upTo-1 that completed, as TPE observations (scores oriented so that higher is better). */
  const history = (upTo: number): Observation[] => {
    const h: Observation[] = [];
    for (let i = 0; i < upTo; i++) {
      const t = finished[i];
      if (t?.status === 'complete')
        h.push({ values: valuesOf(space, t.params), score: sign * (t.score as number) });
    }
    return h;
  };

  /** Whether trial k's proposal can be made now (TPE waits for the earlier batches). */
  const ready = (k: number): boolean => {
    if (method !== 'tpe' || k < given.length || k < tpe.startupTrials) return true;
    const batchStart = k - (k % parallel);
    for (let i = 0; i < batchStart; i++) if (!finished[i]) return false;
    return true;
  };

  const propose = (k: number, rng: Random): { source: Trial['source']; values: ParamValue[] } => {
    if (k < given.length) return { source: 'given', values: valuesOf(space, given[k]) };
    if (method === 'grid')
      return { source: 'grid', values: gridPoint(space, levels, order![k - given.length]) };
    if (method === 'random') return { source: 'random', values: sampleSpace(space, rng) };
    const h = history(k - (k % parallel));
    return {
      source: h.length < tpe.startupTrials ? 'random' : 'tpe',
      values: tpeSuggest(space, h, rng, tpe),
    };
  };

  const start = (k: number): void => {
    const rng = master.fork();
    const { source, values } = propose(k, rng);
    const params = k < given.length ? { ...space.fixed, ...given[k] } : trialParams(space, values);
    const t0 = now();
    const settle = (score: number | null, error?: string): void => {
      running.delete(k);
      if (inner.signal.aborted) return;
      const ok = score !== null && Number.isFinite(score);
      const trial: Trial = {
        index: k,
        source,
        params,
        score: ok ? score : null,
        status: ok ? 'complete' : 'failed',
        seconds: (now() - t0) / 1000,
      };
      if (!ok) trial.error = error ?? `the objective was ${String(score)}`;
      finished[k] = trial;
      if (ok && better(trial, best, sign)) best = trial;
      options.onTrial?.(trial, best);
    };
    let promise: Promise<number>;
    try {
      promise = runTrial(params, { index: k, signal: inner.signal });
    } catch (e) {
      promise = Promise.reject(e);
    }
    running.set(
      k,
      promise.then(
        (score) => settle(typeof score === 'number' ? score : null),
        (e: unknown) => settle(null, e instanceof Error ? e.message : String(e)),
      ),
    );
  };

  let abortWake: () => void = () => {};
  const onAbort = (): void => {
    inner.abort();
    abortWake();
  };
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  try {
    while (!inner.signal.aborted) {
      while (running.size < parallel && stopped === null) {
        if (next >= maxTrials) stopped = next >= given.length + grid ? 'exhausted' : 'trials';
        else if (now() >= deadline) stopped = 'seconds';
        else if (!ready(next)) break;
        else start(next++);
      }
      if (running.size === 0) break;
      await new Promise<void>((resolve) => {
        abortWake = resolve;
        for (const p of running.values()) void p.then(resolve);
      });
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  const trials = finished.filter((t): t is Trial => t !== undefined);
  return { trials, best, stopped: inner.signal.aborted ? 'aborted' : (stopped ?? 'trials') };
}

/** 0..n-1 in a seeded random order (Fisher-Yates), so a grid cut short by the budget is an even sample. */
function shuffledOrder(n: number, rng: Random): Int32Array | null {
  if (!Number.isFinite(n)) return null;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
