/**
 * Svix's retry schedule: the first attempt at once, then these delays after each failure
 * (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). A message whose last attempt fails is `failed`.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** Scheduled attempts in all: the first plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Each delay is stretched or shrunk by up to this fraction, so retries of a burst spread out. */
export const JITTER = 0.1;

/** A number in [0, 1), `Math.random` by default; tests pass their own. */
export type RandomSource = () => number;

/**
 * When the next scheduled attempt is due after `failedAttempts` scheduled attempts failed
 * (1 after the first), or `null` when none is left. The delay is jittered by ±JITTER.
 */
export function nextAttemptAt(
  failedAttempts: number,
  now: number,
  random: RandomSource = Math.random,
): number | null {
  const delay = RETRY_DELAYS_MS[failedAttempts - 1];
  if (delay === undefined) return null;
  const factor = 1 + JITTER * (2 * random() - 1);
  return now + Math.round(delay * factor);
}

/** Svix disables an endpoint whose attempts have all failed for this long (5 days). */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;
