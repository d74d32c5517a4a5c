import type { BackoffStrategy, RetryConfig } from './options.js';

/** The spec's backoff (`x-speakeasy-retries`); what a config leaves out comes from here. */
const DEFAULT_BACKOFF: BackoffStrategy = {
  initialInterval: 500,
  maxInterval: 60_000,
  exponent: 1.5,
  maxElapsedTime: 3_600_000,
};

/** The spec's default (`x-speakeasy-retries`), plus 429 with `Retry-After`. */
export const DEFAULT_RETRY_CONFIG: RetryConfig = {
  strategy: 'backoff',
  backoff: { ...DEFAULT_BACKOFF },
  retryConnectionErrors: true,
};

export interface RetryPolicy {
  backoff: BackoffStrategy;
  retryConnectionErrors: boolean;
  retryNonIdempotent: boolean;
  retriesStatus(status: number): boolean;
}

/** The policy of a config, or undefined when it retries nothing. */
export function retryPolicy(config: RetryConfig | undefined): RetryPolicy | undefined {
  if (!config || config.strategy !== 'backoff') return undefined;
  const codes = config.statusCodes ?? [429, '5XX'];
  return {
    backoff: { ...DEFAULT_BACKOFF, ...config.backoff },
    retryConnectionErrors: config.retryConnectionErrors ?? false,
    retryNonIdempotent: config.retryNonIdempotent ?? false,
    retriesStatus: (status) =>
      codes.some((c) =>
        c === '5XX'
          ? status >= 500 && status < 600
          : c === '4XX'
            ? status >= 400 && status < 500
            : c === status,
      ),
  };
}

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
]);

/** The wait before retry `attempt` (0-based): exponential, capped, with jitter (50–100%). */
export function backoffDelay(
  backoff: BackoffStrategy,
  attempt: number,
  random = Math.random,
): number {
  const base = Math.min(backoff.maxInterval, backoff.initialInterval * backoff.exponent ** attempt);
  return Math.round(base / 2 + (random() * base) / 2);
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
