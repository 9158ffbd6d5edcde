/**
 * Train / validation / test splits in time order, per entity or with one global cut, optionally with
 * unused gaps between the parts (so rolling features and label windows do not leak across a cut).
 */

/** Shares of the time span (or of the row count, without times). */
export interface SplitOptions {
  /** Share of each span that trains, in (0, 1). */
  train: number;
  /** Share that validates, right after the training part (and the gap); 0 for no validation part. */
  validation: number;
  /** Share of the span left unused between consecutive parts, default 0. */
  gap: number;
  /** True: cut each entity's own span; false: one global cut on time (or on row order). */
  perEntity: boolean;
}

/** The split of the data: row indices of each part, ascending, and where the cuts fell. */
export interface SplitResult {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  /** Rows that fall in a gap and belong to no part. */
  gapRows: number;
  /**
   * One entry per entity (perEntity) or a single global one (entity null). Epoch ms with times, else
   * row positions (within the entity, or row indices for the global cut). A row at t belongs to train
   * when t < trainEnd, to validation when validationStart <= t < validationEnd, to test when
   * t >= testStart; without a validation part, validationStart = validationEnd = testStart.
   */
  cuts: SplitCut[];
  /** Whether the cuts are times (true) or row positions (false). */
  byTime: boolean;
  /** Plain sentences about a doubtful split (an empty part, anomalies all on one side, ...). */
  warnings: string[];
}

/** Where one span was cut. */
export interface SplitCut {
  entity: string | null;
  trainEnd: number;
  validationStart: number;
  validationEnd: number;
  testStart: number;
}

/** What {@link splitRows} splits. */
export interface SplitInput {
  /** Epoch ms per dataset row, or null to split by position. */
  times: ArrayLike<number> | null;
  /** Row indices of each entity in time order (as `entityGroups` gives them). */
  groups: readonly (readonly number[])[];
  /** 0/1 per dataset row (1 = anomaly; other values count as normal), or null. */
  labels: ArrayLike<number> | null;
  /**
   * Entity names, parallel to `groups`, for the cuts. Absent: "entity 1", "entity 2", ..., or null for a
   * single group (no entity column).
   */
  entityNames?: readonly string[];
}

/** A split-options problem, naming the field (`split.train`, ...). */
export class SplitConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'SplitConfigError';
  }
}

/** The default split: 60% train, 20% validation, 20% test, no gap, cut per entity. */
export function defaultSplit(): SplitOptions {
  return { train: 0.6, validation: 0.2, gap: 0, perEntity: true };
}

function shareError(field: string, v: unknown, range: string): SplitConfigError {
  return new SplitConfigError(field, `must be a number in ${range}, got ${JSON.stringify(v)}`);
}

/**
 * Throws a {@link SplitConfigError} unless the shares leave a test part: train in (0, 1), validation and
 * gap in [0, 1), and train + validation + gaps < 1 (one gap without validation, two with).
 */
export function checkSplit(o: SplitOptions): void {
  if (typeof o.train !== 'number' || !(o.train > 0 && o.train < 1))
    throw shareError('split.train', o.train, '(0, 1)');
  if (typeof o.validation !== 'number' || !(o.validation >= 0 && o.validation < 1)) {
    throw shareError('split.validation', o.validation, '[0, 1)');
  }
  if (typeof o.gap !== 'number' || !(o.gap >= 0 && o.gap < 1)) throw shareError('split.gap', o.gap, '[0, 1)');
  if (typeof o.perEntity !== 'boolean') {
    throw new SplitConfigError(
      'split.perEntity',
      `must be true or false, got ${JSON.stringify(o.perEntity)}`,
    );
  }
  if (o.train + o.validation >= 1) {
    throw new SplitConfigError(
      o.validation > 0 ? 'split.validation' : 'split.train',
      `train + validation must be below 1 to leave a test part, got ${o.train} + ${o.validation}`,
    );
  }
  const gaps = o.validation > 0 ? 2 : 1;
  if (o.train + o.validation + gaps * o.gap >= 1) {
    throw new SplitConfigError(
      'split.gap',
      `the gaps leave no test part: ${o.train} + ${o.validation} + ${gaps} × ${o.gap} is not below 1`,
    );
  }
}

