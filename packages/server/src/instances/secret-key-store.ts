import type { Kysely, Selectable } from 'kysely';
import type { Db, SecretKeysTable } from '../db/schema.js';
import type { InstanceRow } from './instance-store.js';

export type SecretKeyRow = Selectable<SecretKeysTable>;

/** The instance an unrevoked key belongs to, with the key's row; one indexed probe by hash. */
export async function findActiveKeyByHash(
  db: Kysely<Db>,
  hash: string,
): Promise<{ instance: InstanceRow; key: SecretKeyRow } | undefined> {
  const row = await db
    .selectFrom('secret_keys as k')
    .innerJoin('instances as i', 'i.id', 'k.instance_id')
    .selectAll('i')
    .select([
      'k.id as key_id',
      'k.hash as key_hash',
      'k.hint as key_hint',
      'k.created_at as key_created_at',
      'k.revoked_at as key_revoked_at',
    ])
    .where('k.hash', '=', hash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { key_id, key_hash, key_hint, key_created_at, key_revoked_at, ...instance } = row;
  return {
    instance,
    key: {
      id: key_id,
      instance_id: instance.id,
      hash: key_hash,
      hint: key_hint,
      created_at: key_created_at,
      revoked_at: key_revoked_at,
    },
  };
}

/** Any key with this hash, revoked or not, of any instance. */
export async function findKeyByHash(
  db: Kysely<Db>,
  hash: string,
): Promise<SecretKeyRow | undefined> {
  return db.selectFrom('secret_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
}

/** The instance's keys, oldest first (revoked ones included). */
export async function listSecretKeys(db: Kysely<Db>, instanceId: string): Promise<SecretKeyRow[]> {
  return db
    .selectFrom('secret_keys')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertSecretKey(db: Kysely<Db>, row: SecretKeyRow): Promise<void> {
  await db.insertInto('secret_keys').values(row).execute();
}

/** Revokes the given unrevoked keys of the instance; returns how many it revoked. */
export async function revokeSecretKeys(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
  nowMs: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('secret_keys')
    .set({ revoked_at: nowMs })
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Keys whose id or hint is `idOrHint` (a CLI argument: the table is small per deployment). */
export async function findKeysByIdOrHint(
  db: Kysely<Db>,
  idOrHint: string,
): Promise<SecretKeyRow[]> {
  return db
    .selectFrom('secret_keys')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrHint), eb('hint', '=', idOrHint)]))
    .orderBy('created_at')
    .execute();
}
