import type { Kysely } from 'kysely';
import { toBool, parseJson } from '../db/values.js';
import type { Db, InstanceEnvironment } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';
import { runTransaction } from '../db/write-guard.js';
import type { SecretBox } from '../secrets/secret-box.js';
import {
  findDefaultInstance,
  findInstanceByKeyHash,
  insertInstance,
  insertSigningKey,
  insertUserCount,
  listSigningKeys,
  updateInstanceSecretKey,
  type InstanceRow,
} from './instance-store.js';
import type { ScopeInstance } from '../platform/scope.js';
import { LruCache } from '../cache/lru-cache.js';
import {
  assertSecretKeyShape,
  generateSecretKey,
  hashSecretKey,
  isSecretKeyShape,
  publishableKeyFor,
  secretKeyHashesEqual,
  secretKeyHint,
} from './secret-keys.js';
import { generateSigningKey } from './signing-keys.js';

export interface Instance extends ScopeInstance {
  id: string;
  publishableKey: string;
  frontendApi: string;
  secretKeyHint: string;
}

export interface BootstrapResult {
  instance: Instance;
  /** The secret key in clear: only when it was generated now, so it is shown exactly once. */
  generatedSecretKey?: string;
  created: boolean;
  /** The hint of the key the pinned one replaced (only with `replaceSecretKey`). */
  replacedSecretKeyHint?: string;
}

function secretKeyMismatch(storedHint: string, pinned: string): Error {
  return new Error(
    `The pinned secret key (${secretKeyHint(pinned)}) is not the default instance's key ` +
      `(${storedHint}). Refusing to start: a stale CLERK_SECRET_KEY would lock out every app ` +
      `using the current key. To make ${secretKeyHint(pinned)} the key, start once with ` +
      `--replace-secret-key (or CASTELLAN_REPLACE_SECRET_KEY=1); to keep ${storedHint}, pin ` +
      `that key or none.`,
  );
}

function toInstance(row: InstanceRow): Instance {
  return {
    id: row.id,
    publishableKey: row.publishable_key,
    frontendApi: row.frontend_api,
    secretKeyHint: row.secret_key_hint,
    environment: row.environment,
  };
}

export interface BootstrapOptions {
  /** The secret key the operator pins (`CLERK_SECRET_KEY`); checked for shape. */
  pinnedSecretKey?: string | undefined;
  /** The pinned key may replace a different stored one (`--replace-secret-key`). */
  replaceSecretKey?: boolean | undefined;
  frontendApi: string;
  /** Seals the new instance's signing key (secrets at rest). */
  secrets: SecretBox;
}

/**
 * Makes sure the default instance exists: on first start it creates it with a secret key
 * (`pinnedSecretKey` when given, else a new one), a publishable key and an RSA-2048 signing
 * key. On later starts the pinned key must be the stored one: a different key is refused
 * unless `replaceSecretKey` asks for the change, so a node started with a stale
 * `CLERK_SECRET_KEY` cannot silently switch every node to the old key.
 */
export async function bootstrapDefaultInstance(
  db: Kysely<Db>,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const pinned = options.pinnedSecretKey;
  if (pinned !== undefined) assertSecretKeyShape(pinned, 'The pinned secret key');
  else if (options.replaceSecretKey)
    throw new Error('Replacing the secret key needs the new key: set CLERK_SECRET_KEY.');
  const now = Date.now();
  const existing = await findDefaultInstance(db);
  if (existing) {
    if (!pinned || secretKeyHashesEqual(hashSecretKey(pinned), existing.secret_key_hash))
      return { instance: toInstance(existing), created: false };
    if (!options.replaceSecretKey) throw secretKeyMismatch(existing.secret_key_hint, pinned);
    await updateInstanceSecretKey(
      db,
      existing.id,
      hashSecretKey(pinned),
      secretKeyHint(pinned),
      now,
    );
    return {
      instance: { ...toInstance(existing), secretKeyHint: secretKeyHint(pinned) },
      created: false,
      replacedSecretKeyHint: existing.secret_key_hint,
    };
  }

  const created = await createInstance(db, {
    name: 'default',
    isDefault: true,
    frontendApi: options.frontendApi,
    secretKey: options.pinnedSecretKey,
    secrets: options.secrets,
  });
  return {
    instance: created.instance,
    ...(options.pinnedSecretKey ? {} : { generatedSecretKey: created.secretKey }),
    created: true,
  };
}

