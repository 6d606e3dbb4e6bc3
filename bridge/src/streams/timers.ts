/**
 * The clock and timers the stream clients use. Injected so tests can let an hour of outage or a
 * 20-second ping interval pass in an instant, with real sockets, instead of waiting or asserting
 * on how long something took.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