/**
 * Validates split options from JSON; absent fields (or `undefined` / `null` for all) take the defaults
 * of {@link defaultSplit}.
 *
 * @throws SplitConfigError naming the field (`split.train`, `split.validation`, `split.gap`,
 * `split.perEntity`, or an unknown `split.<name>`) and the problem.
 */
export function parseSplit(raw: unknown): SplitOptions {
  const d = defaultSplit();
  if (raw === undefined || raw === null) return d;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SplitConfigError('split', `must be an object, got ${JSON.stringify(raw)}`);
  }
  const r = raw as Record<string, unknown>;
  const known = Object.keys(d);
  for (const k of Object.keys(r)) {
    if (!known.includes(k)) {
      throw new SplitConfigError(`split.${k}`, `unknown field (expected one of ${known.join(', ')})`);
    }
  }
  const o = {
    ...d,
    ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)),
  } as SplitOptions;
  checkSplit(o);
  return o;
}

/** Cumulative shares at the four cuts: train end, validation start, validation end, test start. */
function cutShares(o: SplitOptions): [number, number, number, number] {
  const b1 = o.train;
  const b2 = b1 + o.gap;
  const b3 = b2 + o.validation;
  return [b1, b2, b3, o.validation > 0 ? b3 + o.gap : b3];
}

const TRAIN = 0;
const VALIDATION = 1;
const TEST = 2;
const GAP = 3;
const NO_TIME = 4;

function partOf(t: number, c: SplitCut): number {
  if (!Number.isFinite(t)) return NO_TIME;
  if (t < c.trainEnd) return TRAIN;
  if (t >= c.testStart) return TEST;
  if (t >= c.validationStart && t < c.validationEnd) return VALIDATION;
  return GAP;
}

function timeCut(entity: string | null, lo: number, hi: number, shares: number[]): SplitCut {
  const span = hi - lo;
  const [b1, b2, b3, b4] = shares.map((s) => lo + span * s);
  return { entity, trainEnd: b1, validationStart: b2, validationEnd: b3, testStart: b4 };
}

function positionCut(entity: string | null, rows: number, shares: number[]): SplitCut {
  const [b1, b2, b3, b4] = shares.map((s) => Math.round(rows * s));
  return { entity, trainEnd: b1, validationStart: b2, validationEnd: b3, testStart: b4 };
}

