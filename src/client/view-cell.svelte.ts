import { untrack } from 'svelte';
import {
  initialCell,
  transitionCell,
  type CellEvent,
  type CellState,
  type CellStatus,
} from '../cells/cell-state';
import { errorMessage } from './engine-client';
import { fingerprint } from './fingerprint';
import type { Workbench } from './workbench.svelte';

/**
 * A notebook cell that shows a view of the loaded data (a statistic, a chart): its result is stamped
 * with the data's fingerprint and its own request, so it turns stale when either changes, and
 * `refresh` recomputes it in the worker only then (as a reactive notebook re-runs stale cells).
 */
export class ViewCell<Req, Res> {
  result = $state.raw<{ fp: string; result: Res } | null>(null);
  state = $state<CellState>(initialCell);
  private pending: string | null = null;

  /** `workbench` is a getter so components can pass their (constant) prop without capturing it. */
  constructor(
    private readonly workbench: () => Workbench,
    private readonly compute: (req: Req) => Promise<Res>,
  ) {}

  private get wb(): Workbench {
    return this.workbench();
  }

  private fp(req: Req): string {
    return fingerprint(this.wb.fpData, req);
  }

  status(req: Req): CellStatus {
    const run = this.state.status;
    if (run === 'queued' || run === 'running' || run === 'error') return run;
    if (!this.result) return 'idle';
    return this.result.fp === this.fp(req) ? 'done' : 'stale';
  }

  private dispatch(event: CellEvent): void {
    this.state = transitionCell(this.state, event);
  }

  /** The latest result, or null before the first one. */
  get view(): Res | null {
    return this.result?.result ?? null;
  }

  /**
   * Keeps the view current, as a reactive notebook does: whenever the data or the request changes,
   * recompute (a null request means "nothing to compute yet"). Call during component initialisation.
   */
  follow(request: () => Req | null): void {
    $effect(() => {
      const req = request();
      void this.wb.fpData;
      if (req !== null) untrack(() => void this.refresh(req));
    });
  }

  /** Computes the view unless the current result already matches the data and the request. */
  async refresh(req: Req, force = false): Promise<void> {
    if (!this.wb.data) return;
    const fp = this.fp(req);
    if (!force && (this.result?.fp === fp || this.pending === fp)) return;
    this.pending = fp;
    this.dispatch({ type: 'start' });
    try {
      const result = await this.compute($state.snapshot(req) as Req);
      if (this.pending !== fp) return; // a newer request superseded this one
      this.result = { fp, result };
      this.dispatch({ type: 'succeed' });
    } catch (e) {
      if (this.pending === fp) this.dispatch({ type: 'fail', message: errorMessage(e) });
    } finally {
      if (this.pending === fp) this.pending = null;
    }
  }
}
