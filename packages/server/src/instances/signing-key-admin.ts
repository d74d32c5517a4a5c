import type { Database } from '../db/database.js';
import { toBool } from '../db/values.js';
import { runTransaction } from '../db/write-guard.js';
import type { SecretBox } from '../secrets/secret-box.js';
import {
  deleteSigningKey,
  findInstanceById,
  findSigningKey,
  insertSigningKey,
  listSigningKeys,
  lockInstance,
  type SigningKeyRow,
} from './instance-store.js';
import { forgetSigningKey } from './signing-key-service.js';
import { generateSigningKey } from './signing-keys.js';

/** A refused signing-key operation: the CLI prints its message and exits non-zero. */
export class SigningKeyError extends Error {}

export interface SigningKeyInfo {
  kid: string;
  instanceId: string;
  algorithm: string;
  createdAt: number;
  /** The newest key signs; the others only verify (they stay in GET /v1/jwks). */
  signing: boolean;
}

function infoOf(rows: SigningKeyRow[]): SigningKeyInfo[] {
  const active = rows.filter((r) => toBool(r.active));
  const newest = active.at(-1)?.kid;
  return active.map((r) => ({
    kid: r.kid,
    instanceId: r.instance_id,
    algorithm: r.algorithm,
    createdAt: r.created_at,
    signing: r.kid === newest,
  }));
}

async function assertInstance(database: Database, instanceId: string): Promise<void> {
  if (!(await findInstanceById(database.db, instanceId)))
    throw new SigningKeyError(`No instance ${instanceId}.`);
}

export async function listInstanceSigningKeys(
  database: Database,
  instanceId: string,
): Promise<SigningKeyInfo[]> {
  await assertInstance(database, instanceId);
  return infoOf(await listSigningKeys(database.db, instanceId));
}

/**
 * Adds a new RSA-2048 key that signs from now on (every node within the signing-key
 * cache's 10 s); the older keys stay in the JWKS and keep verifying until removed.
 */
export async function rotateSigningKey(
  database: Database,
  secrets: SecretBox,
  instanceId: string,
): Promise<SigningKeyInfo> {
  await assertInstance(database, instanceId);
  // Its creation time orders it after every existing key, even one made this millisecond.
  const existing = await listSigningKeys(database.db, instanceId);
  const now = Math.max(Date.now(), (existing.at(-1)?.created_at ?? 0) + 1);
  const row = await generateSigningKey(secrets, instanceId, now);
  await insertSigningKey(database.db, row);
  forgetSigningKey(instanceId);
  return infoOf([...existing, row]).at(-1)!;
}

/**
 * Removes a key that no longer signs: its tokens stop verifying and GET /v1/jwks stops
 * listing it. The signing (newest) key is refused: nodes may sign with it for another
 * 10 s, and an instance must keep a key; rotate first.
 */
export async function removeSigningKey(database: Database, kid: string): Promise<SigningKeyInfo> {
  const key = await findSigningKey(database.db, kid);
  if (!key) throw new SigningKeyError(`No signing key ${kid}.`);
  return runTransaction(database.db, async (trx) => {
    await lockInstance(trx, database.adapter, key.instance_id);
    const keys = infoOf(await listSigningKeys(trx, key.instance_id));
    const info = keys.find((k) => k.kid === kid);
    if (!info) throw new SigningKeyError(`No signing key ${kid}.`);
    if (info.signing)
      throw new SigningKeyError(
        keys.length === 1
          ? `${kid} is the only signing key of ${key.instance_id}: an instance needs one.`
          : `${kid} is the key ${key.instance_id} signs with: rotate first (castellan signing-keys rotate --instance ${key.instance_id}).`,
      );
    await deleteSigningKey(trx, key.instance_id, kid);
    return info;
  });
}
