import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Sign-in tokens, actor tokens, testing tokens, redirect URLs and sign-ups. A token is
 * shown once and kept as its SHA-256 (`token_hash`, unique per instance): the Frontend API
 * finds a ticket by hashing what the browser sends. Sign-ups are shaped for the Frontend
 * API, which creates them from the browser (client, password, verifications, metadata).
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  const json = sql.raw(pg ? 'jsonb' : 'text');
  const instanceRef = (c: any) => c.notNull().references('instances.id').onDelete('cascade');
  const userRef = (c: any) => c.notNull().references('users.id').onDelete('cascade');

  for (const table of ['sign_in_tokens', 'actor_tokens'] as const) {
    let create = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', instanceRef)
      .addColumn('user_id', 'text', userRef)
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull());
    create =
      table === 'sign_in_tokens'
        ? create.addColumn('organization_id', 'text')
        : create
            .addColumn('actor', json, (c) => c.notNull())
            .addColumn('session_max_duration_seconds', 'bigint', (c) => c.notNull());
    await create
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex(`${table}_token_hash`)
      .on(table)
      .columns(['instance_id', 'token_hash'])
      .unique()
      .execute();
    // Deleting a user deletes its tokens (the foreign key's cascade) through this index.
    await db.schema.createIndex(`${table}_user_id`).on(table).columns(['user_id']).execute();
  }

  await db.schema
    .createTable('testing_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('testing_tokens_token_hash')
    .on('testing_tokens')
    .columns(['instance_id', 'token_hash'])
    .unique()
    .execute();
  // Expired testing tokens are deleted by this index.
  await db.schema
    .createIndex('testing_tokens_expires_at')
    .on('testing_tokens')
    .columns(['instance_id', 'expires_at', 'id'])
    .execute();

  // `url_key` is the URL without query and fragment, scheme and host lowercased: unique per
  // instance, and what `isAllowedRedirectUrl` probes.
  await db.schema
    .createTable('redirect_urls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('url_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('redirect_urls_url_key')
    .on('redirect_urls')
    .columns(['instance_id', 'url_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('redirect_urls_created_at')
    .on('redirect_urls')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('sign_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instanceRef)
    .addColumn('client_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('required_fields', json, (c) => c.notNull())
    .addColumn('optional_fields', json, (c) => c.notNull())
    .addColumn('missing_fields', json, (c) => c.notNull())
    .addColumn('unverified_fields', json, (c) => c.notNull())
    .addColumn('verifications', json, (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('email_address', 'text')
    .addColumn('phone_number', 'text')
    .addColumn('web3_wallet', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('password_digest', 'text')
    .addColumn('password_hasher', 'text')
    .addColumn('unsafe_metadata', json, (c) => c.notNull())
    .addColumn('public_metadata', json, (c) => c.notNull())
    .addColumn('custom_action', bool, (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('external_account', json)
    .addColumn('created_session_id', 'text')
    .addColumn('created_user_id', 'text')
    .addColumn('locale', 'text')
    .addColumn('legal_accepted_at', 'bigint')
    .addColumn('abandon_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The Frontend API finds a client's current sign-up by its client.
  await db.schema
    .createIndex('sign_ups_client_id')
    .on('sign_ups')
    .columns(['instance_id', 'client_id', 'id'])
    .execute();
}
