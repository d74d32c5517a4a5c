import type { Kysely } from 'kysely';
import { toBool, parseJson } from '../db/values.js';
import type { Db } from '../db/schema.js';
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
import {
  generateSecretKey,
  hashSecretKey,
  publishableKeyFor,
  secretKeyHashesEqual,
  secretKeyHint,
} from './secret-keys.js';
import { generateSigningKey } from './signing-keys.js';

export interface Instance {
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
}

function toInstance(row: InstanceRow): Instance {
  return {
    id: row.id,
    publishableKey: row.publishable_key,
    frontendApi: row.frontend_api,
    secretKeyHint: row.secret_key_hint,
  };
}

/**
 * Makes sure the default instance exists: on first start it creates it with a secret key
 * (`pinnedSecretKey` when given, else a new one), a publishable key and an RSA-2048 signing
 * key. On later starts a different `pinnedSecretKey` replaces the stored one, so an app's
 * existing `CLERK_SECRET_KEY` keeps working.
 */
export async function bootstrapDefaultInstance(
  db: Kysely<Db>,
  options: { pinnedSecretKey?: string | undefined; frontendApi: string; secrets: SecretBox },
): Promise<BootstrapResult> {
  const existing = await findDefaultInstance(db);
  if (existing) {
    const pinned = options.pinnedSecretKey;
    if (pinned && !secretKeyHashesEqual(hashSecretKey(pinned), existing.secret_key_hash)) {
      await updateInstanceSecretKey(
        db,
        existing.id,
        hashSecretKey(pinned),
        secretKeyHint(pinned),
        Date.now(),
      );
      return {
        instance: { ...toInstance(existing), secretKeyHint: secretKeyHint(pinned) },
        created: false,
      };
    }
    return { instance: toInstance(existing), created: false };
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
    secretKey?: string | undefined;
    /** Seals the signing key's private half (ADR 0003). */
    secrets: SecretBox;
  },
): Promise<{ instance: Instance; secretKey: string }> {
  const now = Date.now();
  const secretKey = options.secretKey ?? generateSecretKey('test');
  const row: InstanceRow = {
    id: generateId('ins', now),
    name: options.name,
    secret_key_hash: hashSecretKey(secretKey),
    secret_key_hint: secretKeyHint(secretKey),
    publishable_key: publishableKeyFor(options.frontendApi),
    frontend_api: options.frontendApi,
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

/**
 * Resolves a secret key to its instance. Keys are looked up by their hash and the hashes
 * compared in constant time; results are cached briefly so the hot path skips the query,
 * while a key pinned on another node takes effect within `ttlMs`.
 */
export function createInstanceResolver(db: Kysely<Db>, ttlMs = 10_000) {
  const cache = new Map<string, { instance: Instance | undefined; expires: number }>();
  return async function resolveInstance(secretKey: string): Promise<Instance | undefined> {
    const hash = hashSecretKey(secretKey);
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && hit.expires > now) return hit.instance;
    const row = await findInstanceByKeyHash(db, hash);
    const instance =
      row && secretKeyHashesEqual(hash, row.secret_key_hash) ? toInstance(row) : undefined;
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { instance, expires: now + ttlMs });
    return instance;
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
