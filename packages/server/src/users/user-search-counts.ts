import type { Kysely } from 'kysely';
import { LruCache } from '../cache/lru-cache.js';
import type { Db } from '../db/schema.js';

/** How many search counts each database keeps per process (least recently used go first). */
export const SEARCH_COUNT_CACHE_SIZE = 1000;

interface CachedCount {
  version: string;
  count: number;
}

const caches = new WeakMap<Kysely<Db>, LruCache<string, CachedCount>>();

/**
 * Counts of search-only filters, kept with the instance's `search_version` they were read
 * at. Every write of a user's search document bumps that version in its own transaction
 * (users/user-store.ts), and a count is read in one statement together with the version,
 * so a cached count is exact for as long as the version it was read at is current: each
 * request reads the version (one key lookup) and recounts only when it moved. Several
 * processes on one database each keep their own cache and check the same version.
 */
export async function cachedSearchCount(
  db: Kysely<Db>,
  instanceId: string,
  key: string,
  count: () => Promise<{ version: string | number | null; count: number }>,
): Promise<number> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LruCache(SEARCH_COUNT_CACHE_SIZE, Infinity)));
  const cacheKey = `${instanceId}\u0000${key}`;
  const cached = cache.get(cacheKey);
  if (cached) {
    const row = await db
      .selectFrom('user_counts')
      .select('search_version')
      .where('instance_id', '=', instanceId)
      .executeTakeFirst();
    if (row && String(row.search_version) === cached.version) return cached.count;
  }
  const fresh = await count();
  if (fresh.version === null) cache.delete(cacheKey);
  else cache.set(cacheKey, { version: String(fresh.version), count: fresh.count });
  return fresh.count;
}
