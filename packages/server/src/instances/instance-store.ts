import type { Kysely, Selectable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, InstancesTable, SigningKeysTable } from '../db/schema.js';

export type InstanceRow = Selectable<InstancesTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

export async function findDefaultInstance(db: Kysely<Db>): Promise<InstanceRow | undefined> {
  return db.selectFrom('instances').selectAll().where('is_default', '=', true).executeTakeFirst();
}

export async function findInstanceById(
  db: Kysely<Db>,
  instanceId: string,
): Promise<InstanceRow | undefined> {
  return db.selectFrom('instances').selectAll().where('id', '=', instanceId).executeTakeFirst();
}

export async function listInstances(db: Kysely<Db>): Promise<InstanceRow[]> {
  return db.selectFrom('instances').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Up to `limit` instances (the Frontend API serves the only one when there is one). */
export async function listFirstInstances(db: Kysely<Db>, limit: number): Promise<InstanceRow[]> {
  return db.selectFrom('instances').selectAll().orderBy('id').limit(limit).execute();
}

/** Locks the instance's row until the transaction ends (serializes changes to its keys). */
export async function lockInstance(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
): Promise<void> {
  await dialect
    .lockForUpdate(db.selectFrom('instances').select('id').where('id', '=', instanceId))
    .executeTakeFirst();
}

export async function insertInstance(db: Kysely<Db>, row: InstanceRow): Promise<void> {
  await db.insertInto('instances').values(row).execute();
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
    .orderBy('kid')
    .execute();
}

/** A new instance's counters: no users, no organizations. */
export async function insertInstanceCounts(db: Kysely<Db>, instanceId: string): Promise<void> {
  await db.insertInto('user_counts').values({ instance_id: instanceId, count: 0 }).execute();
  await db
    .insertInto('organization_counts')
    .values({ instance_id: instanceId, count: 0 })
    .execute();
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

export async function findSigningKey(
  db: Kysely<Db>,
  kid: string,
): Promise<SigningKeyRow | undefined> {
  return db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
}

export async function deleteSigningKey(
  db: Kysely<Db>,
  instanceId: string,
  kid: string,
): Promise<void> {
  await db
    .deleteFrom('signing_keys')
    .where('instance_id', '=', instanceId)
    .where('kid', '=', kid)
    .execute();
}
