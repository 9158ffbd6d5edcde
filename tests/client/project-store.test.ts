import { describe, expect, it, vi } from 'vitest';
import type { SavedProject } from '../../src/client/persist';

// IndexedDB as idb exposes it, in memory: one object store, transactions that apply at once.
const idb = vi.hoisted(() => {
  const rows = new Map<string, unknown>();
  const state = { refuse: null as Error | null };
  const refused = () => (state.refuse ? Promise.reject(state.refuse) : Promise.resolve());
  const store = {
    get: async (key: string) => refused().then(() => structuredClone(rows.get(key))),
    put: async (value: unknown, key: string) =>
      refused().then(() => void rows.set(key, structuredClone(value))),
  };
  const db = {
    get: (_s: string, key: string) => store.get(key),
    put: (_s: string, value: unknown, key: string) => store.put(value, key),
    transaction: () => ({ store, done: Promise.resolve() }),
  };
  return { rows, state, openDB: async () => (state.refuse ? Promise.reject(state.refuse) : db) };
});
vi.mock('idb', () => ({ openDB: idb.openDB }));

const { ProjectStore } = await import('../../src/client/project-store.svelte');

const project = (name: string) =>
  ({ settings: { name }, savedAt: '2026-11-22T10:00:00.000Z' }) as unknown as SavedProject;
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('ProjectStore', () => {
  it('two tabs on one project: the last save wins, whole, and the other tab is told', async () => {
    idb.rows.clear();
    const a = new ProjectStore();
    const b = new ProjectStore();
    expect(await a.load()).toBeNull();
    await a.save(project('from A'));
    expect((await b.load())?.revision).toBe(1);
    await b.save(project('from B'));
    await tick();
    expect(a.otherTab).toMatch(/saved from another tab .*the last save wins/);
    expect(b.otherTab).toBeNull();
    // A saves anyway: its save is checked against the revision it knew, replaces B's, and B hears of it.
    await a.save(project('from A again'));
    await tick();
    expect(b.otherTab).toMatch(/saved from another tab/);
    const stored = idb.rows.get('current') as SavedProject;
    expect(stored.settings.name).toBe('from A again');
    expect(stored.revision).toBe(3);
  });

  it('a tab without the broadcast still notices, at its save, that another tab saved in between', async () => {
    idb.rows.clear();
    const a = new ProjectStore();
    await a.load();
    await a.save(project('one'));
    idb.rows.set('current', { ...project('elsewhere'), revision: 7 });
    await a.save(project('two'));
    expect(a.otherTab).toMatch(/Another tab had saved this project .* replaced that version/);
    expect((idb.rows.get('current') as SavedProject).revision).toBe(8);
  });

  it('storage refused (private mode, full quota): said once in words, never thrown, retried', async () => {
    idb.rows.clear();
    const a = new ProjectStore();
    idb.state.refuse = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    await a.save(project('kept in memory'));
    expect(a.problem).toMatch(/not saving your work \(its storage for this site is full\).*Export project/);
    idb.state.refuse = new DOMException('A mutation operation was attempted', 'InvalidStateError');
    expect(await a.load()).toBeNull();
    expect(a.problem).toMatch(/storage is not available here: A mutation operation/);
    idb.state.refuse = null;
    await a.save(project('saved at last'));
    expect(a.problem).toBeNull();
    expect((idb.rows.get('current') as SavedProject).settings.name).toBe('saved at last');
  });
});
