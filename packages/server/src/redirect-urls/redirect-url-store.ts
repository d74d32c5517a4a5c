import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Db, RedirectUrlsTable } from '../db/schema.js';

export type RedirectUrlRow = Selectable<RedirectUrlsTable>;

export async function insertRedirectUrl(
  db: Kysely<Db>,
  row: Insertable<RedirectUrlsTable>,
): Promise<void> {
  await db.insertInto('redirect_urls').values(row).execute();
}

export async function findRedirectUrlById(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<RedirectUrlRow | undefined> {
  return db
    .selectFrom('redirect_urls')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findRedirectUrlIdByKey(
  db: Kysely<Db>,
  instanceId: string,
  key: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('redirect_urls')
    .select('id')
    .where('instance_id', '=', instanceId)
    .where('url_key', '=', key)
    .executeTakeFirst();
  return row?.id;
}

export async function findRedirectUrlRows(
  db: Kysely<Db>,
  instanceId: string,
  ids: readonly string[],
): Promise<RedirectUrlRow[]> {
  return db
    .selectFrom('redirect_urls')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('id', 'in', ids)
    .execute();
}

/** The query of a page's IDs, for `readPage`: every redirect URL of the instance. */
export function redirectUrlIds(db: Kysely<Db>, instanceId: string) {
  return db.selectFrom('redirect_urls').select('id').where('instance_id', '=', instanceId);
}

export async function countRedirectUrls(db: Kysely<Db>, instanceId: string): Promise<number> {
  const row = await db
    .selectFrom('redirect_urls')
    .select(sql<number | string>`count(*)`.as('count'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Deletes one redirect URL; returns whether it existed in the instance. */
export async function deleteRedirectUrlRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('redirect_urls')
    .where('instance_id', '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
