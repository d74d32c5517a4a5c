import type { Kysely } from 'kysely';
import type { Db } from '../db/schema.js';
import { LruCache } from '../cache/lru-cache.js';
import type { Instance } from './instance-service.js';
import { toInstance } from './instance-rows.js';
import { hashSecretKey, isSecretKeyShape, secretKeyHashesEqual } from './secret-keys.js';
import { findActiveKeyByHash } from './secret-key-store.js';

/**
 * How long a node trusts a key it resolved. Revoking a key takes effect on every node once
 * this has passed since the revocation committed: `castellan keys revoke` waits that long
 * before it reports success.
 */
export const SECRET_KEY_CACHE_TTL_MS = 10_000;

/**
 * The key cache's lifetime from `CASTELLAN_SECRET_KEY_CACHE_TTL_MS` (default 10 s). Every
 * node and the admin commands (which wait it out after a revocation) must use one value.
 */
export function secretKeyCacheTtlMs(env: NodeJS.ProcessEnv): number {
  const value = env.CASTELLAN_SECRET_KEY_CACHE_TTL_MS;
  if (value === undefined || value === '') return SECRET_KEY_CACHE_TTL_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 3_600_000)
    throw new Error(
      `CASTELLAN_SECRET_KEY_CACHE_TTL_MS must be an integer from 0 to 3600000, not ${value}`,
    );
  return ms;
}

export interface InstanceResolverOptions {
  /** How long a lookup is trusted: a key revoked on another node stops working within it. */
  ttlMs?: number;
  /** Keys that resolved to an instance, kept apart so unknown keys never evict them. */
  maxKnownKeys?: number;
  /** Keys that resolved to nothing (a client retrying a wrong key). */
  maxUnknownKeys?: number;
}

/**
 * Resolves a secret key to its instance: any unrevoked key of the instance. A bearer token
 * that is not shaped like a secret key never reaches the database. Keys are looked up by
 * their hash, compared in constant time, and the result is cached: hits and misses in two
 * bounded LRU caches, so a flood of wrong keys only evicts other wrong keys, and concurrent
 * lookups of one key share one query. A hit is trusted for `ttlMs` from when its query
 * STARTED, so a lookup racing a revocation is never trusted past revocation + ttl.
 */
export function createInstanceResolver(db: Kysely<Db>, options: InstanceResolverOptions = {}) {
  const ttlMs = options.ttlMs ?? SECRET_KEY_CACHE_TTL_MS;
  const known = new LruCache<string, { instance: Instance; until: number }>(
    options.maxKnownKeys ?? 1_000,
    ttlMs,
  );
  const unknown = new LruCache<string, true>(options.maxUnknownKeys ?? 10_000, ttlMs);
  const inFlight = new Map<string, Promise<Instance | undefined>>();

  async function lookUp(hash: string): Promise<Instance | undefined> {
    const started = Date.now();
    const found = await findActiveKeyByHash(db, hash);
    const instance =
      found && secretKeyHashesEqual(hash, found.key.hash)
        ? toInstance(found.instance, found.key.hint)
        : undefined;
    if (instance) known.set(hash, { instance, until: started + ttlMs });
    else unknown.set(hash, true);
    return instance;
  }

  return async function resolveInstance(secretKey: string): Promise<Instance | undefined> {
    if (!isSecretKeyShape(secretKey)) return undefined;
    const hash = hashSecretKey(secretKey);
    const hit = known.get(hash);
    if (hit && hit.until > Date.now()) return hit.instance;
    if (unknown.get(hash)) return undefined;
    let lookup = inFlight.get(hash);
    if (!lookup) {
      lookup = lookUp(hash).finally(() => inFlight.delete(hash));
      inFlight.set(hash, lookup);
    }
    return lookup;
  };
}
