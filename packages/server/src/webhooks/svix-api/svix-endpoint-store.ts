import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DialectAdapter } from '../../db/dialect.js';
import type { Db } from '../../db/schema.js';
import type { WebhookEndpointsTable } from '../../db/webhook-schema.js';

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export interface PageQuery {
  limit: number;
  /** The ID after which (in `order`) the page starts. */
  after: string | undefined;
  order: 'ascending' | 'descending';
}

/** One page of an app's endpoints by ID (time-ordered), one extra row to tell `done`. */
export async function listEndpoints(
  db: Kysely<Db>,
  appId: string,
  page: PageQuery,
): Promise<EndpointRow[]> {
  const asc = page.order === 'ascending';
  let query = db.selectFrom('webhook_endpoints').selectAll().where('app_id', '=', appId);
  if (page.after) query = query.where('id', asc ? '>' : '<', page.after);
  return query
    .orderBy('id', asc ? 'asc' : 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** An endpoint of the app by its ID or, as Svix allows in every path, its `uid`. */
function byIdOrUid(db: Kysely<Db>, appId: string, idOrUid: string) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrUid), eb('uid', '=', idOrUid)]))
    .where('app_id', '=', appId);
}

export async function findEndpoint(
  db: Kysely<Db>,
  appId: string,
  idOrUid: string,
): Promise<EndpointRow | undefined> {
  return byIdOrUid(db, appId, idOrUid).executeTakeFirst();
}

export async function lockEndpoint(
  db: Kysely<Db>,
  dialect: DialectAdapter,
  appId: string,
  idOrUid: string,
): Promise<EndpointRow | undefined> {
  return dialect.lockForUpdate(byIdOrUid(db, appId, idOrUid)).executeTakeFirst();
}

/** Whether another endpoint of the app has `uid`. */
export async function isUidTaken(
  db: Kysely<Db>,
  appId: string,
  uid: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('app_id', '=', appId)
    .where('uid', '=', uid);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertEndpoint(
  db: Kysely<Db>,
  row: Insertable<WebhookEndpointsTable>,
): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function updateEndpoint(
  db: Kysely<Db>,
  endpointId: string,
  changes: Updateable<WebhookEndpointsTable>,
): Promise<void> {
  await db.updateTable('webhook_endpoints').set(changes).where('id', '=', endpointId).execute();
}

/** Deletes an endpoint; its deliveries and their attempts cascade. */
export async function deleteEndpoint(db: Kysely<Db>, endpointId: string): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', endpointId).execute();
}
