import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * OAuth applications and their logos.
 *
 * - `oauth_applications`: the list reads its pages from `(instance_id, created_at, id)` and
 *   `(instance_id, name_lower, id)` (the `name` order and the `name_query` substring match,
 *   which is a scan of the instance's applications: they are few). `client_id` is unique
 *   across instances.
 * - `oauth_application_logos`: as `organization_logos`, deleted with their application; a
 *   deleted uploader leaves the logo.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';

  await db.schema
    .createTable('oauth_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_hash', 'text')
    .addColumn('client_uri', 'text')
    .addColumn('image_id', 'text')
    .addColumn('dynamically_registered', sql.raw(bool), (c) => c.notNull())
    .addColumn('consent_screen_enabled', sql.raw(bool), (c) => c.notNull())
    .addColumn('pkce_required', sql.raw(bool), (c) => c.notNull())
    .addColumn('public', sql.raw(bool), (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', sql.raw(json), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth_applications_client_id')
    .on('oauth_applications')
    .column('client_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('oauth_applications_created_at')
    .on('oauth_applications')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('oauth_applications_name')
    .on('oauth_applications')
    .columns(['instance_id', 'name_lower', 'id'])
    .execute();

  await db.schema
    .createTable('oauth_application_logos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('oauth_application_id', 'text', (c) =>
      c.notNull().references('oauth_applications.id').onDelete('cascade'),
    )
    .addColumn('uploader_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oauth_application_logos_app')
    .on('oauth_application_logos')
    .columns(['instance_id', 'oauth_application_id', 'id'])
    .execute();
  await db.schema
    .createIndex('oauth_application_logos_uploader')
    .on('oauth_application_logos')
    .column('uploader_user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_application_logos').ifExists().execute();
  await db.schema.dropTable('oauth_applications').ifExists().execute();
}
