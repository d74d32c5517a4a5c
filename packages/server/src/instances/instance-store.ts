import type { Kysely, Selectable } from 'kysely';
import type { Db, InstancesTable, SigningKeysTable } from '../db/schema.js';

export type InstanceRow = Selectable<InstancesTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

export async function findDefaultInstance(db: Kysely<Db>): Promise<InstanceRow | undefined> {
  return db.selectFrom('instances').selectAll().where('is_default', '=', true).executeTakeFirst();
}

export async function findInstanceByKeyHash(
  db: Kysely<Db>,
  hash: string,
): Promise<InstanceRow | undefined> {
  return db
    .selectFrom('instances')
    .selectAll()
    .where('secret_key_hash', '=', hash)
    .executeTakeFirst();
}

export async function insertInstance(db: Kysely<Db>, row: InstanceRow): Promise<void> {
  await db.insertInto('instances').values(row).execute();
}

export async function updateInstanceSecretKey(
  db: Kysely<Db>,
  instanceId: string,
  hash: string,
  hint: string,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('instances')
    .set({ secret_key_hash: hash, secret_key_hint: hint, updated_at: nowMs })
    .where('id', '=', instanceId)
    .execute();
}

export async function insertSigningKey(
  db: Kysely<Db>,
  row: Omit<SigningKeyRow, 'public_jwk'> & { public_jwk: string },
): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

export async function listSigningKeys(
  db: Kysely<Db>,
  instanceId: string,
): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('signing_keys')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at')
    .execute();
}

export async function insertUserCount(db: Kysely<Db>, instanceId: string): Promise<void> {
  await db.insertInto('user_counts').values({ instance_id: instanceId, count: 0 }).execute();
}

/** The instance's display name (the issuer shown by authenticator apps). */
export async function findInstanceName(
  db: Kysely<Db>,
  instanceId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('instances')
    .select('name')
    .where('id', '=', instanceId)
    .executeTakeFirst();
  return row?.name;
}
