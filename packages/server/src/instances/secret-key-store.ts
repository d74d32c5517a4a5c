import type { Kysely, Selectable } from 'kysely';
import type { Db, SecretKeysTable } from '../db/schema.js';
import type { InstanceRow } from './instance-store.js';

export type SecretKeyRow = Selectable<SecretKeysTable>;

/** The instance an unrevoked key belongs to, with the key's row; one indexed probe by hash. */
export async function findActiveKeyByHash(
  db: Kysely<Db>,
  hash: string,
): Promise<{ instance: InstanceRow; key: SecretKeyRow } | undefined> {
  // From `instances` joined to the key: one probe of the unique hash index either way.
  const row = await db
    .selectFrom('instances')
    .innerJoin('secret_keys', 'secret_keys.instance_id', 'instances.id')
    .selectAll('instances')
    .select([
      'secret_keys.id as key_id',
      'secret_keys.hash as key_hash',
      'secret_keys.hint as key_hint',
      'secret_keys.created_at as key_created_at',
      'secret_keys.revoked_at as key_revoked_at',
    ])
    .where('secret_keys.hash', '=', hash)
    .where('secret_keys.revoked_at', 'is', null)
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
