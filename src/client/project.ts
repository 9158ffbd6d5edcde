import {
  defaultMetrics,
  defaultPrepConfig,
  type AlertRuleSettings,
  type DataSource,
  type LabelEdit,
  type MetricSummary,
  type PrepSettings,
  type Schema,
} from '../engine/index';
import { defaultBusiness, type BusinessSettings } from './business/business';
import { upgradeBusiness } from './business/upgrade-business';

/** The user's markdown note after a cell (or at the top of a page), with the cell's title for the report. */
export interface Note {
  title: string;
  text: string;
}

/** Everything the user chose: saved with the project, and the inputs every cell depends on. */
export interface ProjectSettings {
  name: string;
  business: BusinessSettings;
  /** Notes by `phase/cell` (`phase/page` for the note at the top of a page). */
  notes: Record<string, Note>;
  /** The data source, column-role overrides and hand-made label edits (brushed in the time series). */
  data: { source: DataSource; overrides: Partial<Schema>; labelEdits: LabelEdit[] };
  /** What the time-series cell shows: entities, metrics and the zoomed range (null: everything). */
  view: { entities: string[]; metrics: string[]; range: [number, number] | null };
  /** Null until the dataset is known: then its first metrics and the default preparation. */
  prep: PrepSettings | null;
  model: { type: string; params: Record<string, unknown> };
  /**
   * The Modeling page's detector picks, by type: whether each is ticked for training and its params
   * (a type missing here shows its defaults, ticked when it is in DEFAULT_CANDIDATES).
   */
  candidates: Record<string, { enabled: boolean; params: Record<string, unknown> }>;
  threshold: number | null;
  /** Alert rules on top of the threshold, evaluated in Evaluation and carried by the bundle. */
  alertRules: AlertRuleSettings;
}

/** Detectors ticked on a fresh project: quick ones, a tree ensemble, a clustering and a baseline. */
export const DEFAULT_CANDIDATES = ['iforest', 'kmeans', 'robust-z'];

export const DEMO_SOURCE: DataSource = { kind: 'demo', days: 14, instances: 8, seed: 42 };

export function defaultSettings(): ProjectSettings {
  return {
    name: 'Untitled project',
    business: defaultBusiness(),
    notes: {},
    data: { source: DEMO_SOURCE, overrides: {}, labelEdits: [] },
    view: { entities: [], metrics: [], range: null },
    prep: null,
    model: { type: 'iforest', params: { nEstimators: 100, maxSamples: 256, contamination: 0.05, seed: 0 } },
    candidates: {},
    threshold: null,
    alertRules: { minDuration: 1, cooldown: 0, groupGap: 0, perEntity: {} },
  };
}

/** The identity of a data source for fingerprints: CSV text is represented by its length and hash. */
export function sourceKey(source: DataSource): unknown {
  if (source.kind === 'demo') return source;
  if (source.kind === 'bytes') return { kind: 'bytes', name: source.name, hash: source.contentHash };
  if (source.kind === 'file') {
    return { kind: 'file', name: source.name, size: source.size, lastModified: source.lastModified };
  }
  return { kind: 'csv', name: source.name, hash: source.contentHash, windows: source.windows ?? null };
}

/** Fills what older saved projects lack, so a project saved by an earlier version still opens. */
export function upgradeSettings(saved: Partial<ProjectSettings>): ProjectSettings {
  const d = defaultSettings();
  const view = (saved.view ?? {}) as Partial<ProjectSettings['view']> & { entity?: string | null };
  return {
    ...d,
    ...saved,
    business: upgradeBusiness(saved.business),
    notes: upgradeNotes(saved.notes),
    data: { ...d.data, ...saved.data, labelEdits: saved.data?.labelEdits ?? [] },
    view: {
      entities: view.entities ?? (view.entity ? [view.entity] : []),
      metrics: view.metrics ?? [],
      range: view.range ?? null,
    },
    model: { ...d.model, ...saved.model },
    candidates: saved.candidates ?? {},
    alertRules: { ...d.alertRules, ...saved.alertRules },
    prep: upgradePrep(saved.prep),
  };
}

/** How many metrics the default preparation starts with (425 features from 3 metrics). */
export const DEFAULT_PREP_METRICS = 3;

/** The default preparation for a dataset's metrics (the first that carry information). */
export function defaultPrep(metrics: readonly MetricSummary[]): PrepSettings {
  return { metrics: defaultMetrics(metrics, DEFAULT_PREP_METRICS), config: defaultPrepConfig() };
}

type OldPrep = { metrics: string[]; scaler: PrepSettings['config']['scaler']; trainFraction: number };

/**
 * Preparation saved before cleaning, feature families and 3-way splits (metrics, scaler, train share)
 * becomes the same preparation in the new form: compact features, no selection, one global cut.
 */
function upgradePrep(prep: PrepSettings | OldPrep | null | undefined): PrepSettings | null {
  if (!prep) return null;
  if ('config' in prep) return prep;
  return {
    metrics: prep.metrics,
    config: {
      ...defaultPrepConfig(),
      features: 'auto',
      selection: null,
      scaler: prep.scaler,
      split: { train: prep.trainFraction, validation: 0, gap: 0, perEntity: false },
    },
  };
}

/** Notes from a saved project (none before notes existed); a malformed one is refused with its key. */
function upgradeNotes(saved: unknown): Record<string, Note> {
  if (saved === undefined || saved === null) return {};
  if (typeof saved !== 'object' || Array.isArray(saved)) {
    throw new Error(`settings.notes is ${JSON.stringify(saved)}; it must be an object of notes`);
  }
  const out: Record<string, Note> = {};
  for (const [key, n] of Object.entries(saved as Record<string, Partial<Note>>)) {
    if (!n || typeof n.text !== 'string') {
      throw new Error(`settings.notes["${key}"].text is missing; a note needs its text`);
    }
    out[key] = { title: typeof n.title === 'string' ? n.title : key, text: n.text };
  }
  return out;
}
