import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Db } from '../db/schema.js';
import { runTransaction } from '../db/write-guard.js';
import { generateId } from '../ids/generate-id.js';
import { findInstanceById, lockInstance } from './instance-store.js';
import {
  generateSecretKey,
  hashSecretKey,
  secretKeyHashesEqual,
  secretKeyHint,
} from './secret-keys.js';
import {
  findKeyByHash,
  findKeysByIdOrHint,
  insertSecretKey,
  listSecretKeys,
  revokeSecretKeys,
  type SecretKeyRow,
} from './secret-key-store.js';

/** A refused key operation: the CLI prints its message and exits non-zero. */
export class SecretKeyError extends Error {}

export function newSecretKeyRow(instanceId: string, key: string, nowMs: number): SecretKeyRow {
  return {
    id: generateId('skey', nowMs),
    instance_id: instanceId,
    hash: hashSecretKey(key),
    hint: secretKeyHint(key),
    created_at: nowMs,
    revoked_at: null,
  };
}

function mismatch(pinned: string, hints: string[]): SecretKeyError {
  const stored =
    hints.length === 1
      ? `is not the default instance's key (${hints[0]})`
      : `is none of the default instance's keys (${hints.join(', ')})`;
  const keep = hints.length === 1 ? hints[0] : 'them';
  return new SecretKeyError(
    `The pinned secret key (${secretKeyHint(pinned)}) ${stored}. Refusing to start: a stale ` +
      `CLERK_SECRET_KEY would lock out every app using the current key. To make ` +
      `${secretKeyHint(pinned)} the key, start once with --replace-secret-key (or ` +
      `CASTELLAN_REPLACE_SECRET_KEY=1); to keep ${keep}, pin that key or none. To add a key ` +
      `beside the others, use \`castellan keys create\`.`,
  );
}

/**
 * Checks a pinned key against the instance's keys: an unrevoked one passes. Any other key
 * is refused, unless `replace`: then it is added and every other key revoked, in one
 * transaction. A revoked key, or one of another instance, is always refused. Returns the
 * hints of the keys it revoked.
 */
export async function pinSecretKey(
  db: Kysely<Db>,
  instanceId: string,
  pinned: string,
  replace: boolean,
): Promise<string[]> {
  const hash = hashSecretKey(pinned);
  const active = (await listSecretKeys(db, instanceId)).filter((k) => k.revoked_at === null);
  if (active.some((k) => secretKeyHashesEqual(k.hash, hash))) return [];
  const known = await findKeyByHash(db, hash);
  if (known?.instance_id !== undefined && known.instance_id !== instanceId)
    throw new SecretKeyError(
      `The pinned secret key (${secretKeyHint(pinned)}) belongs to another instance.`,
    );
  if (known)
    throw new SecretKeyError(
      `The pinned secret key (${secretKeyHint(pinned)}) was revoked: a revoked key never works again.`,
    );
  if (!replace)
    throw mismatch(
      pinned,
      active.map((k) => k.hint),
    );
  const now = Date.now();
  await runTransaction(db, async (trx) => {
    await insertSecretKey(trx, newSecretKeyRow(instanceId, pinned, now));
    await revokeSecretKeys(
      trx,
      instanceId,
      active.map((k) => k.id),
      now,
    );
  });
  return active.map((k) => k.hint);
}

/** Adds a new key to an instance; returns it in clear (shown once) with its row. */
export async function createSecretKey(
  database: Database,
  instanceId: string,
): Promise<{ secretKey: string; row: SecretKeyRow }> {
  const instance = await findInstanceById(database.db, instanceId);
  if (!instance) throw new SecretKeyError(`No instance ${instanceId}.`);
  const secretKey = generateSecretKey(instance.environment === 'production' ? 'live' : 'test');
  const row = newSecretKeyRow(instanceId, secretKey, Date.now());
  await insertSecretKey(database.db, row);
  return { secretKey, row };
}

/** The instance's keys (hints only), oldest first, revoked ones included. */
export async function listInstanceSecretKeys(
  database: Database,
  instanceId: string,
): Promise<SecretKeyRow[]> {
  if (!(await findInstanceById(database.db, instanceId)))
    throw new SecretKeyError(`No instance ${instanceId}.`);
  return listSecretKeys(database.db, instanceId);
}

/**
 * Revokes one key, named by its id or its hint (`sk_test_…abcd`; refused when it names
 * several). The instance's last unrevoked key is refused: an instance always has a key
 * (add the new one first). Returns the revoked row with its `revoked_at`.
 */
export async function revokeSecretKey(database: Database, idOrHint: string): Promise<SecretKeyRow> {
  const matches = await findKeysByIdOrHint(database.db, idOrHint);
  if (matches.length === 0) throw new SecretKeyError(`No secret key ${idOrHint}.`);
  if (matches.length > 1)
    throw new SecretKeyError(
      `${idOrHint} names ${matches.length} keys (${matches.map((k) => k.id).join(', ')}): give the id.`,
    );
  const key = matches[0]!;
  if (key.revoked_at !== null)
    throw new SecretKeyError(`${key.hint} (${key.id}) is already revoked.`);
  return runTransaction(database.db, async (trx) => {
    // Two revocations at once must not leave the instance without a key.
    await lockInstance(trx, database.adapter, key.instance_id);
    const active = (await listSecretKeys(trx, key.instance_id)).filter(
      (k) => k.revoked_at === null,
    );
    if (active.length <= 1)
      throw new SecretKeyError(
        `${key.hint} is the last key of ${key.instance_id}: create another first (castellan keys create --instance ${key.instance_id}).`,
      );
    const now = Date.now();
    await revokeSecretKeys(trx, key.instance_id, [key.id], now);
    return { ...key, revoked_at: now };
  });
}
