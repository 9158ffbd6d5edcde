/**
 * CSV import fuzzing, the full run (`npm run fuzz`, or `npm run fuzz -- csv [--cases 10000] [--seed S]
 * [--only N] [--no-big]`): every case of `csv-cases.ts` loaded by `loadAny` (the loader of the browser
 * worker, the CLI and /batch_predict) in a worker thread with a time bound. Every case must end in a
 * table or a DataError that names the line (or is about the whole file); a hang, a crash of the worker
 * or any other exception is a failure. Prints the figures and writes artifacts/fuzz/csv.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CasePool, type PoolResult } from './case-pool';
import { BIG_CASES } from './csv-cases';
import { normalizeMessage } from './csv-outcome';
import type { CsvCaseInfo, CsvRequest, CsvResult } from './csv-worker';
import { flag, numberFlag, printTable, writeArtifact } from './report';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real files the mutations start from: the shared development set and the product's samples. */
export const SEED_DIRS = [join(root, '..', 'shared', 'data'), join(root, 'data')];
/** Time bound of an ordinary case and of a big one (100 MB, 10,000 columns), ms. */
const DEADLINE_MS = 10_000;
const BIG_DEADLINE_MS = 120_000;

export interface CsvFuzzReport {
  seed: number;
  cases: number;
  tables: number;
  errors: number;
  distinctErrors: number;
  /** Normalised error messages with their counts, most frequent first. */
  errorKinds: { message: string; count: number; example: string }[];
  /** Cases that ended in anything but a table or a located DataError. */
  failures: { index: number | string; name: string; problem: string }[];
  hangs: number;
  crashes: number;
  workersStarted: number;
  slowest: { name: string; ms: number }[];
  byFamily: Record<string, { cases: number; tables: number; errors: number; failures: number }>;
  seconds: number;
}

/** Runs the CSV fuzzing and returns its figures (nothing printed). */
export async function runCsvFuzz(options: {
  seed: number;
  cases: number;
  only?: number;
  big: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<CsvFuzzReport> {
  const t0 = performance.now();
  const existing = SEED_DIRS.filter((d) => existsSync(d));
  const pool = new CasePool<CsvRequest, CsvCaseInfo, CsvResult>(
    new URL('./csv-worker.ts', import.meta.url),
    { seed: options.seed, dataDirs: existing },
    { maxOldGenerationSizeMb: 4096 },
  );
  const requests: { key: number | string; request: CsvRequest; deadline: number }[] = [];
  if (options.only !== undefined)
    requests.push({ key: options.only, request: { index: options.only }, deadline: DEADLINE_MS });
  else {
    for (let i = 0; i < options.cases; i++)
      requests.push({ key: i, request: { index: i }, deadline: DEADLINE_MS });
    if (options.big) {
      for (const name of Object.keys(BIG_CASES))
        requests.push({ key: name, request: { big: name }, deadline: BIG_DEADLINE_MS });
    }
  }
  const report: CsvFuzzReport = {
    seed: options.seed,
    cases: 0,
    tables: 0,
    errors: 0,
    distinctErrors: 0,
    errorKinds: [],
    failures: [],
    hangs: 0,
    crashes: 0,
    workersStarted: 0,
    slowest: [],
    byFamily: {},
    seconds: 0,
  };
  const kinds = new Map<string, { count: number; example: string }>();
  const timed: { name: string; ms: number }[] = [];
  try {
    for (const [k, { key, request, deadline }] of requests.entries()) {
      const r: PoolResult<CsvCaseInfo, CsvResult> = await pool.run(request, deadline);
      const name = r.info?.name ?? `case ${key}`;
      const family = r.info?.family ?? 'unknown';
      const fam = (report.byFamily[family] ??= { cases: 0, tables: 0, errors: 0, failures: 0 });
      report.cases++;
      fam.cases++;
      const fail = (problem: string): void => {
        report.failures.push({ index: key, name, problem });
        fam.failures++;
      };
      if (r.status === 'hang') {
        report.hangs++;
        fail(`no answer within ${deadline / 1000} s`);
      } else if (r.status === 'crash') {
        report.crashes++;
        fail(`worker crashed: ${r.error}`);
      } else {
        const { outcome, ms } = r.result;
        timed.push({ name, ms });
        if (outcome.kind === 'table') {
          report.tables++;
          fam.tables++;
        } else if (outcome.kind === 'error') {
          report.errors++;
          fam.errors++;
          const norm = normalizeMessage(outcome.detail);
          const seen = kinds.get(norm);
          if (seen) seen.count++;
          else kinds.set(norm, { count: 1, example: outcome.message.slice(0, 300) });
          if (!outcome.located) fail(`error without a line: ${outcome.message.slice(0, 300)}`);
        } else fail(outcome.message.slice(0, 300));
      }
      options.onProgress?.(k + 1, requests.length);
    }
  } finally {
    await pool.close();
  }
  report.workersStarted = pool.started;
  report.errorKinds = [...kinds]
    .map(([message, { count, example }]) => ({ message, count, example }))
    .sort((a, b) => b.count - a.count);
  report.distinctErrors = kinds.size;
  report.slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, 5);
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

/** Prints a report's figures. */
export function printCsvReport(r: CsvFuzzReport): void {
  console.log(`\nCSV import fuzzing, seed ${r.seed}: ${r.cases} cases in ${r.seconds.toFixed(0)} s`);
  printTable([
    ['measure', 'value'],
    ['cases', String(r.cases)],
    ['ended in a table', String(r.tables)],
    [
      'ended in a located error',
      String(r.errors - r.failures.filter((f) => f.problem.startsWith('error without')).length),
    ],
    ['distinct errors (normalised)', String(r.distinctErrors)],
    ['hangs', String(r.hangs)],
    ['worker crashes', String(r.crashes)],
    ['other failures', String(r.failures.length - r.hangs - r.crashes)],
    ['slowest case', r.slowest[0] ? `${(r.slowest[0].ms / 1000).toFixed(2)} s (${r.slowest[0].name})` : '-'],
  ]);
  console.log('\nby family');
  printTable([
    ['family', 'cases', 'tables', 'errors', 'failures'],
    ...Object.entries(r.byFamily).map(([f, v]) => [
      f,
      String(v.cases),
      String(v.tables),
      String(v.errors),
      String(v.failures),
    ]),
  ]);
  console.log('\nmost frequent errors');
  printTable([
    ['count', 'error'],
    ...r.errorKinds.slice(0, 15).map((e) => [String(e.count), e.message.slice(0, 110)]),
  ]);
  if (r.slowest.length > 1) {
    console.log('\nslowest cases');
    printTable([['s', 'case'], ...r.slowest.map((s) => [(s.ms / 1000).toFixed(2), s.name.slice(0, 110)])]);
  }
  for (const f of r.failures.slice(0, 20)) console.log(`FAIL case ${f.index} ${f.name}: ${f.problem}`);
}

/** `npm run fuzz -- csv ...`: true when every case passed. */
export async function main(args: string[]): Promise<boolean> {
  const seed = numberFlag(args, 'seed', 20261122);
  const only = args.includes('--only') ? numberFlag(args, 'only', 0) : undefined;
  const report = await runCsvFuzz({
    seed,
    cases: numberFlag(args, 'cases', 10_000),
    only,
    big: !flag(args, 'no-big'),
    onProgress: (done, total) => {
      if (done % 1000 === 0 || done === total) process.stderr.write(`  csv: ${done}/${total}\n`);
    },
  });
  printCsvReport(report);
  if (only === undefined) writeArtifact('csv', report);
  return report.failures.length === 0;
}
