/** Closes a switch over a union: compiles only when every case is handled, throws if reached anyway. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
