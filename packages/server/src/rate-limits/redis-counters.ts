import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { windowEnd, type CounterStore } from './counter-store.js';

/**
 * One round trip, atomic: count the request and, on the window's first one, make the key
 * expire shortly after the window ends (the margin covers clocks of nodes a little apart).
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

const EXPIRY_MARGIN_MS = 5_000;
/** At most one warning per this many ms while Redis fails; the others are counted in it. */
const WARN_EVERY_MS = 30_000;

interface HitCommand {
  castellanRateLimitHit(key: string, ttlMs: number): Promise<number>;
}

export interface RedisCountersOptions {
  url: string;
  prefix: string;
  timeoutMs: number;
  log: FastifyBaseLogger;
}

/**
 * Counters in Redis, shared by every node. Fail-open: while Redis cannot answer (down,
 * slow past `timeoutMs`, reconnecting) `hit` resolves `undefined` at once (no offline queue)
 * and the request is let through, with a warning in the log at most every 30 s. A limiter
 * that answered 500s would take the API down with Redis; one that lets requests through
 * only loses the limit for that time.
 */
export function createRedisCounters({
  url,
  prefix,
  timeoutMs,
  log,
}: RedisCountersOptions): CounterStore {
  let lastWarning = -Infinity;
  let suppressed = 0;
  const warn = (err: unknown) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) {
      suppressed += 1;
      return;
    }
    log.warn(
      { err, suppressed, url: redactedUrl(url) },
      'rate limits: Redis is not answering; requests are let through uncounted',
    );
    lastWarning = now;
    suppressed = 0;
  };
  // The client is loaded with the first use: a server without REDIS_URL never loads it.
  // A CommonJS module: read through `default` (its `module.exports`, which holds `Redis`),
  // the one export both Node and the bundle (build.mjs) give an `import()` of it.
  const client: Promise<Redis> = import('ioredis').then((module) => {
    const { Redis } = (module as unknown as { default: typeof module }).default;
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Keep trying in the background, at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    redis.defineCommand('castellanRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    redis.on('error', warn);
    return redis;
  });

  return {
    async hit(key, windowMs, now) {
      const resetAt = windowEnd(windowMs, now);
      const windowKey = `${prefix}${key}:${resetAt / windowMs}`;
      try {
        const commands = (await client) as unknown as HitCommand;
        const count = await commands.castellanRateLimitHit(
          windowKey,
          resetAt - now + EXPIRY_MARGIN_MS,
        );
        return { count, resetAt };
      } catch (err) {
        warn(err);
        return undefined;
      }
    },
    async ready() {
      // A start never waits on Redis longer than one timeout (a server that accepts the
      // connection and never answers included); until it is ready, requests are let
      // through (and the warning says so).
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          warn(new Error(`Redis not ready after ${timeoutMs} ms`));
          resolve();
        }, timeoutMs);
      });
      const redis = await client;
      await Promise.race([redis.connect().catch(warn), late]);
      clearTimeout(timer);
    },
    async close() {
      (await client).disconnect();
    },
  };
}

/** The URL without its password, for the log. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
