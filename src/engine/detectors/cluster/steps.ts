import { throwIfAborted, yieldToEventLoop, type FitOptions } from '../detector';

/**
 * A long computation written as a generator that yields its fraction done (in [0, 1]) now and then
 * (every row or so), so one implementation serves both a plain synchronous call and a cancellable fit
 * that lets a worker's event loop run.
 */
export type Steps<T> = Generator<number, T, void>;

const YIELD_EVERY_MS = 40;

/** Runs steps to the end synchronously and returns their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs steps, yielding to the event loop about every 40 ms of work: each time it reports progress
 * (the steps' fraction mapped onto [from, to]) and rejects with an AbortError once the signal fired.
 */
export async function driveSteps<T>(
  steps: Steps<T>,
  options: FitOptions,
  from: number,
  to: number,
): Promise<T> {
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) {
      options.onProgress?.(to);
      return r.value;
    }
    const now = performance.now();
    if (now - last > YIELD_EVERY_MS) {
      options.onProgress?.(from + (to - from) * Math.min(1, Math.max(0, r.value)));
      throwIfAborted(options.signal);
      await yieldToEventLoop();
      throwIfAborted(options.signal);
      last = performance.now();
    }
  }
}

/** Runs inner steps as part of outer ones, mapping their fraction done onto [from, to]. */
export function* within<T>(steps: Steps<T>, from: number, to: number): Steps<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    yield from + (to - from) * r.value;
  }
}
