import type { HTTPClient } from './http-client.js';

/** Exponential backoff: intervals in milliseconds. */
export interface BackoffStrategy {
  /** The first wait (default 500). */
  initialInterval: number;
  /** No wait is longer (default 60,000). */
  maxInterval: number;
  /** Each wait is the previous one times this (default 1.5). */
  exponent: number;
  /** No retry starts after this long since the first attempt (default 3,600,000). */
  maxElapsedTime: number;
}

/**
 * How failed requests are retried: 429 and 5xx answers (honouring `Retry-After`), and
 * connection errors when `retryConnectionErrors` is set. A request that is not idempotent
 * (POST, PATCH) is retried only with `retryNonIdempotent`.
 */
export type RetryConfig =
  | { strategy: 'none' }
  | {
      strategy: 'backoff';
      backoff?: Partial<BackoffStrategy>;
      retryConnectionErrors?: boolean;
      /** Retry POST and PATCH too (they may then take effect twice). Default false. */
      retryNonIdempotent?: boolean;
      /** The statuses retried; default 429 and every 5xx (`'5XX'`). */
      statusCodes?: ReadonlyArray<number | '4XX' | '5XX'>;
    };

/** A console-like logger (`console` will do). */
export interface DebugLogger {
  log(...args: unknown[]): void;
  group?(...args: unknown[]): void;
  groupEnd?(): void;
}

export type Fetcher = (input: Request) => Promise<Response>;

export interface ClientOptions {
  /** The secret key (`sk_…`), or a function returning it (called before each request). */
  bearerAuth?: string | (() => string | Promise<string>);
  /** The server's base URL, ending in `/v1`; overrides `serverIdx`. */
  serverURL?: string;
  /** 0: `https://api.clerk.com/v1` (default), 1: a local Castellan, `http://127.0.0.1:3210/v1`. */
  serverIdx?: number;
  /** Retries of every call (default: the spec's backoff, 5xx and 429, connection errors). */
  retryConfig?: RetryConfig;
  /** A fetch-compatible function every request goes through. */
  fetch?: (input: Request) => Promise<Response>;
  /** An HTTP client with hooks; takes precedence over `fetch`. */
  httpClient?: HTTPClient;
  /** Each attempt is abandoned after this long (default: none). */
  timeoutMs?: number;
  /** Logs every request and answer, secrets redacted. */
  debugLogger?: DebugLogger;
}

/** Options of one call. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: RetryConfig;
  /** Extra headers for this call. */
  headers?: ConstructorParameters<typeof Headers>[0];
  /** Another server for this call. */
  serverURL?: string;
}
