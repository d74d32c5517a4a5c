import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Instances, signing keys, users with their identifications, the search document,
 * per-instance user counts and the domain-event outbox. Frozen: later changes get a
 * migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const f = pg ? 'false' : '0';

  await db.schema
    .createTable('instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key_hint', 'text', (c) => c.notNull())
    .addColumn('publishable_key', 'text', (c) => c.notNull())
    .addColumn('frontend_api', 'text', (c) => c.notNull())
    .addColumn('is_default', sql.raw(bool), (c) => c.notNull().defaultTo(sql.raw(f)))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('private_key_pem', 'text', (c) => c.notNull())
    .addColumn('public_jwk', sql.raw(json), (c) => c.notNull())
    .addColumn('active', sql.raw(bool), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signing_keys_instance')
    .on('signing_keys')
    .columns(['instance_id'])
    .execute();

  let users = db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('external_id', 'text')
    .addColumn('username', 'text')
    .addColumn('username_lower', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('locale', 'text')
    .addColumn('image_url', 'text')
    .addColumn('primary_email_address_id', 'text')
    .addColumn('primary_phone_number_id', 'text')
    .addColumn('primary_web3_wallet_id', 'text')
    .addColumn('primary_email_lower', 'text')
    .addColumn('primary_phone', 'text')
    .addColumn('primary_web3_lower', 'text')
    .addColumn('password_digest', 'text')
    .addColumn('password_hasher', 'text')
    .addColumn('password_last_updated_at', 'bigint')
    .addColumn('totp_secret', 'text')
    .addColumn('backup_codes', sql.raw(json))
    .addColumn('mfa_enabled_at', 'bigint')
    .addColumn('mfa_disabled_at', 'bigint')
    .addColumn('public_metadata', sql.raw(json), (c) => c.notNull())
    .addColumn('private_metadata', sql.raw(json), (c) => c.notNull())
    .addColumn('unsafe_metadata', sql.raw(json), (c) => c.notNull())
    .addColumn('banned', sql.raw(bool), (c) => c.notNull())
    .addColumn('locked', sql.raw(bool), (c) => c.notNull())
    .addColumn('delete_self_enabled', sql.raw(bool), (c) => c.notNull())
    .addColumn('create_organization_enabled', sql.raw(bool), (c) => c.notNull())
    .addColumn('create_organizations_limit', 'integer')
    .addColumn('bypass_client_trust', sql.raw(bool), (c) => c.notNull())
    .addColumn('legal_accepted_at', 'bigint')
    .addColumn('last_active_at', 'bigint')
    .addColumn('last_sign_in_at', 'bigint')
    .addColumn('search_rowid', 'integer')
    // The user's identifications as JSON arrays, rewritten in the transaction that changes
    // them: a user (or a page of users) reads back in one row each, with no joins.
    .addColumn('emails', sql.raw(json), (c) => c.notNull())
    .addColumn('phones', sql.raw(json), (c) => c.notNull())
    .addColumn('wallets', sql.raw(json), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  // An ID-keyed table: without a rowid, a lookup by id is one B-tree search, not two.
  if (!pg) users = users.modifyEnd(sql`without rowid`);
  await users.execute();

  // Identifiers are unique per instance; every list filter and order has its index.
  await db.schema
    .createIndex('users_external_id')
    .on('users')
    .columns(['instance_id', 'external_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('users_username')
    .on('users')
    .columns(['instance_id', 'username_lower'])
    .unique()
    .execute();
  for (const col of [
    'created_at',
    'updated_at',
    'first_name',
    'last_name',
    'primary_email_lower',
    'primary_phone',
    'primary_web3_lower',
    'last_active_at',
    'last_sign_in_at',
  ]) {
    await db.schema
      .createIndex(`users_${col}`)
      .on('users')
      .columns(['instance_id', col, 'id'])
      .execute();
  }
  await db.schema
    .createIndex('users_banned')
    .on('users')
    .columns(['instance_id', 'banned', 'created_at'])
    .execute();

  const identification = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('verification_status', 'text', (c) => c.notNull())
      .addColumn('verification_strategy', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull());

  await identification('email_addresses')
    .addColumn('email_address', 'text', (c) => c.notNull())
    .addColumn('email_lower', 'text', (c) => c.notNull())
    .addColumn('reserved', sql.raw(bool), (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_addresses_unique')
    .on('email_addresses')
    .columns(['instance_id', 'email_lower'])
    .unique()
    .execute();
  await db.schema
    .createIndex('email_addresses_user')
    .on('email_addresses')
    .columns(['user_id'])
    .execute();

  await identification('phone_numbers')
    .addColumn('phone_number', 'text', (c) => c.notNull())
    .addColumn('reserved', sql.raw(bool), (c) => c.notNull())
    .addColumn('reserved_for_second_factor', sql.raw(bool), (c) => c.notNull())
    .addColumn('default_second_factor', sql.raw(bool), (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('phone_numbers_unique')
    .on('phone_numbers')
    .columns(['instance_id', 'phone_number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('phone_numbers_user')
    .on('phone_numbers')
    .columns(['user_id'])
    .execute();

  await identification('web3_wallets')
    .addColumn('web3_wallet', 'text', (c) => c.notNull())
    .addColumn('wallet_lower', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('web3_wallets_unique')
    .on('web3_wallets')
    .columns(['instance_id', 'wallet_lower'])
    .unique()
    .execute();
  await db.schema
    .createIndex('web3_wallets_user')
    .on('web3_wallets')
    .columns(['user_id'])
    .execute();

  if (pg) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await db.schema
      .createTable('user_search')
      .addColumn('user_id', 'text', (c) =>
        c.primaryKey().references('users.id').onDelete('cascade'),
      )
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('emails', 'text', (c) => c.notNull())
      .addColumn('phones', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('names', 'text', (c) => c.notNull())
      .addColumn('other', 'text', (c) => c.notNull())
      .execute();
    for (const col of ['emails', 'phones', 'username', 'names']) {
      await sql`create index ${sql.id(`user_search_${col}`)} on user_search using gin (${sql.id(col)} gin_trgm_ops)`.execute(
        db,
      );
    }
    await sql`create index user_search_all on user_search using gin ((emails || ' ' || phones || ' ' || username || ' ' || names || ' ' || other) gin_trgm_ops)`.execute(
      db,
    );
  } else {
    // Trigram FTS5: LIKE '%abc%' on any column (3+ characters) is answered from the index.
    await sql`create virtual table user_search using fts5(user_id unindexed, instance_id unindexed, emails, phones, username, names, other, tokenize = 'trigram')`.execute(
      db,
    );
  }

  await db.schema
    .createTable('user_counts')
    .addColumn('instance_id', 'text', (c) =>
      c.primaryKey().references('instances.id').onDelete('cascade'),
    )
    .addColumn('count', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', sql.raw(json), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .columns(['delivered_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'outbox',
    'user_counts',
    'user_search',
    'web3_wallets',
    'phone_numbers',
    'email_addresses',
    'users',
    'signing_keys',
    'instances',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
