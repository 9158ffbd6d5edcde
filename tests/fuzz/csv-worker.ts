/** The CSV fuzz worker (see `case-pool.ts`): makes case `index` of the run, or a big case, and loads it. */
import { parentPort, workerData } from 'node:worker_threads';
import { BIG_CASES, csvCase, readSeedFiles, type FuzzCase } from './csv-cases';
import { loadOutcome, type CsvOutcome } from './csv-outcome';

/** What the runner asks: a random case by index, or a big case by name. */
export type CsvRequest = { index: number } | { big: string };
/** What the worker says before it loads the case. */
export interface CsvCaseInfo {
  name: string;
  family: string;
  bytes: number;
}
/** The outcome, and the load's own time (the case's making not counted). */
export interface CsvResult {
  outcome: CsvOutcome;
  ms: number;
}

const { seed, dataDirs } = workerData as { seed: number; dataDirs: string[] };
const files = readSeedFiles(dataDirs);
const port = parentPort!;

port.on('message', ({ id, request }: { id: number; request: CsvRequest }) => {
  const c: FuzzCase =
    'big' in request
      ? { family: 'big', name: `big/${request.big}`, input: BIG_CASES[request.big]() }
      : csvCase(seed, request.index, files);
  port.postMessage({ id, type: 'start', info: { name: c.name, family: c.family, bytes: c.input.length } });
  const t0 = performance.now();
  const outcome = loadOutcome(c.input);
  const result: CsvResult = { outcome, ms: performance.now() - t0 };
  port.postMessage({ id, type: 'done', result });
});
