import { openDB, type IDBPDatabase } from 'idb';
import type { TrainResult } from '../engine/index';
import type { ModelRun } from './model-runs.svelte';
import type { ProjectSettings } from './project';
import type { TuningRecord } from './tuning-space';

/** What is saved: the user's settings and the fitted model (derived results are recomputed on load). */
export interface SavedProject {
  format: 'anomaly-workbench-project';
  version: 1;
  savedAt: string;
  settings: ProjectSettings;
  train: { fp: string; result: TrainResult } | null;
  /** The run history of the Modeling page and the run in use (absent in projects saved before it). */
  runs?: ModelRun[];
  chosenRun?: string | null;
  /** The last hyperparameter search of the Modeling page (absent in projects saved before it). */
  tuning?: TuningRecord | null;
  /** Counts the saves of this project in this browser, so a tab can tell that another one saved it. */
  revision?: number;
}

/** What a save did: the revision written, and the one found when it was not the one the tab expected. */
export interface SaveOutcome {
  revision: number;
  replaced: number | null;
}

const DB = 'anomaly-workbench';
const STORE = 'projects';
const CURRENT = 'current';
/** Where a saved project that could not be restored is kept, so the next save does not overwrite it. */
const UNRESTORED = 'unrestored';
let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  });
  // A browser that refused once (private mode, say) may allow it later: do not keep the refusal.
  db.catch(() => (db = null));
  return db;
}

/** The current time as ISO 8601, for the saved-at stamp. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * Saves the project as the next revision, in one transaction with reading the revision stored, so two
 * tabs never interleave; `expected` is the revision this tab last loaded or wrote (0: none).
 */
export async function saveProject(p: SavedProject, expected = 0): Promise<SaveOutcome> {
  const tx = (await open()).transaction(STORE, 'readwrite');
  const found = ((await tx.store.get(CURRENT)) as SavedProject | undefined)?.revision ?? 0;
  const revision = found + 1;
  await tx.store.put({ ...p, revision }, CURRENT);
  await tx.done;
  return { revision, replaced: found === expected ? null : found };
}

export async function loadProject(): Promise<SavedProject | null> {
  return ((await (await open()).get(STORE, CURRENT)) as SavedProject | undefined) ?? null;
}

/** Keeps a saved project that could not be restored out of the way of the next save. */
export async function keepUnrestored(p: SavedProject): Promise<void> {
  await (await open()).put(STORE, p, UNRESTORED);
}

/** JSON for a project file: binary data (an uploaded Arrow file) is written as base64. */
export function projectToJson(p: SavedProject): string {
  return JSON.stringify(p, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      let bin = '';
      for (let i = 0; i < value.length; i += 0x8000)
        bin += String.fromCharCode(...value.subarray(i, i + 0x8000));
      return { $bytes: btoa(bin) };
    }
    return value;
  });
}

function reviveBytes(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string') {
    return Uint8Array.from(atob(value.$bytes), (c) => c.charCodeAt(0));
  }
  return value;
}

/** Parses an exported project file, refusing anything that is not one, with the reason. */
export function parseProjectFile(text: string, file: string): SavedProject {
  let p: SavedProject;
  try {
    p = JSON.parse(text, reviveBytes) as SavedProject;
  } catch (e) {
    throw new Error(`${file}: not a project file (not valid JSON: ${(e as Error).message})`, { cause: e });
  }
  if (!p || p.format !== 'anomaly-workbench-project') {
    throw new Error(`${file}: not an Anomaly Workbench project file (missing "format")`);
  }
  if (p.version !== 1) throw new Error(`${file}: project file version ${String(p.version)} is not supported`);
  if (!p.settings?.data?.source) throw new Error(`${file}: project file has no data source`);
  return p;
}
