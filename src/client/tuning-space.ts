import type { DetectorFactory, ParamSpec } from '../engine/detectors/index';
import {
  detectorSearchSpace,
  rangeFromSchema,
  validateSpace,
  type ParamValue,
  type SearchDimension,
  type SearchSpace,
  type Trial,
  type TrialParams,
} from '../engine/tuning/index';

/**
 * One parameter of the hyperparameter-search cell as the user edits it: searched over a numeric range
 * or a set of choices, or held at a value.
 */
export interface TuningParam {
  name: string;
  mode: 'search' | 'fixed';
  /** How it is searched: a numeric range (integers or reals) or a list of choices. */
  kind: 'int' | 'float' | 'choice';
  low: number;
  high: number;
  log: boolean;
  /** Every choice the parameter offers (choice kind), and those searched. */
  options: ParamValue[];
  choices: ParamValue[];
  /** The value when fixed (the detector's default to start with). */
  value: ParamValue;
}

/** The objective a search optimizes: validation PR-AUC with labels, else excess mass or mass volume. */
export type TuningObjective = 'pr-auc' | 'em' | 'mv';

/** What the user chose in the cell before pressing Search. */
export interface TuningForm {
  type: string;
  method: 'grid' | 'random' | 'tpe';
  budget: 'trials' | 'seconds';
  trials: number;
  seconds: number;
  seed: number;
  /** Run the detector's defaults as trial 0, so the best is never worse than them. */
  withDefaults: boolean;
  /** 'auto': PR-AUC when the validation rows hold labelled anomalies, else excess mass. */
  objective: 'auto' | TuningObjective;
  params: TuningParam[];
}

/** The last search, as the cell shows it and the browser keeps it. */
export interface TuningRecord {
  id: string;
  createdAt: string;
  /** Fingerprints of the data and of data + preparation the search ran on. */
  dataFp: string;
  prepFp: string;
  form: TuningForm;
  space: SearchSpace;
  objective: TuningObjective;
  direction: 'maximize' | 'minimize';
  /** Finished trials in index order. */
  trials: Trial[];
  bestIndex: number | null;
  /** Why it ended; null while it runs. */
  stopped: 'trials' | 'seconds' | 'exhausted' | 'aborted' | null;
  /** Wall-clock seconds from start to end. */
  seconds: number;
  /** Training and validation rows the trials were fitted and judged on. */
  trainRows: number;
  validationRows: number;
  /** The trial added to the run history with "Use best", if any. */
  adopted?: number;
}

/** Short names of the objectives, for headers and axes. */
export const OBJECTIVE_LABELS: Record<TuningObjective, string> = {
  'pr-auc': 'Validation PR-AUC',
  em: 'Excess mass',
  mv: 'Mass volume',
};

/** Whether higher scores of an objective are better. */
export function objectiveDirection(objective: TuningObjective): 'maximize' | 'minimize' {
  return objective === 'mv' ? 'minimize' : 'maximize';
}

function isValue(v: unknown): v is ParamValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

function choicesOf(spec: ParamSpec): ParamValue[] {
  if (spec.kind === 'boolean') return [false, true];
  return spec.kind === 'choice' ? [...(spec.choices ?? [])] : [];
}

/**
 * The cell's parameter rows for a detector: the dimensions of its default search space (suggested
 * ranges) searched, every other parameter a search can vary (numbers, choices, booleans) held at its
 * default with a range from its schema ready for when the user searches it. Free-text parameters
 * (lists of members, weights) stay at their defaults and are not listed.
 */
export function defaultTuningParams(factory: DetectorFactory): TuningParam[] {
  const space = detectorSearchSpace(factory);
  const dims = new Map(space.dimensions.map((d) => [d.name, d]));
  const out: TuningParam[] = [];
  for (const p of factory.params) {
    const d = dims.get(p.name);
    if (!d && p.kind === 'string') continue;
    const value = isValue(p.default) ? p.default : (choicesOf(p)[0] ?? 0);
    const options = d?.kind === 'choice' ? [...d.choices] : choicesOf(p);
    if (d?.kind === 'choice' || (!d && options.length)) {
      out.push({
        name: p.name,
        mode: d ? 'search' : 'fixed',
        kind: 'choice',
        low: 0,
        high: 0,
        log: false,
        options,
        choices: [...options],
        value,
      });
      continue;
    }
    // rangeFromSchema skips seeds and the contamination by name; here they only get a range to start
    // from should the user search them.
    const r = d ? null : rangeFromSchema({ ...p, name: `${p.name}:range` });
    const num = typeof value === 'number' ? value : 0;
    const low = d ? d.low : r && 'low' in r ? r.low : (p.min ?? num);
    const high = d ? d.high : r && 'high' in r ? r.high : (p.max ?? num);
    out.push({
      name: p.name,
      mode: d ? 'search' : 'fixed',
      kind: d ? d.kind : p.kind === 'int' ? 'int' : 'float',
      low,
      high,
      log: d ? !!d.log : !!(r && 'log' in r && r.log),
      options: [],
      choices: [],
      value,
    });
  }
  return out;
}

