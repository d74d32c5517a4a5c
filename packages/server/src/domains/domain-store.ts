import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Db, DomainsTable } from '../db/schema.js';

export type DomainRow = Selectable<DomainsTable>;

/** The instance's satellite domains, newest first (index `domains_created_at`). */
export async function listDomainRows(db: Kysely<Db>, instanceId: string): Promise<DomainRow[]> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function countDomainRows(db: Kysely<Db>, instanceId: string): Promise<number> {
  const row = await db
    .selectFrom('domains')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findDomainRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<DomainRow | undefined> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findDomainByName(
  db: Kysely<Db>,
  instanceId: string,
  nameKey: string,
): Promise<DomainRow | undefined> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
}

export async function insertDomainRow(
  db: Kysely<Db>,
  row: Insertable<DomainsTable>,
): Promise<void> {
  await db.insertInto('domains').values(row).execute();
}

export async function updateDomainRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<DomainsTable>,
): Promise<void> {
  await db
    .updateTable('domains')
    .set(changes)
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a satellite and its proxy checks; answers whether it existed. */
export async function deleteDomainRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('domains')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
  await db
    .deleteFrom('proxy_checks')
    .where('instance_id', '=', instanceId)
    .where('domain_id', '=', id)
    .execute();
  return Number(result.numDeletedRows) > 0;
}
