/** One counter after a request was counted: its count in the window and when the window ends. */
export interface Hit {
  count: number;
  /** Epoch milliseconds. */
  resetAt: number;
}

/**
 * Where the counters live: in memory (one process) or in Redis (every node). Windows are
 * fixed and aligned on the epoch (`floor(now / windowMs)`), so every node and both stores
 * agree on where a window starts. `undefined` means the store could not count (Redis down):
 * the request goes through (fail-open, docs/rate-limits.md).
 */
export interface CounterStore {
  /** Counts one request against `key`; synchronous in memory, a promise for Redis. */
  hit(key: string, windowMs: number, now: number): Hit | undefined | Promise<Hit | undefined>;
  /** Resolves once the store can count (Redis connected) or gave up trying for now. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function windowEnd(windowMs: number, now: number): number {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}
