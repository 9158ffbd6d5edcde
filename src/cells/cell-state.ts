import { assertNever } from '../engine/util/assert-never';

/** The status a notebook cell shows. */
export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale';

export interface CellState {
  status: CellStatus;
  /** Fraction done while running, in [0, 1], or null when unknown. */
  progress: number | null;
  error: string | null;
}

export type CellEvent =
  | { type: 'queue' }
  | { type: 'start' }
  | { type: 'progress'; fraction: number }
  | { type: 'succeed' }
  | { type: 'fail'; message: string }
  | { type: 'cancel'; hadResult: boolean }
  | { type: 'invalidate' }
  | { type: 'reset' };

export const initialCell: CellState = { status: 'idle', progress: null, error: null };

/**
 * The cell state machine, a pure function (as marimo's transitionCell): the UI dispatches events and
 * renders whatever state comes back; no DOM work here.
 */
export function transitionCell(state: CellState, event: CellEvent): CellState {
  switch (event.type) {
    case 'queue':
      return { status: 'queued', progress: null, error: null };
    case 'start':
      return { status: 'running', progress: 0, error: null };
    case 'progress':
      if (state.status !== 'running') return state;
      return { ...state, progress: Math.min(1, Math.max(0, event.fraction)) };
    case 'succeed':
      return { status: 'done', progress: null, error: null };
    case 'fail':
      return { status: 'error', progress: null, error: event.message };
    case 'cancel':
      return { status: event.hadResult ? 'stale' : 'idle', progress: null, error: null };
    case 'invalidate':
      return state.status === 'done' ? { ...state, status: 'stale' } : state;
    case 'reset':
      return initialCell;
    default:
      return assertNever(event, 'cell event');
  }
}
