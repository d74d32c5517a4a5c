import {
  sql,
  type Insertable,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type Updateable,
} from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { Db, OAuthApplicationLogosTable, OAuthApplicationsTable } from '../db/schema.js';
import { escapeLike, unindexedRef } from '../db/values.js';
import type { Ordering, Page } from '../lists/list-params.js';
import { countRows, readRowsPage } from '../lists/page-query.js';

export type OAuthApplicationRow = Selectable<OAuthApplicationsTable>;

/** `order_by` fields of the list and the indexed column each sorts by. */
export const OAUTH_APPLICATION_ORDER_COLUMNS = {
  created_at: 'oauth_applications.created_at',
  name: 'oauth_applications.name_lower',
} as const;

export type OAuthApplicationOrderField = keyof typeof OAUTH_APPLICATION_ORDER_COLUMNS;

export async function insertOAuthApplication(
  db: Kysely<Db>,
  row: Insertable<OAuthApplicationsTable>,
): Promise<void> {
  await db.insertInto('oauth_applications').values(row).execute();
}

export async function findOAuthApplication(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<OAuthApplicationRow | undefined> {
  return db
    .selectFrom('oauth_applications')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Reads and locks the application a write changes. */
export async function lockOAuthApplication(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  instanceId: string,
  id: string,
): Promise<OAuthApplicationRow | undefined> {
  const query = db
    .selectFrom('oauth_applications')
    .selectAll()
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id);
  return dialect.lockForUpdate(query).executeTakeFirst();
}

export async function updateOAuthApplicationRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
  changes: Updateable<OAuthApplicationsTable>,
): Promise<void> {
  await db
    .updateTable('oauth_applications')
    .set(changes)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .execute();
}

/** Deletes one application (its logo rows go with it); returns whether it existed. */
export async function deleteOAuthApplicationRow(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('oauth_applications')
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

type ApplicationQuery<O> = SelectQueryBuilder<Db, 'oauth_applications', O>;

/**
 * The instance's applications; with `nameQuery`, those whose name contains it in any case,
 * and the one whose client ID it is exactly.
 */
function filtered<O>(
  query: ApplicationQuery<O>,
  instanceId: string,
  nameQuery: string | undefined,
): ApplicationQuery<O> {
  const q = query.where('oauth_applications.instance_id', '=', instanceId);
  if (nameQuery === undefined) return q;
  const like = `%${escapeLike(nameQuery.toLowerCase())}%`;
  return q.where((eb) =>
    eb.or([
      sql<boolean>`oauth_applications.name_lower like ${like} escape '\\'`,
      eb('oauth_applications.client_id', '=', nameQuery),
    ]),
  );
}

/** One page of applications: IDs from the ordering index, then the rows by key. */
export async function listOAuthApplicationRows(
  db: Kysely<Db>,
  instanceId: string,
  nameQuery: string | undefined,
  ordering: Ordering<OAuthApplicationOrderField>,
  page: Page,
): Promise<OAuthApplicationRow[]> {
  const ids = filtered(
    db.selectFrom('oauth_applications').select('oauth_applications.id'),
    instanceId,
    nameQuery,
  );
  return readRowsPage(db, 'oauth_applications', instanceId, ids, ordering, page);
}

/** How many applications match (`total_count`). */
export async function countOAuthApplicationRows(
  db: Kysely<Db>,
  instanceId: string,
  nameQuery: string | undefined,
): Promise<number> {
  return countRows(filtered(db.selectFrom('oauth_applications'), instanceId, nameQuery));
}

export async function insertOAuthApplicationLogo(
  db: Kysely<Db>,
  row: Insertable<OAuthApplicationLogosTable>,
): Promise<void> {
  await db.insertInto('oauth_application_logos').values(row).execute();
}

/** Deletes an application's logos except `keepId`; returns their storage keys. */
export async function deleteOAuthApplicationLogos(
  db: Kysely<Db>,
  instanceId: string,
  applicationId: string,
  keepId: string | null,
): Promise<string[]> {
  let query = db
    .deleteFrom('oauth_application_logos')
    .where('instance_id', '=', instanceId)
    .where('oauth_application_id', '=', applicationId);
  if (keepId !== null) query = query.where('id', '<>', keepId);
  const rows = await query.returning('storage_key').execute();
  return rows.map((r) => r.storage_key);
}

/** Whether an instance exists (the public discovery routes name it by ID). */
export async function instanceExists(db: Kysely<Db>, instanceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('instances')
    .select('id')
    .where('id', '=', instanceId)
    .executeTakeFirst();
  return row !== undefined;
}
