import { errorMessage } from './engine-client';
import { keepUnrestored, loadProject, saveProject, type SavedProject } from './persist';

const CHANNEL = 'anomaly-workbench-project';

interface SavedMessage {
  type: 'saved';
  tab: string;
  revision: number;
  at: string;
}

/** Why the browser refused to store the project, in the user's words. */
export function storageProblem(e: unknown): string {
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const why =
    name === 'QuotaExceededError'
      ? 'its storage for this site is full'
      : `its storage is not available here: ${errorMessage(e)}`;
  return (
    `This browser is not saving your work (${why}). It stays in this tab while the tab is open: ` +
    'use Export project to keep a copy.'
  );
}

/**
 * The project as this browser keeps it (IndexedDB). Each save is a numbered revision, checked and
 * written in one transaction, and announced to the other tabs (BroadcastChannel): two tabs on the same
 * project never mix their saves, the last save wins, and the tab whose version was replaced says so.
 * When the browser will not store anything (private mode, a full quota) the user is told once, work
 * goes on in memory, and Export project still writes the whole project to a file.
 */
export class ProjectStore {
  /** Why saves fail, or null while they succeed. */
  problem = $state<string | null>(null);
  /** Set when another tab saved this project after this tab loaded or last saved it. */
  otherTab = $state<string | null>(null);
  private revision = 0;
  private readonly tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private readonly channel: BroadcastChannel | null =
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  constructor() {
    this.channel?.addEventListener('message', (ev: MessageEvent<SavedMessage>) => {
      const m = ev.data;
      if (m?.type !== 'saved' || m.tab === this.tab || m.revision <= this.revision) return;
      this.otherTab =
        `This project was saved from another tab at ${m.at.slice(11, 19)} UTC. The next save here replaces ` +
        'that version (the last save wins): reload this tab to continue from it instead.';
    });
  }

  /** The saved project, or null (none yet, or the browser refused: then `problem` says why). */
  async load(): Promise<SavedProject | null> {
    try {
      const saved = await loadProject();
      this.revision = saved?.revision ?? 0;
      return saved;
    } catch (e) {
      this.problem = storageProblem(e);
      return null;
    }
  }

  /** Saves the project; a refusal is shown in `problem`, never thrown (autosave must not break the page). */
  async save(project: SavedProject): Promise<void> {
    try {
      const { revision, replaced } = await saveProject(project, this.revision);
      if (replaced !== null && !this.otherTab)
        this.otherTab =
          'Another tab had saved this project since this tab loaded it; this tab’s save replaced that version (the last save wins).';
      this.revision = revision;
      this.problem = null;
      const message: SavedMessage = { type: 'saved', tab: this.tab, revision, at: project.savedAt };
      this.channel?.postMessage(message);
    } catch (e) {
      this.problem = storageProblem(e);
    }
  }

  /** Keeps a saved project that could not be restored where the next save will not overwrite it. */
  async keepUnrestored(project: SavedProject): Promise<void> {
    await keepUnrestored(project).catch(() => {});
  }
}
