import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../db/schema.js';
import type { WebhookAppsTable, WebhookPortalTokensTable } from '../db/webhook-schema.js';

export type WebhookAppRow = Selectable<WebhookAppsTable>;
export type PortalTokenRow = Selectable<WebhookPortalTokensTable>;

export async function findAppByInstance(
  db: Kysely<Db>,
  instanceId: string,
): Promise<WebhookAppRow | undefined> {
  return db
    .selectFrom('webhook_apps')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
}

/** Inserts the instance's app unless it has one (the unique `instance_id` decides a race). */
export async function insertAppIfMissing(db: Kysely<Db>, row: WebhookAppRow): Promise<void> {
  await db
    .insertInto('webhook_apps')
    .values(row)
    .onConflict((oc) => oc.column('instance_id').doNothing())
    .execute();
}

/**
 * Deletes the instance's app; its endpoints, their deliveries and attempts, and its portal
 * tokens go with it (foreign keys cascade). Returns whether there was one.
 */
export async function deleteAppOfInstance(db: Kysely<Db>, instanceId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhook_apps')
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertPortalToken(db: Kysely<Db>, row: PortalTokenRow): Promise<void> {
  await db.insertInto('webhook_portal_tokens').values(row).execute();
}

/** A token by its hash, with what a request scope needs of its instance. */
export async function findPortalTokenByHash(db: Kysely<Db>, tokenHash: string) {
  return db
    .selectFrom('webhook_portal_tokens as t')
    .innerJoin('instances as i', 'i.id', 't.instance_id')
    .selectAll('t')
    .select([
      'i.frontend_api as instance_frontend_api',
      'i.publishable_key as instance_publishable_key',
      'i.environment as instance_environment',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an unused link used; false when another request used it first. */
export async function markLinkUsed(db: Kysely<Db>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_portal_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('kind', '=', 'link')
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Drops an instance's expired portal tokens (kept tidy whenever a new link is made). */
export async function deleteExpiredPortalTokens(
  db: Kysely<Db>,
  instanceId: string,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('webhook_portal_tokens')
    .where('instance_id', '=', instanceId)
    .where('expires_at', '<=', now)
    .execute();
}
