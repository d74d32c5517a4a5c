import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Instance invitations (issue 9). An invitation's ticket is shown once, in the create
 * answer's `url`, and kept as its SHA-256 (`token_hash`, unique per instance) as sign-in
 * tokens are. `status` stores `pending`, `accepted` or `revoked`; a pending invitation past
 * `expires_at` reads as expired. `invitation_search` is the trigram index of `query` (email
 * and ID): a table with a GIN index in PostgreSQL, FTS5 in SQLite (the invitation keeps the
 * document's rowid). `invitation_emails` holds one row per invited address, locked by a
 * create so two concurrent creates for one address cannot both find it free.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const json = sql.raw(pg ? 'jsonb' : 'text');
  const instanceRef = (c: any) => c.notNull().references('instances.id').onDelete('cascade');

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('email_address', 'text', (c) => c.notNull())
    .addColumn('email_lower', 'text', (c) => c.notNull())
    .addColumn('public_metadata', json, (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('search_rowid', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invitations_token_hash')
    .on('invitations')
    .columns(['instance_id', 'token_hash'])
    .unique()
    .execute();
  // ListInvitations orders by created_at (the default), email_address or expires_at; the
  // duplicate check finds an address's invitations through the email index.
  for (const column of ['created_at', 'email_lower', 'expires_at']) {
    await db.schema
      .createIndex(`invitations_${column}`)
      .on('invitations')
      .columns(['instance_id', column, 'id'])
      .execute();
  }
  // The status filter in the default order.
  await db.schema
    .createIndex('invitations_status')
    .on('invitations')
    .columns(['instance_id', 'status', 'created_at', 'id'])
    .execute();

  if (pg) {
    await db.schema
      .createTable('invitation_search')
      .addColumn('invitation_id', 'text', (c) =>
        c.primaryKey().references('invitations.id').onDelete('cascade'),
      )
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('other', 'text', (c) => c.notNull())
      .execute();
    // The expression of the `all` search (postgres-adapter): written the same way.
    await sql`create index invitation_search_all on invitation_search using gin ((email || ' ' || other) gin_trgm_ops)`.execute(
      db,
    );
  } else {
    await sql`create virtual table invitation_search using fts5(invitation_id unindexed, instance_id unindexed, email, other, tokenize = 'trigram')`.execute(
      db,
    );
  }

  await db.schema
    .createTable('invitation_emails')
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('email_lower', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invitation_emails_pkey', ['instance_id', 'email_lower'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['invitation_emails', 'invitation_search', 'invitations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
