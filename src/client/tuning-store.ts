import { openDB, type IDBPDatabase } from 'idb';
import { reviveRecord, type TuningRecord } from './tuning-space';

// The project's own database and store (see persist.ts), under a key of its own: the last search is
// kept beside the saved project, not inside it.
const DB = 'anomaly-workbench';
const STORE = 'projects';
const KEY = 'tuning';
let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  });
  return db;
}

/** Keeps the last hyperparameter search in this browser. */
export async function saveTuning(record: TuningRecord): Promise<void> {
  await (await open()).put(STORE, record, KEY);
}

/** The last hyperparameter search kept in this browser, or null. */
export async function loadTuning(): Promise<TuningRecord | null> {
  return reviveRecord(await (await open()).get(STORE, KEY));
}
