import { FeatureConfigError, type FeatureFamily } from './family';
import { featureFamilies } from './registry';
import { parseSizes } from './sizes';

export { MAX_WINDOW, parseSizes } from './sizes';

/** One family's entry in a configuration: on or off, plus its own parameters over the defaults. */
export type FamilyEntry = { enabled?: boolean } & Record<string, unknown>;

/**
 * Which features to compute, as plain JSON. It names no metric: the same configuration applies to
 * every metric column, so a new metric needs no change.
 */
export interface FeatureConfig {
  /** Rolling window sizes in rows, shared by the windowed families. */
  windows: number[];
  /** Entries by family name; a family left out takes its defaults and is enabled. */
  families: Record<string, FamilyEntry>;
}

/** A family with validated parameters. */
export interface ResolvedFamily {
  family: FeatureFamily<unknown>;
  params: unknown;
}

/** A validated configuration: the windows and the enabled families in registry order. */
export interface ResolvedFeatureConfig {
  windows: number[];
  families: ResolvedFamily[];
}

/** The default: every family on with its defaults, windows of 30 min to 1 day at a 5-minute step. */
export function defaultFeatureConfig(): FeatureConfig {
  return { windows: [6, 12, 24, 48, 96, 288], families: {} };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a configuration (an object, or JSON text) against the registered families; every problem
 * names its field. Missing parts take their defaults.
 */
export function parseFeatureConfig(raw: unknown): FeatureConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new FeatureConfigError('(config)', `not valid JSON: ${(e as Error).message}`);
    }
  }
  if (value === undefined || value === null) value = {};
  if (!isRecord(value)) throw new FeatureConfigError('(config)', 'must be an object');
  for (const key of Object.keys(value)) {
    if (key !== 'windows' && key !== 'families') {
      throw new FeatureConfigError(key, 'unknown field (known: windows, families)');
    }
  }
  const windows =
    value.windows === undefined ? defaultFeatureConfig().windows : parseSizes(value.windows, 'windows');
  const rawFamilies = value.families === undefined ? {} : value.families;
  if (!isRecord(rawFamilies)) throw new FeatureConfigError('families', 'must be an object of family entries');
  const known = new Map(featureFamilies().map((f) => [f.name, f]));
  const families: Record<string, FamilyEntry> = {};
  for (const [name, entry] of Object.entries(rawFamilies)) {
    const family = known.get(name);
    if (!family) {
      throw new FeatureConfigError(
        `families.${name}`,
        `unknown family (known: ${[...known.keys()].join(', ')})`,
      );
    }
    if (typeof entry === 'boolean') {
      families[name] = { enabled: entry };
      continue;
    }
    if (!isRecord(entry))
      throw new FeatureConfigError(`families.${name}`, 'must be true, false or an object');
    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') {
      throw new FeatureConfigError(`families.${name}.enabled`, 'must be true or false');
    }
    const { enabled, ...params } = entry;
    family.parse(params);
    families[name] = enabled === undefined ? { ...params } : { enabled, ...params };
  }
  return { windows, families };
}

/** The enabled families of a (valid) configuration with their parameters. */
export function resolveFeatureConfig(config: FeatureConfig): ResolvedFeatureConfig {
  const parsed = parseFeatureConfig(config);
  const families: ResolvedFamily[] = [];
  for (const family of featureFamilies()) {
    const entry = parsed.families[family.name] ?? {};
    if (entry.enabled === false) continue;
    const { enabled: _enabled, ...params } = entry;
    families.push({ family: family as FeatureFamily<unknown>, params: family.parse(params) });
  }
  return { windows: parsed.windows, families };
}