/** A parameter's label from the detector's schema (its name when unknown). */
export function paramLabel(factory: DetectorFactory, name: string): string {
  return factory.params.find((p) => p.name === name)?.label ?? name;
}

/**
 * Problems with the parameter rows, one sentence each naming the parameter: empty choices, inverted or
 * non-integer bounds, log scales through zero, bounds outside what the detector accepts.
 */
export function tuningProblems(factory: DetectorFactory, params: readonly TuningParam[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    const label = paramLabel(factory, p.name);
    const spec = factory.params.find((s) => s.name === p.name);
    if (p.mode === 'fixed') {
      if (typeof p.value === 'number' && spec && (p.kind === 'int' || p.kind === 'float')) {
        if (!Number.isFinite(p.value)) out.push(`${label}: the fixed value is not a number`);
        else if (spec.min !== undefined && p.value < spec.min) out.push(`${label}: at least ${spec.min}`);
        else if (spec.max !== undefined && p.value > spec.max) out.push(`${label}: at most ${spec.max}`);
      }
      continue;
    }
    if (p.kind === 'choice') {
      if (!p.choices.length) out.push(`${label}: tick at least one choice`);
      continue;
    }
    if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) out.push(`${label}: give both bounds`);
    else if (p.low > p.high) out.push(`${label}: the lower bound ${p.low} is above the upper ${p.high}`);
    else if (p.kind === 'int' && (!Number.isInteger(p.low) || !Number.isInteger(p.high)))
      out.push(`${label}: whole numbers only`);
    else if (p.log && !(p.low > 0)) out.push(`${label}: a log scale needs a lower bound above 0`);
    else if (spec?.min !== undefined && p.low < spec.min)
      out.push(`${label}: the detector accepts ${spec.min} at the lowest`);
    else if (spec?.max !== undefined && p.high > spec.max)
      out.push(`${label}: the detector accepts ${spec.max} at the highest`);
  }
  return out;
}

/** The search space of the parameter rows: searched rows as dimensions (schema order), fixed ones fixed. */
export function tuningSpace(params: readonly TuningParam[]): SearchSpace {
  const dimensions: SearchDimension[] = [];
  const fixed: TrialParams = {};
  for (const p of params) {
    if (p.mode === 'fixed') fixed[p.name] = p.value;
    else if (p.kind === 'choice') dimensions.push({ name: p.name, kind: 'choice', choices: [...p.choices] });
    else
      dimensions.push({
        name: p.name,
        kind: p.kind,
        low: p.low,
        high: p.high,
        ...(p.log ? { log: true } : {}),
      });
  }
  const space = { dimensions, fixed };
  validateSpace(space);
  return space;
}

/** A parameter value for a table cell: reals to 4 significant digits. */
export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined) return '–';
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(4)));
  return String(v);
}

/** A score for a table cell: PR-AUC to 4 decimals, EM and MV to 4 significant digits. */
export function formatScore(score: number | null, objective: TuningObjective): string {
  if (score === null) return 'failed';
  return objective === 'pr-auc' ? score.toFixed(4) : score.toPrecision(4);
}

/** A record read back from storage, or null when it is not one this version can show. */
export function reviveRecord(value: unknown): TuningRecord | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as Partial<TuningRecord>;
  if (typeof r.id !== 'string' || typeof r.dataFp !== 'string' || typeof r.prepFp !== 'string') return null;
  if (!Array.isArray(r.trials) || !r.form || !r.space || !r.objective) return null;
  // A search cut short by a reload ended there: its finished trials are what it found.
  return { ...(r as TuningRecord), stopped: r.stopped ?? 'aborted' };
}

/**
 * The objective a search uses: PR-AUC when asked for or, on 'auto', when the validation rows hold a
 * labelled anomaly; excess mass otherwise. Throws a sentence saying what to change when it cannot run.
 */
export function resolveObjective(
  choice: TuningForm['objective'],
  validationRows: number,
  validationPositives: number | null,
): TuningObjective {
  if (validationRows < 2) {
    throw new Error(
      `the split has ${validationRows} validation rows, and a search is judged on them: give the split a validation part in Data Preparation`,
    );
  }
  const labelled = (validationPositives ?? 0) > 0;
  if (choice === 'auto') return labelled ? 'pr-auc' : 'em';
  if (choice === 'pr-auc' && !labelled) {
    throw new Error(
      validationPositives === null
        ? 'the data has no labels, so no PR-AUC: choose excess mass or mass volume'
        : `none of the ${validationRows} validation rows is a labelled anomaly: move the split or choose excess mass`,
    );
  }
  return choice;
}