function timeRange(times: ArrayLike<number>, rows: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of rows) {
    const t = times[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

const percent = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;
const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Sentences about labelled anomalies: most or none in training, none in validation or test. */
function labelWarnings(
  groups: readonly (readonly number[])[],
  labels: ArrayLike<number>,
  part: Uint8Array,
  nonEmpty: readonly boolean[],
): string[] {
  const rows = [0, 0, 0, 0, 0];
  const events = [0, 0, 0, 0, 0];
  let totalRows = 0;
  let totalEvents = 0;
  for (const g of groups) {
    for (let k = 0; k < g.length; k++) {
      if (labels[g[k]] !== 1) continue;
      totalRows++;
      rows[part[g[k]]]++;
      // An event is a run of consecutive anomaly rows of one entity; it counts in every part it touches.
      let end = k;
      while (end + 1 < g.length && labels[g[end + 1]] === 1) end++;
      totalEvents++;
      const touched = new Set<number>();
      for (let q = k; q <= end; q++) touched.add(part[g[q]]);
      for (const p of touched) events[p]++;
      for (let q = k + 1; q <= end; q++) {
        totalRows++;
        rows[part[g[q]]]++;
      }
      k = end;
    }
  }
  if (totalRows === 0) return [];
  const out: string[] = [];
  const held = `${plural(totalRows, 'anomaly row')} in ${plural(totalEvents, 'event')}`;
  // An empty part is reported as such, not also as one without anomalies.
  if (nonEmpty[TRAIN] && rows[TRAIN] === 0) {
    out.push(`The training part holds no labelled anomaly, while the data has ${held}.`);
  } else if (rows[TRAIN] > 0.8 * totalRows || events[TRAIN] > 0.8 * totalEvents) {
    out.push(
      `The training part holds most labelled anomalies (${percent(rows[TRAIN], totalRows)} of the anomaly rows, ` +
        `${events[TRAIN]} of ${plural(totalEvents, 'event')}), leaving few to evaluate on.`,
    );
  }
  if (nonEmpty[VALIDATION] && rows[VALIDATION] === 0) {
    out.push(`The validation part holds no labelled anomaly (the data has ${held}).`);
  }
  if (nonEmpty[TEST] && rows[TEST] === 0)
    out.push(`The test part holds no labelled anomaly (the data has ${held}).`);
  return out;
}

/**
 * Splits rows into train, validation and test parts in time order: never shuffled, the model must not
 * see the future. With `perEntity`, each entity's own time span (first to last time) is cut at the
 * shares `train`, then `gap`, `validation`, `gap`, the rest being test; otherwise the whole data's span
 * is cut once. A row belongs to the part its time falls in (rows exactly at a cut go to the later
 * part); rows in a gap belong to none. Without times, positions are cut instead: position p (within the
 * entity, or the row index for a global cut, over the number of rows) belongs to train when
 * p < round(train * rows), and so on.
 *
 * With `validation` 0, `gap` 0 and `perEntity` false this is exactly the old `timeSplit`.
 * Rows whose time is not finite belong to no part (a warning says how many).
 *
 * @throws SplitConfigError when the options are invalid (see {@link checkSplit}).
 */
export function splitRows(input: SplitInput, options: SplitOptions): SplitResult {
  checkSplit(options);
  const { times, groups, labels } = input;
  const shares = cutShares(options);
  const hasValidation = options.validation > 0;
  let maxRow = -1;
  for (const g of groups) for (const i of g) if (i > maxRow) maxRow = i;
  const part = new Uint8Array(maxRow + 1).fill(GAP);
  const cuts: SplitCut[] = [];
  const warnings: string[] = [];

  if (options.perEntity) {
    groups.forEach((g, k) => {
      const entity = input.entityNames?.[k] ?? (groups.length === 1 ? null : `entity ${k + 1}`);
      if (times) {
        const [lo, hi] = timeRange(times, g);
        const cut = timeCut(entity, lo, hi, shares);
        cuts.push(cut);
        for (const i of g) part[i] = partOf(times[i], cut);
      } else {
        const cut = positionCut(entity, g.length, shares);
        cuts.push(cut);
        g.forEach((i, p) => (part[i] = partOf(p, cut)));
      }
    });
  } else {
    if (times) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const g of groups) {
        const [a, b] = timeRange(times, g);
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      }
      const cut = timeCut(null, lo, hi, shares);
      cuts.push(cut);
      for (const g of groups) for (const i of g) part[i] = partOf(times[i], cut);
    } else {
      const cut = positionCut(
        null,
        groups.reduce((s, g) => s + g.length, 0),
        shares,
      );
      cuts.push(cut);
      for (const g of groups) for (const i of g) part[i] = partOf(i, cut);
    }
  }

  const lists: number[][] = [[], [], [], [], []];
  for (const g of groups) for (const i of g) lists[part[i]].push(i);
  const [train, validation, test] = [TRAIN, VALIDATION, TEST].map((p) => Int32Array.from(lists[p]).sort());

  if (lists[NO_TIME].length) {
    const n = lists[NO_TIME].length;
    warnings.push(`${plural(n, 'row')} without a valid time ${n === 1 ? 'belongs' : 'belong'} to no part.`);
  }
  if (!train.length) warnings.push('The training part is empty.');
  if (hasValidation && !validation.length) warnings.push('The validation part is empty.');
  if (!test.length) warnings.push('The test part is empty.');
  if (labels) {
    const nonEmpty = [train.length > 0, validation.length > 0, test.length > 0];
    warnings.push(...labelWarnings(groups, labels, part, nonEmpty));
  }

  return {
    train,
    validation,
    test,
    gapRows: lists[GAP].length,
    cuts,
    byTime: !!times,
    warnings,
  };
}
