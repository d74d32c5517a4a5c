import type { Kysely } from 'kysely';

/**
 * Organization logos and what deleting an organization touches.
 *
 * - `organization_logos`: an uploaded logo's record (the bytes live in the file store, as a
 *   profile image's do). It belongs to the organization (deleted with it); the uploader
 *   (`uploader_user_id`) is credited but optional, and a deleted uploader leaves the logo.
 *   Its ID is an image ID (`img_…`), served at `/images/{id}` like a profile image.
 * - `sessions (instance_id, last_active_organization_id)`: deleting an organization clears it
 *   from the sessions that had it active, without reading every session of the instance.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organization_logos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('uploader_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('organization_logos_org')
    .on('organization_logos')
    .columns(['instance_id', 'organization_id', 'id'])
    .execute();
  await db.schema
    .createIndex('organization_logos_uploader')
    .on('organization_logos')
    .column('uploader_user_id')
    .execute();
  await db.schema
    .createIndex('sessions_active_organization')
    .on('sessions')
    .columns(['instance_id', 'last_active_organization_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_active_organization').ifExists().execute();
  await db.schema.dropTable('organization_logos').ifExists().execute();
}
