/**
 * Which instances are limited: `production` (default) limits production instances as Clerk
 * does and leaves development ones alone, so test suites are never throttled; `all` limits
 * development instances too (Clerk's development budget); `off` limits nothing.
 */
export type RateLimitMode = 'off' | 'production' | 'all';

export interface RateLimitOptions {
  mode?: RateLimitMode | undefined;
  /** Replaces Clerk's general budget (requests per window, per instance) for every limited instance. */
  max?: number | undefined;
  /** The general budget's window in milliseconds (Clerk: 10,000). */
  windowMs?: number | undefined;
  /** `redis://…`: the counters live in Redis, one budget shared by every node. Else in memory. */
  redisUrl?: string | undefined;
  /** Prefix of the Redis keys (default `castellan:rate-limit:`). */
  redisPrefix?: string | undefined;
  /** Connect and command timeout for Redis (default 500 ms); past it the request is let through. */
  redisTimeoutMs?: number | undefined;
  /** How many counters the in-memory store keeps at most (default 50,000). */
  memoryCounters?: number | undefined;
}

const MODES: readonly RateLimitMode[] = ['off', 'production', 'all'];

/** `castellan serve` options (flags win over the variables). */
export const RATE_LIMIT_OPTION_SPECS = {
  'rate-limit': { type: 'string' },
  'rate-limit-max': { type: 'string' },
  'rate-limit-window-ms': { type: 'string' },
} as const;

export const RATE_LIMIT_HELP = `  --rate-limit MODE          CASTELLAN_RATE_LIMIT Backend API rate limits: production (limit
                                                  production instances as Clerk does), all
                                                  (development ones too), off (production)
  --rate-limit-max N         CASTELLAN_RATE_LIMIT_MAX
                                                  requests per window per instance (Clerk's:
                                                  1000 production, 100 development)
  --rate-limit-window-ms MS  CASTELLAN_RATE_LIMIT_WINDOW_MS
                                                  the window (10000)
                             REDIS_URL            keep the counters in Redis (redis://host:6379),
                                                  one budget for every node; else in memory
                             CASTELLAN_RATE_LIMIT_REDIS_PREFIX
                                                  prefix of the Redis keys (castellan:rate-limit:)`;

type Values = Record<string, string | boolean | undefined>;

/** Reads and checks the rate-limit options; a bad value stops the start with its name. */
export function readRateLimitConfig(values: Values, env: NodeJS.ProcessEnv): RateLimitOptions {
  const pick = (flag: string, variable: string): [string, string] | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return [`--${flag}`, fromFlag];
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : [variable, fromEnv];
  };
  const mode = pick('rate-limit', 'CASTELLAN_RATE_LIMIT');
  if (mode && !MODES.includes(mode[1] as RateLimitMode))
    throw new Error(`${mode[0]} must be off, production or all, not ${mode[1]}`);
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/\s]/.test(redisUrl))
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  return {
    mode: mode?.[1] as RateLimitMode | undefined,
    max: positiveInteger(pick('rate-limit-max', 'CASTELLAN_RATE_LIMIT_MAX')),
    windowMs: positiveInteger(pick('rate-limit-window-ms', 'CASTELLAN_RATE_LIMIT_WINDOW_MS')),
    redisUrl,
    redisPrefix: env.CASTELLAN_RATE_LIMIT_REDIS_PREFIX || undefined,
  };
}

function positiveInteger(given: [string, string] | undefined): number | undefined {
  if (given === undefined) return undefined;
  const [name, value] = given;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive integer, not ${value}`);
  return n;
}
