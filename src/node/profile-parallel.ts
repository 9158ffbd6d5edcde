/**
 * `cli profile` on two threads (see docs/decisions/005-parallel-profile.md and 006-profile-under-3s.md).
 *
 * For a large plain CSV (no quote, no CR, wide), a worker thread is started first; while it starts,
 * the main thread reads the file, cuts it at a line break (csv-halves.ts) and parses the first part;
 * the worker parses the rest. The halves are merged into the dataset `loadCsv` would build, then the
 * worker computes Spearman, the periods and some seasonal profiles on the shared columns while the
 * main thread computes the summary, quality, descriptive statistics, Pearson and the other seasonal
 * profiles. The result is the one of `summarize` + `profileDataset`, to the byte.
 *
 * Anything unexpected (a small file, another format, a parse error, halves that disagree, a worker
 * that fails) falls back to the sequential path, which gives today's result or error message.
 * `AWB_PROFILE_THREADS=1` forces the sequential path; `AWB_PROFILE_MIN_BYTES` sets the size from
 * which two threads are used.
 */
import { statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import {
  correlations,
  describeMetrics,
  periodsOf,
  profileDataset,
  qualityOverview,
  qualityReading,
  qualityReport,
  seasonality,
  statsReading,
  summarize,
  type DataProfile,
  type Dataset,
  type DatasetSummary,
  type Schema,
} from '../engine/index';
import { columnValues } from '../engine/table/column-values';
import { mergeHalves, sharedFloat64, splitPoint } from './csv-halves';
import { datasetFromParsed } from '../engine/table/load';
import {
  encodeText,
  fromPosted,
  parseHalf,
  threadCpuMs,
  type ToMain,
  type ToWorker,
} from './profile-transfer';
import { loadDatasetFile, readBytes, withWindows } from './files';
import { startWorker } from './start-worker';

/**
 * With AWB_PROFILE_TRACE set, prints when each step ends, in ms since the process started, and the
 * thread's CPU time so far (see docs/decisions/005-parallel-profile.md and 006-profile-under-3s.md);
 * the worker prints its own on the same clock.
 */
function trace(step: string): void {
  if (process.env.AWB_PROFILE_TRACE) {
    writeSync(2, `main ${performance.now().toFixed(0)} ms (cpu ${threadCpuMs()}): ${step}\n`);
  }
}

/** Files smaller than this are profiled on one thread: starting the worker (~0.3 s) would not pay. */
const DEFAULT_MIN_BYTES = 24_000_000;
/**
 * The share of the bytes the main thread parses: half, since the worker (loaded from the bundle in
 * about 0.1 s) is ready by the time the main thread has read and cut the file.
 */
const MAIN_SHARE = 0.52;
/**
 * The share of the seasonal profiles (by metric) the main thread computes: 5 of 7 evens out the
 * threads (see docs/decisions/006-profile-under-3s.md).
 */
const MAIN_SEASONAL_SHARE = 0.7;
const CSV_EXT = /\.(csv|tsv|txt)$/i;

export interface ProfileResult {
  ds: Dataset;
  summary: DatasetSummary;
  profile: DataProfile;
}

/**
 * Loads a data file (with optional role overrides and label windows) and profiles it: the dataset,
 * `summarize(ds)` and `profileDataset(ds)`, on two threads when that pays (see the module comment).
 */
export async function profileFile(
  path: string,
  overrides: Partial<Schema>,
  windowsPath?: string,
): Promise<ProfileResult> {
  const helper = startHelper(path);
  if (helper) {
    try {
      const result = await profileOnTwoThreads(helper, path, overrides, windowsPath);
      if (result) return result;
    } finally {
      helper.stop();
    }
  }
  return onOneThread(loadDatasetFile(path, overrides, windowsPath));
}

/** `summarize` and `profileDataset` of a loaded dataset, the summary reusing the descriptive statistics. */
function onOneThread(ds: Dataset): ProfileResult {
  const profile = profileDataset(ds);
  return { ds, summary: summarize(ds, profile.stats.metrics), profile };
}

/** A started worker and its replies, in order; a crash or exit reads as a 'failed' reply. */
class Helper {
  private replies: ToMain[] = [];
  private waiting: ((m: ToMain) => void) | null = null;
  private done = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: ToMain) => this.deliver(m));
    worker.on('error', (e) => this.fail(String(e)));
    worker.on('exit', (code) => this.fail(`worker exited (${code})`));
  }

  post(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  next(): Promise<ToMain> {
    const m = this.replies.shift();
    if (m) return Promise.resolve(m);
    if (this.done) return Promise.resolve({ kind: 'failed', message: 'worker stopped' });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  stop(): void {
    this.done = true;
    void this.worker.terminate();
  }

  private fail(message: string): void {
    if (this.done) return;
    this.deliver({ kind: 'failed', message });
    this.done = true;
  }

  private deliver(m: ToMain): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w(m);
    } else this.replies.push(m);
  }
}

