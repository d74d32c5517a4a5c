import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Profile images (records; the bytes live in the file store), passkeys, external (OAuth)
 * accounts and trusted devices. The user row gains its image and JSON snapshots of its
 * passkeys and external accounts, so a user (or a page of users) still reads in one row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';

  await db.schema.alterTable('users').addColumn('image_id', 'text').execute();
  await db.schema.alterTable('users').addColumn('passkeys', sql.raw(json)).execute();
  await db.schema.alterTable('users').addColumn('external_accounts', sql.raw(json)).execute();

  const userOwned = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) =>
        c.notNull().references('instances.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'));
  const byUser = (name: string) =>
    db.schema
      .createIndex(`${name}_user`)
      .on(name)
      .columns(['instance_id', 'user_id', 'id'])
      .execute();

  // The user's image files are removed by the writes that drop these rows (the cascade
  // covers an instance dropped by hand; its files then wait for a sweep).
  await userOwned('images')
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await byUser('images');

  await userOwned('passkeys')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('verification_status', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await byUser('passkeys');
  await db.schema
    .createIndex('passkeys_credential')
    .on('passkeys')
    .columns(['instance_id', 'credential_id'])
    .unique()
    .execute();

  await userOwned('external_accounts')
    .addColumn('identification_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_user_id', 'text', (c) => c.notNull())
    .addColumn('email_address', 'text', (c) => c.notNull())
    .addColumn('email_address_verified', sql.raw(bool))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('username', 'text')
    .addColumn('phone_number', 'text')
    .addColumn('label', 'text')
    .addColumn('public_metadata', sql.raw(json), (c) => c.notNull())
    .addColumn('approved_scopes', 'text', (c) => c.notNull())
    .addColumn('verification_status', 'text', (c) => c.notNull())
    // Sealed (`v1:…`, ADR 0003): OAuth tokens are credentials for the provider.
    .addColumn('access_token', 'text')
    .addColumn('refresh_token', 'text')
    .addColumn('id_token', 'text')
    .addColumn('token_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await byUser('external_accounts');
  await db.schema
    .createIndex('external_accounts_provider_user')
    .on('external_accounts')
    .columns(['instance_id', 'provider', 'provider_user_id'])
    .unique()
    .execute();

  await userOwned('trusted_devices')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('app_identifier', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('trusted_devices_user')
    .on('trusted_devices')
    .columns(['instance_id', 'user_id', 'status', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['trusted_devices', 'external_accounts', 'passkeys', 'images']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const c of ['external_accounts', 'passkeys', 'image_id']) {
    await db.schema.alterTable('users').dropColumn(c).execute();
  }
}
