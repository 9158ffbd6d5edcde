/**
 * Alert rules on top of a threshold, per entity, rows in time order. With row positions j = 0, 1, ... within
 * an entity and that entity's threshold t:
 * - minimum duration: row j is *eligible* when the `minDuration` rows ending at j all have score >= t;
 * - cooldown: row j alerts when it is eligible and either row j - 1 alerted (the alert goes on) or j is more
 *   than `cooldown` rows after the last *firing* (an alerting row whose predecessor did not alert); so a new
 *   firing is suppressed for `cooldown` rows after the previous one, and fires once that has passed if the
 *   row is still eligible;
 * - grouping: alerting rows at positions p < q with no alert between them belong to one incident when
 *   q - p <= groupGap + 1, i.e. at most `groupGap` quiet rows separate them.
 * `defaultAlertRules(t)` (minDuration 1, cooldown 0, groupGap 0) alerts exactly where score >= t.
 */

/** Alert rules, plain JSON so that they can be stored in a model bundle. */
export interface AlertRules {
  /** Global threshold: a row is above when score >= threshold. */
  threshold: number;
  /** Consecutive rows >= threshold needed before a row alerts; integer >= 1. */
  minDuration: number;
  /** Rows after a firing during which a new firing is suppressed; integer >= 0. */
  cooldown: number;
  /** Quiet rows allowed between two alerting rows of one incident; integer >= 0. */
  groupGap: number;
  /** Thresholds overriding `threshold` for some entities. */
  perEntity: Record<string, number>;
}

/** The rows of one entity, as indices into the scores, in time order. */
export interface AlertSegment {
  entity: string;
  rows: ArrayLike<number>;
}

/** A group of alerting rows of one entity; rows are indices into the scores. */
export interface Incident {
  entity: string;
  /** The first alerting row of the incident. */
  firstRow: number;
  /** The last alerting row of the incident. */
  lastRow: number;
}

/** The outcome of one row fed to {@link AlertRuleState}. */
export interface AlertStep {
  alert: boolean;
  /** The row alerts and opens a new incident. */
  incidentStart: boolean;
}

const FIELDS = ['threshold', 'minDuration', 'cooldown', 'groupGap', 'perEntity'] as const;

/** Rules that alert exactly where score >= threshold: no duration, cooldown, grouping or override. */
export function defaultAlertRules(threshold: number): AlertRules {
  return checkRules('defaultAlertRules', {
    threshold,
    minDuration: 1,
    cooldown: 0,
    groupGap: 0,
    perEntity: {},
  });
}

/**
 * Validates alert rules read from JSON (e.g. a model bundle) and returns a clean copy. `threshold` is
 * required; the other fields default as in {@link defaultAlertRules}; unknown fields are refused (likely a
 * typo).
 *
 * @param json - the parsed JSON value, or its text.
 * @throws an error naming the field and the problem.
 */
export function parseAlertRules(json: unknown): AlertRules {
  const fn = 'parseAlertRules';
  let v = json;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new Error(`${fn}: the text is not JSON (${(e as Error).message})`, { cause: e });
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(
      `${fn}: the rules must be a JSON object, got ${Array.isArray(v) ? 'an array' : String(v)}`,
    );
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new Error(`${fn}: unknown field '${key}'; the fields are ${FIELDS.join(', ')}`);
    }
  }
  if (!Object.hasOwn(o, 'threshold')) throw new Error(`${fn}: threshold is missing; it is required`);
  const pick = (key: string, fallback: unknown): unknown => (Object.hasOwn(o, key) ? o[key] : fallback);
  const perEntity = pick('perEntity', {});
  if (typeof perEntity !== 'object' || perEntity === null || Array.isArray(perEntity)) {
    throw new Error(`${fn}: perEntity must be an object mapping entity to threshold`);
  }
  return checkRules(fn, {
    threshold: o.threshold as number,
    minDuration: pick('minDuration', 1) as number,
    cooldown: pick('cooldown', 0) as number,
    groupGap: pick('groupGap', 0) as number,
    // fromEntries defines own properties, so a '__proto__' key stays data.
    perEntity: Object.fromEntries(Object.entries(perEntity)) as Record<string, number>,
  });
}

/** The threshold of `entity`: its `perEntity` override if it has one, else the global threshold. */
export function entityThreshold(rules: AlertRules, entity: string): number {
  return Object.hasOwn(rules.perEntity, entity) ? rules.perEntity[entity] : rules.threshold;
}

/**
 * The alert rules of one entity fed one row at a time (e.g. live scoring); gives the same alerts and
 * incident starts as {@link applyAlertRules} on the same rows.
 */
export class AlertRuleState {
  readonly threshold: number;
  private readonly rules: AlertRules;
  private run = 0;
  private alerting = false;
  private sinceFiring = Infinity;
  private sinceAlert = Infinity;

