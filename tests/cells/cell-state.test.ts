import { describe, expect, it } from 'vitest';
import { initialCell, transitionCell, type CellEvent, type CellState } from '../../src/cells/cell-state';

const run = (events: CellEvent[], from: CellState = initialCell): CellState =>
  events.reduce(transitionCell, from);

describe('transitionCell', () => {
  it('walks idle -> queued -> running -> done', () => {
    expect(run([{ type: 'queue' }]).status).toBe('queued');
    expect(run([{ type: 'queue' }, { type: 'start' }])).toEqual({
      status: 'running',
      progress: 0,
      error: null,
    });
    expect(run([{ type: 'start' }, { type: 'succeed' }]).status).toBe('done');
  });

  it('clamps progress and ignores progress when not running', () => {
    expect(run([{ type: 'start' }, { type: 'progress', fraction: 1.7 }]).progress).toBe(1);
    expect(run([{ type: 'start' }, { type: 'progress', fraction: 0.25 }]).progress).toBe(0.25);
    expect(run([{ type: 'progress', fraction: 0.5 }])).toEqual(initialCell);
  });

  it('keeps the error message and clears it on the next start', () => {
    const failed = run([{ type: 'start' }, { type: 'fail', message: 'line 3: bad' }]);
    expect(failed).toEqual({ status: 'error', progress: null, error: 'line 3: bad' });
    expect(transitionCell(failed, { type: 'start' }).error).toBeNull();
  });

  it('marks only done cells stale, and cancel returns to stale or idle', () => {
    expect(run([{ type: 'start' }, { type: 'succeed' }, { type: 'invalidate' }]).status).toBe('stale');
    expect(run([{ type: 'invalidate' }]).status).toBe('idle');
    expect(run([{ type: 'start' }, { type: 'cancel', hadResult: true }]).status).toBe('stale');
    expect(run([{ type: 'start' }, { type: 'cancel', hadResult: false }]).status).toBe('idle');
  });
});
