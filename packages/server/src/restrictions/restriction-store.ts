import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  AllowlistIdentifiersTable,
  BlocklistIdentifiersTable,
  Db,
  InstanceRestrictionsTable,
} from '../db/schema.js';

export type ListTable = 'allowlist_identifiers' | 'blocklist_identifiers';
export type AllowlistRow = Selectable<AllowlistIdentifiersTable>;
export type BlocklistRow = Selectable<BlocklistIdentifiersTable>;
export type RestrictionsRow = Selectable<InstanceRestrictionsTable>;

/**
 * Queries both lists share are typed as the block-list's: the allow-list has every one of
 * its columns (and adds `notify`, `invitation_id`), and Kysely types a query over a union
 * of table names poorly.
 */
const asList = (table: ListTable) => table as 'blocklist_identifiers';

export async function insertAllowlistIdentifier(
  db: Kysely<Db>,
  row: Insertable<AllowlistIdentifiersTable>,
): Promise<void> {
  await db.insertInto('allowlist_identifiers').values(row).execute();
}

export async function insertBlocklistIdentifier(
  db: Kysely<Db>,
  row: Insertable<BlocklistIdentifiersTable>,
): Promise<void> {
  await db.insertInto('blocklist_identifiers').values(row).execute();
}

/** The entry whose key is `key`, if any (the `(instance_id, identifier_key)` unique index). */
export async function findListIdentifierByKey(
  db: Kysely<Db>,
  table: ListTable,
  instanceId: string,
  key: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom(asList(table))
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('identifier_key', '=', key)
    .executeTakeFirst();
}

/** Of `keys`, those on the list: one index probe per key. */
export async function findListedKeys(
  db: Kysely<Db>,
  table: ListTable,
  instanceId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom(asList(table))
    .select('identifier_key')
    .where('instance_id', '=', instanceId)
    .where('identifier_key', 'in', keys)
    .execute();
  return new Set(rows.map((row) => row.identifier_key));
}

/** Deletes one entry; returns whether it existed in the instance. */
export async function deleteListIdentifier(
  db: Kysely<Db>,
  table: ListTable,
  instanceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom(asList(table))
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countListIdentifiers(
  db: Kysely<Db>,
  table: ListTable,
  instanceId: string,
): Promise<number> {
  const row = await db
    .selectFrom(asList(table))
    .select(sql<number | string>`count(*)`.as('count'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The query of a list's page IDs, for `readPage`; every entry of the instance matches. */
export function listIdentifierIds(db: Kysely<Db>, table: ListTable, instanceId: string) {
  return db.selectFrom(asList(table)).select('id').where('instance_id', '=', instanceId);
}

export async function findAllowlistRows(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<AllowlistRow[]> {
  return db
    .selectFrom('allowlist_identifiers')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

/** The whole block-list, newest first (the spec's list has no paging parameters). */
export async function listBlocklistRows(
  db: Kysely<Db>,
  instanceId: string,
): Promise<BlocklistRow[]> {
  return db
    .selectFrom('blocklist_identifiers')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findRestrictions(
  db: Kysely<Db>,
  instanceId: string,
): Promise<RestrictionsRow | undefined> {
  return db
    .selectFrom('instance_restrictions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
}

/**
 * Creates an instance's settings row with `row`, or, when it exists, sets only `changes` on
 * it: two requests changing different settings at once both keep their change (the row
 * lock of `ON CONFLICT DO UPDATE` orders them).
 */
export async function upsertRestrictions(
  db: Kysely<Db>,
  row: Insertable<InstanceRestrictionsTable>,
  changes: Updateable<InstanceRestrictionsTable>,
): Promise<void> {
  await db
    .insertInto('instance_restrictions')
    .values(row)
    .onConflict((oc) => oc.column('instance_id').doUpdateSet(changes))
    .execute();
}
