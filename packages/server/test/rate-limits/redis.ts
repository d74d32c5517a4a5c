import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Whether the Redis suites run: when 127.0.0.1:6379 answers. In CI (`CI=1`, where `.ci/run`
 * starts Redis) an unreachable Redis fails the run instead of skipping, as PostgreSQL does
 * with `CASTELLAN_REQUIRE_POSTGRES=1`.
 */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === '1' || process.env.CI === 'true')
      throw new Error(`Redis is required in CI but ${REDIS_URL} is unreachable: ${reason}`);
    console.warn(
      `\n*** Redis rate-limit suite SKIPPED: ${REDIS_URL} is unreachable (${reason}) ***\n`,
    );
    return false;
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other run uses, and a way to delete every key under it. */
export function uniqueRedisPrefix(): { prefix: string; clean(): Promise<void> } {
  const prefix = `castellan-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  return {
    prefix,
    async clean() {
      const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 100);
          if (keys.length > 0) await client.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}