/**
 * Creates an instance: its secret key (`secretKey` when given, else a new one, stored only
 * as its hash), publishable key, user counter and RSA-2048 signing key, in one transaction.
 * Returns the instance and its secret key in clear.
 */
export async function createInstance(
  db: Kysely<Db>,
  options: {
    name: string;
    frontendApi: string;
    isDefault?: boolean;
    /** Default `development` (test keys); `production` gets live keys. */
    environment?: InstanceEnvironment;
    secretKey?: string | undefined;
    /** Seals the signing key's private half (ADR 0003). */
    secrets: SecretBox;
  },
): Promise<{ instance: Instance; secretKey: string }> {
  const now = Date.now();
  const environment = options.environment ?? 'development';
  const keyKind = environment === 'production' ? 'live' : 'test';
  const secretKey = options.secretKey ?? generateSecretKey(keyKind);
  const row: InstanceRow = {
    id: generateId('ins', now),
    name: options.name,
    secret_key_hash: hashSecretKey(secretKey),
    secret_key_hint: secretKeyHint(secretKey),
    publishable_key: publishableKeyFor(options.frontendApi, keyKind),
    frontend_api: options.frontendApi,
    environment,
    is_default: options.isDefault === true,
    created_at: now,
    updated_at: now,
  };
  const signingKey = await generateSigningKey(options.secrets, row.id, now);
  await runTransaction(db, async (trx) => {
    await insertInstance(trx, row);
    await insertUserCount(trx, row.id);
    await insertSigningKey(trx, signingKey);
  });
  return { instance: toInstance(row), secretKey };
}

export interface InstanceResolverOptions {
  /** How long a lookup is trusted: a key replaced on another node takes effect within it. */
  ttlMs?: number;
  /** Keys that resolved to an instance, kept apart so unknown keys never evict them. */
  maxKnownKeys?: number;
  /** Keys that resolved to nothing (a client retrying a wrong key). */
  maxUnknownKeys?: number;
}

/**
 * Resolves a secret key to its instance. A bearer token that is not shaped like a secret key
 * never reaches the database. Keys are looked up by their hash, compared in constant time,
 * and the result is cached: hits and misses in two bounded LRU caches, so a flood of wrong
 * keys only evicts other wrong keys, and concurrent lookups of one key share one query.
 */
export function createInstanceResolver(db: Kysely<Db>, options: InstanceResolverOptions = {}) {
  const ttlMs = options.ttlMs ?? 10_000;
  const known = new LruCache<string, Instance>(options.maxKnownKeys ?? 1_000, ttlMs);
  const unknown = new LruCache<string, true>(options.maxUnknownKeys ?? 10_000, ttlMs);
  const inFlight = new Map<string, Promise<Instance | undefined>>();

  async function lookUp(hash: string): Promise<Instance | undefined> {
    const row = await findInstanceByKeyHash(db, hash);
    const instance =
      row && secretKeyHashesEqual(hash, row.secret_key_hash) ? toInstance(row) : undefined;
    if (instance) known.set(hash, instance);
    else unknown.set(hash, true);
    return instance;
  }

  return async function resolveInstance(secretKey: string): Promise<Instance | undefined> {
    if (!isSecretKeyShape(secretKey)) return undefined;
    const hash = hashSecretKey(secretKey);
    const hit = known.get(hash);
    if (hit) return hit;
    if (unknown.get(hash)) return undefined;
    let lookup = inFlight.get(hash);
    if (!lookup) {
      lookup = lookUp(hash).finally(() => inFlight.delete(hash));
      inFlight.set(hash, lookup);
    }
    return lookup;
  };
}

export interface Jwk {
  kty: 'RSA';
  kid: string;
  use: string;
  alg: string;
  n: string;
  e: string;
}

/** The instance's public signing keys as a JWKS (`GET /v1/jwks`). */
export async function getJwks(db: Kysely<Db>, instanceId: string): Promise<{ keys: Jwk[] }> {
  const rows = await listSigningKeys(db, instanceId);
  return {
    keys: rows
      .filter((r) => toBool(r.active))
      .map((r) => {
        const jwk = parseJson<{ kty: 'RSA'; n: string; e: string }>(r.public_jwk);
        return { kty: jwk.kty, kid: r.kid, use: 'sig', alg: r.algorithm, n: jwk.n, e: jwk.e };
      }),
  };
}
