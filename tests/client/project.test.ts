import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPrepConfig, loadCsv, summarize } from '../../src/engine/index';
import { parseProjectFile, projectToJson, type SavedProject } from '../../src/client/persist';
import { defaultPrep, defaultSettings, upgradeSettings } from '../../src/client/project';
import { fingerprint } from '../../src/client/fingerprint';

describe('project files', () => {
  it('round-trip settings, and binary data through base64', () => {
    const settings = defaultSettings();
    settings.data.source = { kind: 'bytes', name: 'x.arrow', bytes: Uint8Array.from([0, 1, 2, 250, 255]) };
    const saved: SavedProject = {
      format: 'anomaly-workbench-project',
      version: 1,
      savedAt: '2026-01-01T00:00:00.000Z',
      settings,
      train: null,
    };
    const back = parseProjectFile(projectToJson(saved), 'p.json');
    expect(back.settings.data.source).toEqual(settings.data.source);
    expect(back.settings.business).toEqual(settings.business);
  });

  it('refuses what is not a project file, naming the file and the reason', () => {
    expect(() => parseProjectFile('{', 'a.json')).toThrow(/^a\.json: not a project file \(not valid JSON/);
    expect(() => parseProjectFile('{"x":1}', 'b.json')).toThrow(
      /b\.json: not an Anomaly Workbench project file/,
    );
    expect(() => parseProjectFile('{"format":"anomaly-workbench-project","version":9}', 'c.json')).toThrow(
      /version 9 is not supported/,
    );
  });

  it('opens settings saved by an earlier version (one instance in the view, no label edits)', () => {
    const old = {
      ...defaultSettings(),
      view: { entity: 'web-02', metrics: ['cpu_pct'] },
    } as unknown as Parameters<typeof upgradeSettings>[0];
    delete (old as { data: { labelEdits?: unknown } }).data.labelEdits;
    const s = upgradeSettings(old);
    expect(s.view).toEqual({ entities: ['web-02'], metrics: ['cpu_pct'], range: null });
    expect(s.data.labelEdits).toEqual([]);
  });

  it('upgrades a preparation saved before feature families to the same behaviour', () => {
    const old = {
      ...defaultSettings(),
      prep: { metrics: ['cpu_pct', 'mem_pct'], scaler: 'robust', trainFraction: 0.65 },
    } as unknown as Parameters<typeof upgradeSettings>[0];
    const s = upgradeSettings(old);
    expect(s.prep?.metrics).toEqual(['cpu_pct', 'mem_pct']);
    expect(s.prep?.config.features).toBe('auto');
    expect(s.prep?.config.selection).toBeNull();
    expect(s.prep?.config.scaler).toBe('robust');
    expect(s.prep?.config.split).toEqual({ train: 0.65, validation: 0, gap: 0, perEntity: false });
    expect(s.prep?.config.cleaning.missing.method).toBe('ffill');
    const current = upgradeSettings({ ...defaultSettings(), prep: s.prep });
    expect(current.prep).toEqual(s.prep);
  });

  it('fingerprints are stable and sensitive to every input', () => {
    expect(fingerprint({ a: 1 }, [2])).toBe(fingerprint({ a: 1 }, [2]));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});

describe('defaultPrep', () => {
  it("starts with the dataset's first three metrics that vary (ASD omi-1: m02 is constant)", () => {
    const text = readFileSync('data/asd/omi-1_test.csv', 'utf8');
    const metrics = summarize(loadCsv(text, 'omi-1_test.csv')).metrics;
    expect(defaultPrep(metrics).metrics).toEqual(['m01', 'm03', 'm04']);
    expect(defaultPrep(metrics).config).toEqual(defaultPrepConfig());
  });
});
