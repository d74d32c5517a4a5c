/**
 * Where every rule that depends on time (expiry of codes, lockout, TOTP steps,
 * `created_at`) reads the time: the scope's clock. The server uses the system clock; tests
 * pass one they can set and advance, so no test waits for time to pass.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
