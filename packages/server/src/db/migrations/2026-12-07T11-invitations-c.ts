import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Organization invitations (issue 9, part C), on the foundation's `organization_invitations`:
 * - `organization_domain_id`: set on the invitations a verified domain sends by itself
 *   (`automatic_invitation`), which the organization's invitation lists leave out, as Clerk's do.
 * - `search_rowid` and `organization_invitation_search`: the trigram index of the instance
 *   list's `query` (the email address): pg_trgm in PostgreSQL, FTS5 in SQLite (the invitation
 *   keeps its document's rowid), as users' search is.
 * - `(…, email_lower, id)` indexes: `order_by=email_address` per organization and per instance.
 * No invitation can exist before this migration (no operation wrote them), so there is
 * nothing to index.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const i = 'organization_invitations';
  await db.schema.alterTable(i).addColumn('organization_domain_id', 'text').execute();
  await db.schema.alterTable(i).addColumn('search_rowid', 'bigint').execute();
  await db.schema
    .createIndex(`${i}_org_email_order`)
    .on(i)
    .columns(['organization_id', 'email_lower', 'id'])
    .execute();
  await db.schema
    .createIndex(`${i}_instance_email_order`)
    .on(i)
    .columns(['instance_id', 'email_lower', 'id'])
    .execute();

  if (pg) {
    await db.schema
      .createTable('organization_invitation_search')
      .addColumn('invitation_id', 'text', (c) =>
        c.primaryKey().references('organization_invitations.id').onDelete('cascade'),
      )
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .execute();
    await sql`create index organization_invitation_search_email on organization_invitation_search using gin (email gin_trgm_ops)`.execute(
      db,
    );
  } else {
    await sql`create virtual table organization_invitation_search using fts5(invitation_id unindexed, instance_id unindexed, email, tokenize = 'trigram')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organization_invitation_search').ifExists().execute();
  const i = 'organization_invitations';
  await db.schema.dropIndex(`${i}_instance_email_order`).ifExists().execute();
  await db.schema.dropIndex(`${i}_org_email_order`).ifExists().execute();
  await db.schema.alterTable(i).dropColumn('search_rowid').execute();
  await db.schema.alterTable(i).dropColumn('organization_domain_id').execute();
}
