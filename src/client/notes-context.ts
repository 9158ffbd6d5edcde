import { getContext, setContext } from 'svelte';
import type { Note } from './project';

/** What a cell needs to show and edit the user's note after it: the page it is on and the notes. */
export interface NotesContext {
  phase: () => string;
  notes: () => Record<string, Note>;
  set: (key: string, note: Note | null) => void;
}

const KEY = Symbol('notes');

export function setNotesContext(ctx: NotesContext): void {
  setContext(KEY, ctx);
}

/** Null outside the app (a cell rendered on its own, in a test): then cells show no note slot. */
export function getNotesContext(): NotesContext | null {
  return getContext<NotesContext | undefined>(KEY) ?? null;
}

/** The key of the note after a cell on a page (`page` for the note at the top of the page). */
export function noteKey(phase: string, cell: string): string {
  return `${phase}/${cell}`;
}
