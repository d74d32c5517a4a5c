import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { AdminPortalLinkTokensTable, Db } from '../db/schema.js';
import { unindexedRef } from '../db/values.js';

export type AdminPortalLinkRow = Selectable<AdminPortalLinkTokensTable>;

export async function insertAdminPortalLink(
  db: Kysely<Db>,
  row: Insertable<AdminPortalLinkTokensTable>,
): Promise<void> {
  await db.insertInto('admin_portal_link_tokens').values(row).execute();
}

/** The link of this token hash, in any instance: the page is reached by the token alone. */
export async function lockAdminPortalLinkByHash(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  hash: string,
): Promise<AdminPortalLinkRow | undefined> {
  return dialect
    .lockForUpdate(
      db.selectFrom('admin_portal_link_tokens').selectAll().where('token_hash', '=', hash),
    )
    .executeTakeFirst();
}

export async function lockAdminPortalLink(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<AdminPortalLinkRow | undefined> {
  return dialect
    .lockForUpdate(
      db
        .selectFrom('admin_portal_link_tokens')
        .selectAll()
        .where('id', '=', id)
        .where(unindexedRef('instance_id'), '=', instanceId),
    )
    .executeTakeFirst();
}

export async function updateAdminPortalLink(
  db: Kysely<Db>,
  id: string,
  changes: Updateable<AdminPortalLinkTokensTable>,
): Promise<void> {
  await db.updateTable('admin_portal_link_tokens').set(changes).where('id', '=', id).execute();
}

/** The organization's name, if it is one of the instance's. */
export async function findOrganizationName(
  db: Kysely<Db>,
  instanceId: string,
  organizationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', organizationId)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
  return row?.name;
}

/** What a scope needs to know of the link's instance (the page has no secret key). */
export async function findLinkInstance(db: Kysely<Db>, instanceId: string) {
  return db
    .selectFrom('instances')
    .select(['id', 'frontend_api', 'publishable_key', 'environment'])
    .where('id', '=', instanceId)
    .executeTakeFirst();
}

/** The link of this token hash, unlocked (to learn its instance before the write). */
export async function findAdminPortalLinkByHash(
  db: Kysely<Db>,
  hash: string,
): Promise<AdminPortalLinkRow | undefined> {
  return db
    .selectFrom('admin_portal_link_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}
