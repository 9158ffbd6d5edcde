/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit parsed bundle JSON at any depth */
import { describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  readBundle,
  readBundleFile,
  sha256Hex,
  writeBundle,
} from '../../../src/engine/index';
import { fitBaselines } from '../../../src/engine/evaluation/alert-explanation';
import { driftReference } from '../../../src/engine/bundle/training-summary';
import { unpackArrays } from '../../../src/engine/bundle/packed-arrays';

const ds = generateClusterMetrics({ days: 2, instances: 2, seed: 3 });

async function bundle(extra: { trainRows?: ArrayLike<number> } = {}): Promise<string> {
  const { fitted } = await fitPipeline(
    ds,
    defaultSpec(ds.schema, { type: 'iforest', params: { nEstimators: 20, seed: 1 } }),
  );
  return writeBundle(fitted, ds, { createdAt: '2026-01-01T00:00:00.000Z', ...extra });
}

/** The bundle with its body changed and re-hashed (and the header's version set), as a careful forger would. */
async function rewrite(
  text: string,
  change: (body: Record<string, any>) => void,
  version?: number,
): Promise<string> {
  const [header, body] = text.trim().split('\n');
  const b = JSON.parse(body) as Record<string, any>;
  // Versions before 3 had no binary blocks, nor the manifest's copy of the version.
  if (version !== undefined && version < 3) {
    b.pipeline = unpackArrays(b.pipeline, 'pipeline');
    delete b.manifest.formatVersion;
  }
  change(b);
  const s = JSON.stringify(b);
  const h = JSON.parse(header) as Record<string, unknown>;
  h.sha256 = await sha256Hex(s);
  if (version !== undefined) h.formatVersion = version;
  return `${JSON.stringify(h)}\n${s}\n`;
}

describe('training summary (bundle format 2)', () => {
  it('holds the baselines and decile bins of the training rows raw metric values', async () => {
    const { header, body } = await readBundleFile(await bundle(), 'm.awb');
    expect(header.formatVersion).toBe(3);
    const summary = body.manifest.trainingSummary!;
    const rows = Int32Array.from({ length: ds.table.numRows() }, (_, i) => i);
    const cols = ds.schema.metrics.map((m) => Float64Array.from(ds.table.array(m) as ArrayLike<number>));
    const times = Float64Array.from(ds.table.array('timestamp') as ArrayLike<number>);
    expect(summary.rows).toBe(rows.length);
    expect(summary.baselines).toEqual(
      JSON.parse(JSON.stringify(fitBaselines(ds.schema.metrics, cols, rows, times))),
    );
    expect(summary.drift).toEqual(ds.schema.metrics.map((m, j) => driftReference(m, cols[j])));
    for (const d of summary.drift) {
      expect(d.edges.length).toBeLessThanOrEqual(9);
      expect(d.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('summarises only the training rows when given', async () => {
    const half = Int32Array.from({ length: 200 }, (_, i) => i);
    const body = await readBundle(await bundle({ trainRows: half }));
    expect(body.manifest.trainingSummary!.rows).toBe(200);
    expect(body.manifest.trainingSummary!.drift[0].count).toBe(200);
  });

  it('reads a version 1 bundle (no summary), refuses a version 2 one without it, naming the field', async () => {
    const text = await bundle();
    const v1 = await rewrite(text, (b) => delete b.manifest.trainingSummary, 1);
    expect((await readBundle(v1, 'old.awb')).manifest.trainingSummary).toBeUndefined();
    const v2 = await rewrite(text, (b) => delete b.manifest.trainingSummary);
    await expect(readBundle(v2, 'new.awb')).rejects.toThrow(
      "new.awb: malformed bundle: missing 'manifest.trainingSummary'",
    );
    await expect(readBundle(await rewrite(text, () => {}, 4), 'v4.awb')).rejects.toThrow(
      'v4.awb: bundle format version 4 is not supported (this engine reads versions 1, 2 and 3)',
    );
  });

  it('refuses a malformed summary with a message naming the field', async () => {
    const text = await bundle();
    const cases: [(b: Record<string, any>) => void, RegExp][] = [
      [
        (b) => (b.manifest.trainingSummary.drift[2].edges = [3, 1]),
        /'manifest\.trainingSummary\.drift\[2\]\.edges' must be strictly increasing/,
      ],
      [
        (b) => b.manifest.trainingSummary.drift.pop(),
        /'manifest\.trainingSummary\.drift' must have one entry per metric/,
      ],
      [
        (b) => (b.manifest.trainingSummary.drift[0].proportions = [2]),
        /'manifest\.trainingSummary\.drift\[0\]\.proportions'/,
      ],
      [
        (b) => (b.manifest.trainingSummary.baselines.overall[1].scale = 0),
        /'manifest\.trainingSummary\.baselines\.overall\[1\]\.scale' must be a number > 0/,
      ],
      [
        (b) => (b.manifest.trainingSummary.baselines.slots[0] = []),
        /'manifest\.trainingSummary\.baselines\.slots\[0\]' must have 168/,
      ],
      [(b) => (b.manifest.trainingSummary = 'x'), /'manifest\.trainingSummary' must be an object/],
    ];
    for (const [change, message] of cases) {
      await expect(readBundle(await rewrite(text, change), 'f.awb')).rejects.toThrow(message);
    }
  });
});