  /** @throws if the rules are invalid (naming the field). */
  constructor(rules: AlertRules, entity: string) {
    this.rules = checkRules('AlertRuleState', rules);
    this.threshold = entityThreshold(rules, entity);
  }

  /** Feeds the next row's score. @throws if the score is NaN. */
  push(score: number): AlertStep {
    if (typeof score !== 'number' || Number.isNaN(score)) {
      throw new Error(`AlertRuleState.push: score is ${String(score)}; it must be a number, not NaN`);
    }
    const { minDuration, cooldown, groupGap } = this.rules;
    this.run = score >= this.threshold ? this.run + 1 : 0;
    this.sinceFiring++;
    this.sinceAlert++;
    let alert = false;
    if (this.run >= minDuration) {
      if (this.alerting) alert = true;
      else if (this.sinceFiring > cooldown) {
        alert = true;
        this.sinceFiring = 0;
      }
    }
    this.alerting = alert;
    const incidentStart = alert && this.sinceAlert > groupGap + 1;
    if (alert) this.sinceAlert = 0;
    return { alert, incidentStart };
  }
}

/**
 * Applies the alert rules (see the module comment) to every entity's rows.
 *
 * @param scores - anomaly scores of all rows; NaN is refused on rows of a segment.
 * @param segments - one per entity: its rows as indices into `scores`, in time order; a row may belong to at
 *   most one segment, rows of no segment never alert.
 * @param rules - as from {@link parseAlertRules} or {@link defaultAlertRules}.
 * @returns a 0/1 alert per row, and the incidents in segment order, then time order.
 * @throws on invalid rules (naming the field), a row index out of range or repeated, or a NaN score.
 */
export function applyAlertRules(
  scores: ArrayLike<number>,
  segments: readonly AlertSegment[],
  rules: AlertRules,
): { alerts: Uint8Array; incidents: Incident[] } {
  const fn = 'applyAlertRules';
  checkRules(fn, rules);
  const { minDuration, cooldown, groupGap } = rules;
  const n = scores.length;
  const alerts = new Uint8Array(n);
  const seen = new Uint8Array(n);
  const incidents: Incident[] = [];
  segments.forEach(({ entity, rows }, s) => {
    const m = rows.length;
    for (let j = 0; j < m; j++) {
      const r = rows[j];
      if (!Number.isInteger(r) || r < 0 || r >= n) {
        throw new Error(`${fn}: segments[${s}].rows[${j}] is ${r}; it must be a row index in 0..${n - 1}`);
      }
      if (seen[r])
        throw new Error(`${fn}: segments[${s}].rows[${j}] is row ${r}, which is already in a segment`);
      seen[r] = 1;
      if (Number.isNaN(scores[r])) throw new Error(`${fn}: scores[${r}] is NaN; scores must be numbers`);
    }
    const t = entityThreshold(rules, entity);
    // Pass 1: eligibility from the run length of rows >= t.
    const on = new Uint8Array(m);
    for (let j = 0, run = 0; j < m; j++) {
      run = scores[rows[j]] >= t ? run + 1 : 0;
      on[j] = run >= minDuration ? 1 : 0;
    }
    // Pass 2: cooldown between firings.
    for (let j = 0, lastFiring = -Infinity; j < m; j++) {
      if (!on[j] || (j > 0 && on[j - 1])) continue;
      if (j - lastFiring > cooldown) lastFiring = j;
      else on[j] = 0;
    }
    // Pass 3: incidents.
    let open: Incident | null = null;
    let last = -Infinity;
    for (let j = 0; j < m; j++) {
      if (!on[j]) continue;
      alerts[rows[j]] = 1;
      if (open && j - last <= groupGap + 1) open.lastRow = rows[j];
      else {
        open = { entity, firstRow: rows[j], lastRow: rows[j] };
        incidents.push(open);
      }
      last = j;
    }
  });
  return { alerts, incidents };
}

function checkRules(fn: string, rules: AlertRules): AlertRules {
  const { threshold, minDuration, cooldown, groupGap, perEntity } = rules;
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new Error(`${fn}: threshold is ${show(threshold)}; it must be a number`);
  }
  const count = (name: string, x: unknown, min: number): void => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
      throw new Error(`${fn}: ${name} is ${show(x)}; it must be an integer >= ${min}`);
    }
  };
  count('minDuration', minDuration, 1);
  count('cooldown', cooldown, 0);
  count('groupGap', groupGap, 0);
  if (typeof perEntity !== 'object' || perEntity === null || Array.isArray(perEntity)) {
    throw new Error(`${fn}: perEntity must be an object mapping entity to threshold`);
  }
  for (const [entity, t] of Object.entries(perEntity)) {
    if (typeof t !== 'number' || Number.isNaN(t)) {
      throw new Error(`${fn}: perEntity['${entity}'] is ${show(t)}; it must be a number`);
    }
  }
  return rules;
}

/** A value for an error message; strings quoted so that "1" is not mistaken for 1. */
function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}
