import { basename } from 'node:path';
import {
  averagePrecision,
  cleanForSpec,
  createDetector,
  defaultSpec,
  defaultSplit,
  detectorFactory,
  fitPreprocessing,
  labelsOf,
  selectRows,
  specFromPrep,
  splitDataset,
  trainingInput,
  type Matrix,
  type PipelineSpec,
} from '../engine/index';
import { rowContext } from '../engine/pipeline/row-context';
import {
  defaultTrial,
  detectorSearchSpace,
  EM_MV_BUDGET,
  EM_MV_EXPLANATION,
  emMvCriteria,
  runSearch,
  TPE_BATCH,
  validationPrAuc,
  type DimensionRange,
  type ParamValue,
  type SearchMethod,
  type Trial,
  type TrialParams,
} from '../engine/tuning/index';
import { int, num, parseArgs, str, UsageError } from './args';
import { readPrepConfig } from './features-command';
import { loadDatasetFile } from './files';
import { roleOverrides } from './role-overrides';

type Out = (s: string) => void;

/**
 * Smaller than Goix's 50 groups of 100,000 points: Isolation Forest scores 100,000 points in about 1.4 s
 * here, so the paper's budget costs over a minute per trial on wide data. The groups and points are the
 * same for every trial, which keeps comparisons between trials steadier than the criteria themselves.
 */
type Objective = 'pr-auc' | 'em' | 'mv';

const METHODS: readonly SearchMethod[] = ['grid', 'random', 'tpe'];
const OBJECTIVES: readonly Objective[] = ['pr-auc', 'em', 'mv'];
const OBJECTIVE_NAMES: Record<Objective, string> = {
  'pr-auc': 'validation PR-AUC (higher is better)',
  em: 'excess mass on the validation rows (higher is better)',
  mv: 'mass volume on the validation rows (lower is better)',
};

function parseSpace(raw: string | undefined): Record<string, DimensionRange | ParamValue | null> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--space: not valid JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      '--space: expected a JSON object such as {"nEstimators":{"low":50,"high":500,"log":true},"maxSamples":256}',
    );
  }
  return value as Record<string, DimensionRange | ParamValue | null>;
}

/** Compact parameters for a trial line: numbers to 4 significant digits. */
function shortParams(p: TrialParams): string {
  const parts = Object.entries(p).map(
    ([k, v]) =>
      `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : String(v)}`,
  );
  return parts.join(' ');
}

/** The PR-AUC of `scores` on `rows`, or null when those rows hold no labelled anomaly. */
function prAucOn(labels: Float64Array, scores: Float64Array, rows: Int32Array): number | null {
  const y = Float64Array.from(rows, (i) => (labels[i] === 1 ? 1 : 0));
  if (!y.some((v) => v === 1)) return null;
  return averagePrecision(
    y,
    Float64Array.from(rows, (i) => scores[i]),
  );
}

/**
 * `tune FILE --model NAME`: searches the detector's parameters on the validation rows of the same
 * preparation and split as `train` (its --config, or without one the compact preset features and the
 * default 60/20/20 split), prints each trial and the best, and the best's test PR-AUC beside the defaults'.
 */
