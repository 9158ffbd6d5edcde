import { describe, expect, it } from 'vitest';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  readBundle,
  scorePipeline,
  verifyReference,
  writeBundle,
} from '../../../src/engine/index';

const ds = generateClusterMetrics({ days: 2, instances: 2, seed: 3 });

async function bundleText(): Promise<string> {
  const { fitted } = await fitPipeline(
    ds,
    defaultSpec(ds.schema, { type: 'iforest', params: { nEstimators: 30, seed: 1 } }),
  );
  return writeBundle(fitted, ds, { createdAt: '2026-01-01T00:00:00.000Z' });
}

describe('model bundle', () => {
  it('round-trips: the read pipeline scores exactly as the written one and its reference rows reproduce', async () => {
    const { fitted } = await fitPipeline(
      ds,
      defaultSpec(ds.schema, { type: 'iforest', params: { nEstimators: 30, seed: 1 } }),
    );
    const text = await writeBundle(fitted, ds);
    const body = await readBundle(text, 'm.awb');
    expect(body.manifest.schema).toEqual(ds.schema);
    expect(body.reference.rows.length).toBe(16);
    expect(verifyReference(body)).toEqual({ ok: true, maxAbsDiff: 0, tolerance: 1e-9 });
    expect(scorePipeline(body.pipeline, ds).scores).toEqual(scorePipeline(fitted, ds).scores);
  });

  it('is the same file for the same data, seed and creation time', async () => {
    expect(await bundleText()).toBe(await bundleText());
  });

  it('refuses every changed byte among a sample of positions, naming the file', async () => {
    const text = await bundleText();
    const positions = Array.from({ length: 60 }, (_, k) => Math.floor(((k + 0.5) / 60) * (text.length - 1)));
    for (const i of positions) {
      if (text[i] === '\n') continue;
      const swapped = text[i] === 'a' ? 'b' : text[i] === '1' ? '2' : text[i] === '"' ? "'" : 'a';
      const changed = text.slice(0, i) + swapped + text.slice(i + 1);
      await expect(readBundle(changed, 'x.awb'), `byte ${i}`).rejects.toThrow(/^x\.awb: /);
    }
  });

  it('refuses an unknown format version and a body whose hash does not match', async () => {
    const text = await bundleText();
    await expect(readBundle(text.replace('"formatVersion":3', '"formatVersion":7'), 'b.awb')).rejects.toThrow(
      /format version 7 is not supported/,
    );
    const nl = text.indexOf('\n');
    await expect(
      readBundle(text.slice(0, nl + 1) + text.slice(nl + 1).replace('"iforest"', '"iforesu"'), 'b.awb'),
    ).rejects.toThrow(/hash mismatch/);
    await expect(readBundle('hello', 'b.awb')).rejects.toThrow(/not a model bundle/);
  });
});

describe('model bundle validation', () => {
  it('reads a bundle whose line endings became CRLF', async () => {
    const text = await bundleText();
    await expect(readBundle(text.replace(/\n/g, '\r\n'), 'crlf.awb')).resolves.toBeTruthy();
  });

  it('refuses a well-hashed body with a non-numeric threshold or no reference rows', async () => {
    const { sha256Hex } = await import('../../../src/engine/index');
    const text = await bundleText();
    const [header, body] = text.trim().split('\n');
    const rehash = async (b: string): Promise<string> => {
      const h = JSON.parse(header) as Record<string, unknown>;
      h.sha256 = await sha256Hex(b);
      return `${JSON.stringify(h)}\n${b}\n`;
    };
    const parsed = JSON.parse(body) as {
      pipeline: { threshold: unknown };
      reference: { rows: unknown[]; scores: unknown[] };
    };
    parsed.pipeline.threshold = 'abc';
    await expect(readBundle(await rehash(JSON.stringify(parsed)), 't.awb')).rejects.toThrow(
      /t\.awb: .*threshold/,
    );
    const noRef = JSON.parse(body) as typeof parsed;
    noRef.reference.rows = [];
    noRef.reference.scores = [];
    await expect(readBundle(await rehash(JSON.stringify(noRef)), 't.awb')).rejects.toThrow(/reference rows/);
  });
});