/** Starts the worker when the file is a CSV large enough to be worth it; null otherwise. */
function startHelper(path: string): Helper | null {
  if (process.env.AWB_PROFILE_THREADS === '1' || !CSV_EXT.test(basename(path))) return null;
  const min = Number(process.env.AWB_PROFILE_MIN_BYTES ?? DEFAULT_MIN_BYTES);
  try {
    if (statSync(path).size < min) return null;
    // The worker's trace prints times on the main thread's clock.
    return new Helper(startWorker('profile-worker', import.meta.url, { origin: performance.timeOrigin }));
  } catch {
    return null;
  }
}

async function profileOnTwoThreads(
  helper: Helper,
  path: string,
  overrides: Partial<Schema>,
  windowsPath: string | undefined,
): Promise<ProfileResult | null> {
  trace('start');
  const bytes = readBytes(path);
  const split = splitPoint(bytes, MAIN_SHARE);
  if (!split) return null;
  const file = basename(path);
  trace('read and cut');
  helper.post({ kind: 'parse', bytes: split.second, file, overrides }, [split.second.buffer as ArrayBuffer]);
  let first;
  try {
    // The first half's numbers go to shared memory with room for the second half's, appended when
    // merging (the rows guessed from the first half's bytes, scaled to the whole file, 2% over).
    const scale = (bytes.length / split.at) * 1.02;
    const allocate = (rows: number): Float64Array => sharedFloat64(Math.ceil(rows * scale));
    first = parseHalf(
      new TextDecoder('utf-8').decode(bytes.subarray(0, split.at)),
      file,
      overrides,
      allocate,
    );
  } catch {
    return null; // the sequential path reports it, with the same words
  }
  trace('first part parsed');
  const reply = await helper.next();
  trace('second part received');
  if (reply.kind !== 'parsed') return null;
  const merged = mergeHalves(first, fromPosted(reply.parsed));
  if (!merged) return null;
  trace('merged');
  let ds: Dataset;
  try {
    ds = datasetFromParsed(merged, file, overrides, sharedFloat64);
  } catch {
    return null;
  }
  if (windowsPath) ds = withWindows(ds, windowsPath);
  // Without a time column the profile has no seasonality to share out: one thread does it.
  if (!ds.schema.time) return onOneThread(ds);

  const schema = ds.schema;
  const numeric: Record<string, Float64Array> = {};
  for (const name of [schema.time, ...schema.metrics]) {
    if (name === undefined || name === schema.entity) continue;
    const values = columnValues(ds.table, name);
    if (!(values instanceof Float64Array)) return onOneThread(ds);
    numeric[name] = values;
  }
  const entity = schema.entity ? encodeText(columnValues(ds.table, schema.entity)) : undefined;
  // Spearman and the periods are the worker's, the rest the main thread's but the seasonal profiles,
  // one per metric, shared out to even the two threads.
  const mainMetrics = Math.round(schema.metrics.length * MAIN_SEASONAL_SHARE);
  const seasonal = schema.metrics.slice(mainMetrics);
  helper.post({
    kind: 'analyse',
    name: ds.name,
    schema,
    rows: ds.table.numRows(),
    numeric,
    entity,
    seasonal,
  });
  trace('dataset shared');

  // The same calls as profileDataset, split between the threads. The summary reuses the descriptive
  // statistics' sums (the same numbers, see summarize).
  const stats = describeMetrics(ds);
  trace('descriptive statistics');
  const summary = summarize(ds, stats);
  trace('summary');
  const findings = qualityReport(ds);
  trace('quality report');
  const overview = qualityOverview(ds);
  trace('quality overview');
  const pearson = correlations(ds, 'pearson');
  trace('pearson');
  const ownSeasonal =
    seasonality({ ...ds, schema: { ...schema, metrics: schema.metrics.slice(0, mainMetrics) } }) ?? [];
  trace('seasonality (main part)');
  let rest = await helper.next();
  trace('worker done');
  if (rest.kind !== 'analysed') {
    rest = {
      kind: 'analysed',
      spearman: correlations(ds, 'spearman'),
      seasonality: seasonality({ ...ds, schema: { ...schema, metrics: seasonal } }),
      periods: periodsOf(ds),
    };
  }
  const profile: DataProfile = {
    name: ds.name,
    schema: ds.schema,
    overview,
    quality: { findings, reading: qualityReading(findings) },
    stats: { metrics: stats, reading: statsReading(stats) },
    correlation: { pearson, spearman: rest.spearman },
    seasonality: [...ownSeasonal, ...(rest.seasonality ?? [])],
    periods: rest.periods,
    timeAbsent: null,
  };
  return { ds, summary, profile };
}
