import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Allow-list and block-list identifiers, and each instance's restriction settings. An
 * identifier's `identifier_key` is its normalized form (lowercased email or `*@domain`,
 * E.164 phone, lowercased Ethereum wallet): unique per instance, and what enforcement looks
 * up by index, so checking a new user costs one probe per identifier however long the lists.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const f = pg ? 'false' : '0';

  for (const table of ['allowlist_identifiers', 'blocklist_identifiers']) {
    let create = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) =>
        c.notNull().references('instances.id').onDelete('cascade'),
      )
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('identifier_key', 'text', (c) => c.notNull())
      .addColumn('identifier_type', 'text', (c) => c.notNull());
    if (table === 'allowlist_identifiers') {
      create = create
        .addColumn('notify', sql.raw(bool), (c) => c.notNull().defaultTo(sql.raw(f)))
        .addColumn('invitation_id', 'text');
    }
    await create
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex(`${table}_key`)
      .on(table)
      .columns(['instance_id', 'identifier_key'])
      .unique()
      .execute();
    // Lists are newest first; pages are read from this index.
    await db.schema
      .createIndex(`${table}_created_at`)
      .on(table)
      .columns(['instance_id', 'created_at', 'id'])
      .execute();
  }

  // One row per instance that changed a setting; an instance without a row has every
  // restriction off.
  await db.schema
    .createTable('instance_restrictions')
    .addColumn('instance_id', 'text', (c) =>
      c.primaryKey().references('instances.id').onDelete('cascade'),
    )
    .addColumn('allowlist', sql.raw(bool), (c) => c.notNull())
    .addColumn('blocklist', sql.raw(bool), (c) => c.notNull())
    .addColumn('allowlist_blocklist_disabled_on_sign_in', sql.raw(bool), (c) => c.notNull())
    .addColumn('block_email_subaddresses', sql.raw(bool), (c) => c.notNull())
    .addColumn('block_disposable_email_domains', sql.raw(bool), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
