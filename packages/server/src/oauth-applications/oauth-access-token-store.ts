import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Db, OAuthAccessTokensTable } from '../db/schema.js';
import { unindexedRef } from '../db/values.js';

export type OAuthAccessTokenRow = Selectable<OAuthAccessTokensTable>;

export async function insertOAuthAccessToken(
  db: Kysely<Db>,
  row: Insertable<OAuthAccessTokensTable>,
): Promise<void> {
  await db.insertInto('oauth_access_tokens').values(row).execute();
}

/** The opaque token with this SHA-256, in the instance (another instance's is not found). */
export async function findOAuthAccessTokenByHash(
  db: Kysely<Db>,
  instanceId: string,
  hash: string,
): Promise<OAuthAccessTokenRow | undefined> {
  return db
    .selectFrom('oauth_access_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
}

/** A token by ID (a JWT's `jti`), in the instance. */
export async function findOAuthAccessToken(
  db: Kysely<Db>,
  instanceId: string,
  id: string,
): Promise<OAuthAccessTokenRow | undefined> {
  return db
    .selectFrom('oauth_access_tokens')
    .selectAll()
    .where('id', '=', id)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
}

/** The application a token is issued for, by its `client_id`, in the instance. */
export async function findApplicationByClientId(
  db: Kysely<Db>,
  instanceId: string,
  clientId: string,
): Promise<{ id: string; client_id: string } | undefined> {
  return db
    .selectFrom('oauth_applications')
    .select(['id', 'client_id'])
    .where('client_id', '=', clientId)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
}

export async function userExists(
  db: Kysely<Db>,
  instanceId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Revokes one of an application's tokens (again: the first reason stays, as it is the same). */
export async function revokeOAuthAccessTokenRow(
  db: Kysely<Db>,
  instanceId: string,
  applicationId: string,
  id: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('oauth_access_tokens')
    .set({ revoked: true, revocation_reason: 'Revoked by client', updated_at: now })
    .where('id', '=', id)
    .where(unindexedRef('instance_id'), '=', instanceId)
    .where('oauth_application_id', '=', applicationId)
    .execute();
}
