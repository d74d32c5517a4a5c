import type { Kysely } from 'kysely';
import { toBool, parseJson } from '../db/values.js';
import type { Db, InstanceEnvironment } from '../db/schema.js';
import { generateId } from '../ids/generate-id.js';
import { runTransaction } from '../db/write-guard.js';
import type { SecretBox } from '../secrets/secret-box.js';
import {
  findDefaultInstance,
  insertInstance,
  insertSigningKey,
  insertInstanceCounts,
  listSigningKeys,
  type InstanceRow,
} from './instance-store.js';
import type { ScopeInstance } from '../platform/scope.js';
import { isUniqueViolation } from '../platform/unique-violations.js';
import {
  assertSecretKeyShape,
  generateSecretKey,
  publishableKeyFor,
  secretKeyHint,
} from './secret-keys.js';
import { generateSigningKey } from './signing-keys.js';
import { developmentFrontendHost, productionFrontendHost } from './frontend-hosts.js';
import { seedOrganizationRoles } from '../roles/role-seed.js';
import { toInstance } from './instance-rows.js';
import { newSecretKeyRow, pinSecretKey } from './secret-key-service.js';
import { listSecretKeys } from './secret-key-store.js';
import { upsertInstanceSettings } from './instance-settings-store.js';
import type { InstanceSettings } from './instance-settings.js';

export { createInstanceResolver, type InstanceResolverOptions } from './instance-resolver.js';

export interface Instance extends ScopeInstance {
  id: string;
  name: string;
  publishableKey: string;
  frontendApi: string;
  /** The hint of the key the request used (or, outside requests, the newest unrevoked key). */
  secretKeyHint: string;
  isDefault: boolean;
  createdAt: number;
}

export interface BootstrapResult {
  instance: Instance;
  /** The secret key in clear: only when it was generated now, so it is shown exactly once. */
  generatedSecretKey?: string;
  created: boolean;
  /** The hints of the keys the pinned one replaced (only with `replaceSecretKey`). */
  replacedSecretKeyHint?: string;
}

export interface BootstrapOptions {
  /** The secret key the operator pins (`CLERK_SECRET_KEY`); checked for shape. */
  pinnedSecretKey?: string | undefined;
  /** The pinned key may replace the stored ones (`--replace-secret-key`). */
  replaceSecretKey?: boolean | undefined;
  /** The default instance's Frontend API host (default: a development host of its id). */
  frontendApi?: string | undefined;
  /** Seals the new instance's signing key (secrets at rest). */
  secrets: SecretBox;
}

/**
 * Makes sure the default instance exists: on first start it creates it with a secret key
 * (`pinnedSecretKey` when given, else a new one), a publishable key and an RSA-2048 signing
 * key. On later starts a pinned key must be one of its unrevoked keys: another key is
 * refused unless `replaceSecretKey` asks for it to replace them (it is added, they are
 * revoked), so a node started with a stale `CLERK_SECRET_KEY` cannot switch every node to it.
 */
export async function bootstrapDefaultInstance(
  db: Kysely<Db>,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const pinned = options.pinnedSecretKey;
  if (pinned !== undefined) assertSecretKeyShape(pinned, 'The pinned secret key');
  else if (options.replaceSecretKey)
    throw new Error('Replacing the secret key needs the new key: set CLERK_SECRET_KEY.');
  const existing = await findDefaultInstance(db);
  if (existing) {
    if (pinned === undefined) {
      const active = (await listSecretKeys(db, existing.id)).filter((k) => k.revoked_at === null);
      return { instance: toInstance(existing, active.at(-1)?.hint ?? ''), created: false };
    }
    const replaced = await pinSecretKey(db, existing.id, pinned, options.replaceSecretKey === true);
    return {
      instance: toInstance(existing, secretKeyHint(pinned)),
      created: false,
      ...(replaced.length > 0 ? { replacedSecretKeyHint: replaced.join(', ') } : {}),
    };
  }

  let created: Awaited<ReturnType<typeof createInstance>>;
  try {
    created = await createInstance(db, {
      name: 'default',
      isDefault: true,
      frontendApi: options.frontendApi,
      secretKey: pinned,
      secrets: options.secrets,
    });
  } catch (error) {
    // Nodes started at once on a new database, all pinning the same key: the key's hash is
    // unique, so every node but one fails here, after that one committed: use its instance.
    if (isUniqueViolation(error) && (await findDefaultInstance(db)))
      return bootstrapDefaultInstance(db, options);
    throw error;
  }
  return {
    instance: created.instance,
    ...(pinned ? {} : { generatedSecretKey: created.secretKey }),
    created: true,
  };
}

/**
 * Creates an instance: its first secret key (`secretKey` when given, else a new one,
 * stored only as its hash), publishable key, user counter, RSA-2048 signing key and, when
 * given, its configuration, in one transaction. Returns the instance and its key in clear.
 */
export async function createInstance(
  db: Kysely<Db>,
  options: {
    name: string;
    /**
     * The Frontend API host, or how to make it from the new instance's id. Default: a host
     * clerk-js accepts, `ins-<id>.castellan.accounts.dev` for development instances (so it
     * runs its dev browser) and `<id>.localhost` for production ones until they get a domain.
     */
    frontendApi?: string | ((instanceId: string) => string) | undefined;
    isDefault?: boolean;
    /** Default `development` (test keys); `production` gets live keys. */
    environment?: InstanceEnvironment;
    secretKey?: string | undefined;
    /** Seals the signing key's private half (ADR 0003). */
    secrets: SecretBox;
    /** The instance's configuration (`instances create --config`). */
    settings?: InstanceSettings | undefined;
  },
): Promise<{ instance: Instance; secretKey: string }> {
  const now = Date.now();
  const environment = options.environment ?? 'development';
  const keyKind = environment === 'production' ? 'live' : 'test';
  const secretKey = options.secretKey ?? generateSecretKey(keyKind);
  const id = generateId('ins', now);
  const frontendApi =
    typeof options.frontendApi === 'string'
      ? options.frontendApi
      : options.frontendApi
        ? options.frontendApi(id)
        : environment === 'production'
          ? productionFrontendHost(id)
          : developmentFrontendHost(id);
  const row: InstanceRow = {
    id,
    name: options.name,
    // Keys live in secret_keys; the old columns keep a unique placeholder.
    secret_key_hash: `secret_keys:${id}`,
    secret_key_hint: '',
    publishable_key: publishableKeyFor(frontendApi, keyKind),
    frontend_api: frontendApi,
    environment,
    is_default: options.isDefault === true,
    created_at: now,
    updated_at: now,
  };
  const keyRow = newSecretKeyRow(id, secretKey, now);
  const signingKey = await generateSigningKey(options.secrets, row.id, now);
  await runTransaction(db, async (trx) => {
    await insertInstance(trx, row);
    await insertInstanceCounts(trx, row.id);
    await trx.insertInto('secret_keys').values(keyRow).execute();
    await insertSigningKey(trx, signingKey);
    await seedOrganizationRoles(trx, row.id, now);
    if (options.settings)
      await upsertInstanceSettings(trx, row.id, JSON.stringify(options.settings), now);
  });
  return { instance: toInstance(row, keyRow.hint), secretKey };
}

export interface Jwk {
  kty: 'RSA';
  kid: string;
  use: string;
  alg: string;
  n: string;
  e: string;
}

/** The instance's public signing keys as a JWKS (`GET /v1/jwks`), oldest first. */
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