export async function tune(argv: string[], out: Out, err: Out): Promise<void> {
  const args = parseArgs(
    argv,
    ['json'],
    [
      'model',
      'search',
      'trials',
      'seconds',
      'seed',
      'objective',
      'space',
      'config',
      'json',
      'metrics',
      'time-col',
      'entity-col',
      'label-col',
      'windows',
    ],
  );
  const file = args.positional[0];
  if (!file) throw new UsageError('tune: FILE is required');
  const type = str(args, 'model') ?? 'iforest';
  const factory = detectorFactory(type);
  const method = (str(args, 'search') ?? 'tpe') as SearchMethod;
  if (!METHODS.includes(method))
    throw new UsageError(`--search: expected one of ${METHODS.join(', ')}, got '${method}'`);
  const seed = int(args, 'seed', 0);
  const trials = args.flags.has('trials') ? int(args, 'trials', 0) : undefined;
  if (trials !== undefined && trials < 1) throw new UsageError('--trials: must be at least 1');
  const seconds = args.flags.has('seconds') ? num(args, 'seconds', 0) : undefined;
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--seconds: must be a positive number');
  const json = args.flags.get('json') === true;
  let space;
  try {
    space = detectorSearchSpace(factory, parseSpace(str(args, 'space')));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--space: ${(e as Error).message}`);
  }
  if (space.dimensions.length === 0)
    throw new UsageError(`tune: nothing to search for ${type}; give --space`);

  const ds = loadDatasetFile(file, roleOverrides(args), str(args, 'windows'));
  const detector = { type, params: {} };
  const rawConfig = str(args, 'config');
  let spec: PipelineSpec;
  let splitOptions = defaultSplit();
  if (rawConfig === undefined) spec = defaultSpec(ds.schema, detector);
  else {
    const config = readPrepConfig(rawConfig);
    spec = specFromPrep(ds.schema, ds.schema.metrics, config, detector);
    splitOptions = config.split;
  }
  const { dataset: cleaned } = cleanForSpec(ds, spec);
  const split = splitDataset(cleaned, splitOptions);
  if (split.validation.length < 2) {
    throw new UsageError(
      `tune: the split leaves ${split.validation.length} validation rows; give --config with a split.validation share > 0`,
    );
  }
  const pre = fitPreprocessing(ds, spec, { cleaned, rows: split.train });
  const train = trainingInput(pre, split.train);
  if (train.X.rows < 2) throw new UsageError(`tune: need at least 2 training rows, got ${train.X.rows}`);
  const context = rowContext(pre.dataset);
  const labels = labelsOf(pre.dataset);
  const validationPositives = labels
    ? split.validation.reduce((n, i) => n + (labels[i] === 1 ? 1 : 0), 0)
    : 0;

  const requested = str(args, 'objective') as Objective | undefined;
  if (requested !== undefined && !OBJECTIVES.includes(requested)) {
    throw new UsageError(`--objective: expected one of ${OBJECTIVES.join(', ')}, got '${requested}'`);
  }
  const objective: Objective = requested ?? (validationPositives > 0 ? 'pr-auc' : 'em');
  if (objective === 'pr-auc' && validationPositives === 0) {
    throw new UsageError(
      labels
        ? `tune: none of the ${split.validation.length} validation rows is a labelled anomaly; move the split or use --objective em`
        : `${basename(file)}: no label column for PR-AUC; name it with --label-col or --windows, or use --objective em`,
    );
  }
  if (objective !== 'pr-auc' && createDetector(type, { ...space.fixed }).sequential) {
    throw new UsageError(
      `tune: ${type} scores each row from the rows before it, which the random points of excess mass lack; ` +
        'tune it on labels (--label-col or --windows)',
    );
  }
  const evaluation: Matrix | null = objective === 'pr-auc' ? null : selectRows(pre.all, split.validation);

  const fitted = async (params: TrialParams, signal?: AbortSignal): Promise<Float64Array> => {
    const det = createDetector(type, params);
    await det.fit(train.X, { context: train.context, signal });
    return det.score(pre.all, context);
  };
  const runTrial = async (params: TrialParams, { signal }: { signal: AbortSignal }): Promise<number> => {
    if (objective === 'pr-auc')
      return validationPrAuc(labels!, await fitted(params, signal), split.validation);
    if (createDetector(type, params).sequential) {
      throw new Error(
        `${type} with these parameters scores rows from their history, which random points lack; ` +
          'excess mass needs a row-wise model (tune it on labels instead)',
      );
    }
    const result = await emMvCriteria(
      train.X,
      evaluation!,
      async (X) => {
        const det = createDetector(type, params);
        await det.fit(X, { signal });
        return (Y) => det.score(Y);
      },
      { ...EM_MV_BUDGET, seed, signal },
    );
    return objective === 'em' ? result.em : result.mv;
  };

  const fmt = (v: number | null): string =>
    v === null ? 'failed' : objective === 'pr-auc' ? v.toFixed(4) : v.toPrecision(5);
  const header =
    `tuning ${type} by ${method} search on ${basename(file)}: ${OBJECTIVE_NAMES[objective]}; ` +
    `split ${split.train.length}/${split.validation.length}/${split.test.length} rows, ${pre.preprocessing.featureNames.length} features; ` +
    `trial 0 is the defaults`;
  if (!json) {
    out(header);
    if (objective !== 'pr-auc') out(EM_MV_EXPLANATION);
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const finished = new Map<number, Trial>();
  let printed = 0;
  let bestPrinted: number | null = null;
  /** One line per trial, marked when it is the best of the trials printed so far. */
  const printTrial = (t: Trial): void => {
    const better =
      t.score !== null &&
      (bestPrinted === null || (objective === 'mv' ? t.score < bestPrinted : t.score > bestPrinted));
    if (better) bestPrinted = t.score;
    const label = t.index === 0 ? 'defaults' : t.source;
    const detail = t.status === 'failed' ? `  (${t.error})` : '';
    out(
      `${String(t.index).padStart(4)}  ${label.padEnd(8)}  ${fmt(t.score).padStart(9)}  ${t.seconds.toFixed(2).padStart(6)} s  ${shortParams(t.params)}${better ? '  *' : ''}${detail}`,
    );
  };
  let result;
  try {
    result = await runSearch({
      space,
      method,
      runTrial,
      trials: trials === undefined ? undefined : Math.max(trials, 1),
      seconds,
      seed,
      direction: objective === 'mv' ? 'minimize' : 'maximize',
      given: [defaultTrial(factory, space)],
      // The browser's batch: a seeded TPE search proposes the same trials here as on the page.
      parallel: method === 'tpe' ? TPE_BATCH : 1,
      signal: controller.signal,
      onTrial: (t: Trial) => {
        if (json) return;
        // Trials of a batch finish in any order: print them in trial order.
        finished.set(t.index, t);
        for (let next = finished.get(printed); next; next = finished.get(printed)) {
          finished.delete(printed++);
          printTrial(next);
        }
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  // After a cancel, trials behind one that never finished are still to print.
  for (const t of [...finished.values()].sort((a, b) => a.index - b.index)) printTrial(t);
  const defaults = result.trials.find((t) => t.index === 0) ?? null;
  const best = result.best;
  // Test PR-AUC of the best and of the defaults, refitted (seeded, so the same models) once at the end.
  let bestTest: number | null = null;
  let defaultsTest: number | null = null;
  if (labels && split.test.length) {
    if (best) bestTest = prAucOn(labels, await fitted(best.params), split.test);
    if (defaults?.status === 'complete')
      defaultsTest = prAucOn(labels, await fitted(defaults.params), split.test);
  }
  if (json) {
    out(
      JSON.stringify(
        {
          file: basename(file),
          model: type,
          search: method,
          objective,
          direction: objective === 'mv' ? 'minimize' : 'maximize',
          ...(objective === 'pr-auc' ? {} : { explanation: EM_MV_EXPLANATION }),
          split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
          features: pre.preprocessing.featureNames.length,
          space,
          stopped: result.stopped,
          trials: result.trials,
          best: best && { index: best.index, params: best.params, score: best.score, test_pr_auc: bestTest },
          defaults: defaults && { params: defaults.params, score: defaults.score, test_pr_auc: defaultsTest },
        },
        null,
        2,
      ),
    );
    return;
  }
  if (result.stopped === 'aborted') err(`cancelled after ${result.trials.length} finished trials`);
  if (!best) {
    out('best: none (every trial failed)');
    return;
  }
  const testNote = !labels
    ? ''
    : bestTest === null
      ? '; no labelled anomaly in the test rows'
      : `; test PR-AUC ${bestTest.toFixed(4)} (defaults ${defaultsTest === null ? 'n/a' : defaultsTest.toFixed(4)})`;
  out(
    `best: trial ${best.index}, ${objective === 'pr-auc' ? 'validation PR-AUC' : objective.toUpperCase()} ${fmt(best.score)} ` +
      `(defaults ${fmt(defaults?.score ?? null)})${testNote}`,
  );
  const config = rawConfig === undefined ? '' : ` --config '${rawConfig}'`;
  out(
    `train it: cli train ${file} --model ${type} --params '${JSON.stringify(best.params)}'${config} --out BUNDLE`,
  );
}
