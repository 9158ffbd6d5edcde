import type { ParamSpec } from './detector';
/**
 * Parameter resolution shared by the detectors: unknown names refused, numbers finite,
 * choices among their listed strings, each error naming the detector and the parameter.
 */
export function resolveParams<P extends { [K in keyof P]: number | string }>(
  type: string,
  defaults: P,
  choices: { readonly [K in keyof P]?: readonly string[] },
  raw: Record<string, unknown> = {},
): P {
  const p: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in defaults)) {
      throw new Error(`${type}: unknown parameter '${key}' (known: ${Object.keys(defaults).join(', ')})`);
    }
    if (value === undefined) continue;
    const allowed = choices[key as keyof P];
    if (allowed) {
      if (typeof value !== 'string' || !allowed.includes(value)) {
        throw new Error(
          `${type}: parameter '${key}' must be one of ${allowed.map((c) => `'${c}'`).join(', ')}, ` +
            `got ${JSON.stringify(value)}`,
        );
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${type}: parameter '${key}' must be a finite number, got ${JSON.stringify(value)}`);
    }
    p[key] = value;
  }
  return p as unknown as P;
}

/** Throws unless `params[name]` is an integer in [min, max]. */
export function checkInt(type: string, name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new Error(`${type}: '${name}' must be an integer ${range}, got ${value}`);
  }
}

/** Throws unless the contamination is in (0, 0.5]. */
export function checkContamination(type: string, value: number): void {
  if (!(value > 0 && value <= 0.5)) {
    throw new Error(`${type}: 'contamination' must be in (0, 0.5], got ${value}`);
  }
}

/**
 * The `contamination` parameter every detector shares: the expected anomaly share, which sets the alert
 * threshold when the training rows have no labels.
 */
export function contaminationSpec(defaultValue: number, help = CONTAMINATION_HELP): ParamSpec {
  return {
    name: 'contamination',
    label: 'Expected anomaly share',
    kind: 'number',
    default: defaultValue,
    min: 0.001,
    max: 0.5,
    help,
  };
}

const CONTAMINATION_HELP =
  'Expected share of anomalous rows. It does not change the scores: when the training rows have no ' +
  'labels, it sets the alert threshold at that quantile of the training scores (with labels, the ' +
  'threshold that maximises F1 on them). Set it to your alert budget or the known anomaly rate.';
