import { throwIfAborted, yieldToEventLoop } from '../detector';

/**
 * Work between pauses, in units of about one multiply-add (a scattered read of the distance matrix,
 * mostly a cache miss, counts 8): about 10-30 ms, so a worker answers a cancel message quickly
 * without paying a pause (about 1 ms for the timer) per row.
 */
const DEFAULT_BUDGET = 1e7;

/**
 * Paces a long synchronous computation: loops report the work they did with `spend`, and when it
 * returns true they `await pause(fraction)`, which reports progress, lets the event loop run and throws
 * an AbortError if the signal fired. Deterministic: pauses depend on work done, not on the clock.
 */
export class WorkPacer {
  private spent = 0;

  constructor(
    private readonly signal?: AbortSignal,
    private readonly onProgress?: (fraction: number) => void,
    private readonly budget = DEFAULT_BUDGET,
  ) {}

  /** Counts `work` units; true when a pause is due. */
  spend(work: number): boolean {
    this.spent += work;
    return this.spent >= this.budget;
  }

  /** Reports `fraction` done, yields to the event loop and throws if cancelled. */
  async pause(fraction: number): Promise<void> {
    this.spent = 0;
    this.onProgress?.(fraction);
    await yieldToEventLoop();
    throwIfAborted(this.signal);
  }
}
