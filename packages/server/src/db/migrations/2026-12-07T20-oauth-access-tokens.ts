import type { Kysely } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * OAuth access tokens Castellan issues for an OAuth application to a user (issue 13).
 *
 * - One row per issued token, opaque (`oat_…`) or JWT. An opaque token is found by
 *   `token_hash`, its SHA-256 (unique); a JWT has none (it is verified by its signature, and
 *   its row says that its application and user still exist).
 * - Removing the application, the user or the instance removes their tokens.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bool = dialectNameOf(db) === 'postgres' ? 'boolean' : 'integer';
  await db.schema
    .createTable('oauth_access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('oauth_application_id', 'text', (c) =>
      c.notNull().references('oauth_applications.id').onDelete('cascade'),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('revoked', bool, (c) => c.notNull())
    .addColumn('revocation_reason', 'text')
    .addColumn('expiration', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth_access_tokens_token_hash')
    .on('oauth_access_tokens')
    .column('token_hash')
    .unique()
    .execute();
  // The cascades from an application and a user find their tokens through these.
  await db.schema
    .createIndex('oauth_access_tokens_application')
    .on('oauth_access_tokens')
    .columns(['oauth_application_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('oauth_access_tokens_user')
    .on('oauth_access_tokens')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_access_tokens').ifExists().execute();
}
