import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Waitlist entries (issue 13). One entry per address of an instance (`email_lower` unique),
 * which is what makes CreateWaitlistEntry idempotent. `status` stores `pending`, `invited`,
 * `rejected` or `completed` (set when the address's invitation is accepted). ListWaitlistEntries
 * orders by `created_at` (the default), `email_address` or `invited_at`, each with its
 * `(instance_id, column, id)` index, and filters by status in the default order.
 * `waitlist_entry_search` is the trigram index of `query` (email and ID), as
 * `invitation_search`: a table with a GIN index in PostgreSQL, FTS5 in SQLite.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';

  await db.schema
    .createTable('waitlist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('email_address', 'text', (c) => c.notNull())
    .addColumn('email_lower', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('invited_at', 'bigint', (c) => c.notNull())
    .addColumn('search_rowid', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('waitlist_entries_email_unique')
    .on('waitlist_entries')
    .columns(['instance_id', 'email_lower'])
    .unique()
    .execute();
  for (const column of ['created_at', 'email_lower', 'invited_at']) {
    await db.schema
      .createIndex(`waitlist_entries_${column}`)
      .on('waitlist_entries')
      .columns(['instance_id', column, 'id'])
      .execute();
  }
  await db.schema
    .createIndex('waitlist_entries_status')
    .on('waitlist_entries')
    .columns(['instance_id', 'status', 'created_at', 'id'])
    .execute();
  // An invitation's removal (with its instance) sets its entries' reference to null.
  await db.schema
    .createIndex('waitlist_entries_invitation_id')
    .on('waitlist_entries')
    .column('invitation_id')
    .execute();

  if (pg) {
    await db.schema
      .createTable('waitlist_entry_search')
      .addColumn('waitlist_entry_id', 'text', (c) =>
        c.primaryKey().references('waitlist_entries.id').onDelete('cascade'),
      )
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('other', 'text', (c) => c.notNull())
      .execute();
    // The expression of the `all` search (postgres-adapter): written the same way.
    await sql`create index waitlist_entry_search_all on waitlist_entry_search using gin ((email || ' ' || other) gin_trgm_ops)`.execute(
      db,
    );
  } else {
    await sql`create virtual table waitlist_entry_search using fts5(waitlist_entry_id unindexed, instance_id unindexed, email, other, tokenize = 'trigram')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['waitlist_entry_search', 'waitlist_entries']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
