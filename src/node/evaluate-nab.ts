import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  DataError,
  columnValues,
  entityGroups,
  labelledEvents,
  nabOptimizeAll,
  parseCsv,
  probationRowsOf,
  type Dataset,
  type NabProfile,
  type NabSweepFile,
  type NabSweepResult,
  type ParsedCsv,
  type Schema,
} from '../engine/index';
import { UsageError } from './args';
import { loadDatasetFile, readText } from './files';

type Out = (s: string) => void;

/** The column NAB thresholds: the likelihood when the scores file has one (from `cli online`), else the score. */
export function nabColumn(header: readonly string[]): 'likelihood' | 'score' {
  return header.includes('likelihood') ? 'likelihood' : 'score';
}

/** A numeric column of a scores file, every cell checked; errors name the file, the line and the column. */
export function numericColumn(file: string, parsed: ParsedCsv, name: string): Float64Array {
  const j = parsed.header.indexOf(name);
  if (j < 0) throw new DataError(`no '${name}' column (columns: ${parsed.header.join(', ')})`, file);
  const col = parsed.columns[j];
  if (!(col instanceof Float64Array)) {
    const bad = (col as string[]).findIndex((v) => !Number.isFinite(Number(v)));
    throw new DataError(`'${(col as string[])[bad]}' is not a number`, file, parsed.lines[bad], name);
  }
  for (let i = 0; i < col.length; i++) {
    if (!Number.isFinite(col[i])) throw new DataError('missing value', file, parsed.lines[i], name);
  }
  return col;
}

/**
 * One scored file as NAB files (one per entity, its rows in time order): the scores of `column`, the
 * labelled runs of the truth as windows (by row, so repeated timestamps such as a daylight-saving hour
 * do no harm) and each entity's probationary period.
 */
export function nabFilesOf(
  name: string,
  scores: ArrayLike<number>,
  truth: Dataset,
  probation: number,
): NabSweepFile[] {
  const label = truth.schema.label as string;
  const labels = columnValues(truth.table, label) as ArrayLike<number>;
  return entityGroups(truth).map((g, k, all) => {
    const segLabels = g.map((i) => (labels[i] === 1 ? 1 : 0));
    return {
      name: all.length === 1 ? name : `${name}#${k}`,
      times: null,
      scores: g.map((i) => scores[i]),
      windows: labelledEvents(segLabels, [[0, g.length]]).map((e): [number, number] => [
        e.firstRow,
        e.lastRow,
      ]),
      probationRows: probationRowsOf(g.length, probation),
    };
  });
}

/** The three profiles' lines of a NAB result. */
export function nabLines(nab: Record<NabProfile, NabSweepResult>, indent = ''): string[] {
  const fmt = (r: NabSweepResult) =>
    `${r.total.normalized === null ? 'n/a' : r.total.normalized.toFixed(1).padStart(5)}  threshold ` +
    `${r.threshold === Infinity ? 'none' : r.threshold.toFixed(4)}, ${r.total.tp} of ${r.total.tp + r.total.fn} ` +
    `windows found, ${r.total.fp} false positives`;
  return [
    `${indent}standard      ${fmt(nab.standard)}`,
    `${indent}reward low FP ${fmt(nab.reward_low_fp)}`,
    `${indent}reward low FN ${fmt(nab.reward_low_fn)}`,
  ];
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
}

/** Scores files named on the command line: files, or every .csv of a directory. */
function scoresFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!isDir(p)) return [p];
    const csvs = readdirSync(p)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => join(p, f));
    if (!csvs.length) throw new UsageError(`${p}: no .csv scores files in this directory`);
    return csvs;
  });
}

/**
 * `cli evaluate` over several scores files (or a directory of them) against the truth files of the same
 * names in the `--truth` directory: NAB's corpus score of each file's likelihood (or score) column, one
 * threshold per profile optimised across every file (NAB's optimiser), and each file's score at it.
 */
export function evaluateCorpus(
  paths: readonly string[],
  truthPath: string,
  overrides: Partial<Schema>,
  windowsPath: string | undefined,
  probation: number,
  json: boolean,
  out: Out,
): void {
  const files = scoresFiles(paths);
  const truthIsDir = isDir(truthPath);
  if (!truthIsDir && files.length > 1) {
    throw new UsageError(
      `evaluate: ${files.length} scores files need --truth DIR holding the data files of the same names`,
    );
  }
  const columns = new Set<string>();
  const nabFiles: NabSweepFile[] = [];
  files.forEach((f) => {
    const name = basename(f);
    const parsed = parseCsv(readText(f), name);
    const column = nabColumn(parsed.header);
    columns.add(column);
    const scores = numericColumn(name, parsed, column);
    const tPath = truthIsDir ? join(truthPath, name) : truthPath;
    const truth = loadDatasetFile(tPath, overrides, windowsPath);
    if (!truth.schema.label) {
      throw new UsageError(
        `${basename(tPath)}: no label column; name it with --label-col C or give --windows FILE.json`,
      );
    }
    if (truth.table.numRows() !== scores.length) {
      throw new UsageError(
        `${name} has ${scores.length} rows but ${basename(tPath)} has ${truth.table.numRows()}: they must match row for row`,
      );
    }
    nabFiles.push(...nabFilesOf(name, scores, truth, probation));
  });
  const nab = nabOptimizeAll(nabFiles);
  if (json) {
    out(
      JSON.stringify(
        {
          column: [...columns].join(', '),
          files: nabFiles.map((f, k) => ({
            file: f.name,
            windows: f.windows.length,
            probationRows: f.probationRows,
            ...Object.fromEntries(
              (Object.keys(nab) as NabProfile[]).map((p) => {
                const r = nab[p].perFile[k];
                return [p, { normalized: r.normalized, raw: r.raw, tp: r.tp, fn: r.fn, fp: r.fp }];
              }),
            ),
          })),
          ...Object.fromEntries(
            (Object.keys(nab) as NabProfile[]).map((p) => [
              p,
              { threshold: nab[p].threshold, ...nab[p].total },
            ]),
          ),
        },
        (_, v: unknown) => (v === Infinity ? 'none' : v),
        2,
      ),
    );
    return;
  }
  const width = Math.max(...nabFiles.map((f) => (f.name ?? '').length), 4);
  const lines = [
    `NAB of the ${[...columns].join(' / ')} column over ${files.length} files (${nabFiles.length} series), ` +
      'one threshold per profile optimised across all of them:',
    ...nabLines(nab, '  '),
    '',
    `${'file'.padEnd(width)}  windows  found  false+  standard  low FP  low FN`,
  ];
  nabFiles.forEach((f, k) => {
    const s = nab.standard.perFile[k];
    const v = (r: { normalized: number | null }) => (r.normalized === null ? 'n/a' : r.normalized.toFixed(1));
    lines.push(
      `${(f.name ?? '').padEnd(width)}  ${String(f.windows.length).padStart(7)}  ${String(s.tp).padStart(5)}  ` +
        `${String(s.fp).padStart(6)}  ${v(s).padStart(8)}  ${v(nab.reward_low_fp.perFile[k]).padStart(6)}  ` +
        `${v(nab.reward_low_fn.perFile[k]).padStart(6)}`,
    );
  });
  out(lines.join('\n'));
}
