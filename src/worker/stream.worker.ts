import * as Comlink from 'comlink';
import { bundleRoles, scoreBatchRows } from '../engine/serving/batch';
import { columnValues } from '../engine/table/column-values';
import {
  readBundle,
  replayRows,
  StreamReplay,
  verifyReference,
  loadCsv,
  type BundleBody,
  type ReplayRow,
} from '../engine/index';
import { holdLifeLock } from './life-lock';
import { configureLstmBackends } from './lstm-backends';

holdLifeLock(self as unknown as Parameters<typeof holdLifeLock>[0]);
configureLstmBackends();

/** What the Deployment page shows of an opened bundle. */
export interface OpenedBundle {
  name: string;
  sha256: string;
  manifest: BundleBody['manifest'];
  detector: string;
  threshold: number;
  metrics: string[];
  featureCount: number;
  alertRules: BundleBody['pipeline']['alertRules'] | null;
  reference: { ok: boolean; maxAbsDiff: number; tolerance: number; rows: number };
}

let body: BundleBody | null = null;
let replay: StreamReplay | null = null;

function requireBody(): BundleBody {
  if (!body) throw new Error('no bundle open: export or import one first');
  return body;
}

const api = {
  /** Reads and verifies a bundle (hash, parts, reference rows); the previous one stays open on failure. */
  async open(text: string, name: string): Promise<OpenedBundle> {
    const read = await readBundle(text, name);
    const reference = verifyReference(read);
    body = read;
    replay = null;
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { sha256: string };
    return {
      name,
      sha256: header.sha256,
      manifest: read.manifest,
      detector: read.pipeline.detector.type,
      threshold: read.pipeline.threshold,
      metrics: [...read.pipeline.spec.metrics],
      featureCount: read.pipeline.featureNames.length,
      alertRules: read.pipeline.alertRules ?? null,
      reference: { ...reference, rows: read.reference.rows.length },
    };
  },
  /** Starts a replay of given rows (the test split) from empty stream state. */
  start(rows: ReplayRow[]): number {
    replay = new StreamReplay(requireBody(), rows);
    return rows.length;
  },
  /** Starts a replay of a CSV file read with the bundle's column roles. */
  startFile(text: string, name: string): number {
    const b = requireBody();
    const ds = loadCsv(text, name, bundleRoles(b.pipeline));
    const rows = replayRows(ds, b.pipeline.spec.metrics);
    replay = new StreamReplay(b, rows);
    return rows.length;
  },
  /**
   * Scores a CSV file with the open bundle as `cli score` does (from empty state, rows in input order):
   * a scores CSV `row,score,alert` plus the time and entity columns, and the counts.
   */
  scoreFile(text: string, name: string): { csv: string; rows: number; alerts: number; dropped: number } {
    const b = requireBody();
    const ds = loadCsv(text, name, bundleRoles(b.pipeline));
    const batch = scoreBatchRows(b.pipeline, ds);
    const { time, entity } = ds.schema;
    // Resampled results are grid steps with their own times and entities; else they follow the input rows.
    const times = batch.times ?? (time ? (columnValues(ds.table, time) as ArrayLike<number>) : null);
    const entities =
      batch.entities ?? (entity ? (columnValues(ds.table, entity) as ArrayLike<unknown>) : null);
    const header = ['row', 'score', 'alert', ...(time ? [time] : []), ...(entity ? [entity] : [])];
    const lines = [header.join(',')];
    let alerts = 0;
    batch.results.forEach((r, i) => {
      alerts += r.alert ? 1 : 0;
      const cells = [String(i), r.score === null ? '' : String(r.score), r.alert ? '1' : '0'];
      if (time)
        cells.push(
          times && Number.isFinite(Number(times[i])) ? new Date(Number(times[i])).toISOString() : '',
        );
      if (entity) cells.push(entities ? String(entities[i]) : '');
      lines.push(cells.join(','));
    });
    return { csv: `${lines.join('\n')}\n`, rows: batch.results.length, alerts, dropped: batch.dropped };
  },
  step(n: number, focus: string | null) {
    if (!replay) throw new Error('no stream running: press Start');
    return replay.step(n, focus);
  },
  health() {
    if (replay) return replay.health();
    return { ...verifyReference(requireBody()), uptimeMs: 0, entities: 0, rows: 0 };
  },
};

export type StreamApi = typeof api;

Comlink.expose(api, self as unknown as Comlink.Endpoint);
