import type { Kysely } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Admin portal link tokens (issue 13): a link to Castellan's admin portal page for one
 * organization. The token is stored only as its SHA-256 (`token_hash`, unique: the page finds
 * its link by it). The link is single-use: the first opening sets `used_at` and
 * `session_hash` (the SHA-256 of the cookie handed to that browser). Removing the organization or the instance removes its links.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  await db.schema
    .createTable('admin_portal_link_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('admin_portal_link_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('it_contact_id', 'text')
    .addColumn('scopes', pg ? 'jsonb' : 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('session_hash', 'text')
    .addColumn('revoked', pg ? 'boolean' : 'integer', (c) => c.notNull())
    .addColumn('revocation_reason', 'text')
    .addColumn('expiration', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('admin_portal_link_tokens_token_hash')
    .on('admin_portal_link_tokens')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('admin_portal_link_tokens_organization')
    .on('admin_portal_link_tokens')
    .column('organization_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_portal_link_tokens').ifExists().execute();
}
