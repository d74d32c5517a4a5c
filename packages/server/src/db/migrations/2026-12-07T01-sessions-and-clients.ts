import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Clients (a browser or device: its sessions and its sign-in/sign-up in progress) and
 * sessions. Shaped for the Frontend API as well as the Backend API: a client's
 * `rotating_token_hash` proves its `__client` JWT, `dev_browser_token_hash` finds it by a
 * development browser's token, `cookie_expires_at` is what clerk-js reads; a session's
 * `refresh_token_hash` proves a `__refresh` cookie, `latest_activity` holds the device
 * data FAPI records. Every token is stored as a SHA-256 hash only.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const json = pg ? 'jsonb' : 'text';

  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('sign_in_id', 'text')
    .addColumn('sign_up_id', 'text')
    .addColumn('last_active_session_id', 'text')
    .addColumn('last_authentication_strategy', 'text')
    .addColumn('rotating_token_hash', 'text')
    .addColumn('dev_browser_token_hash', 'text')
    .addColumn('cookie_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // GetClientList: newest first, pages read from this index.
  await db.schema
    .createIndex('clients_created_at')
    .on('clients')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  // The Frontend API finds a development browser's client by its token.
  await db.schema
    .createIndex('clients_dev_browser_token')
    .on('clients')
    .columns(['instance_id', 'dev_browser_token_hash'])
    .unique()
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    // No foreign key to users: a deleted user's sessions stay, ended, as Clerk keeps them.
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('actor', sql.raw(json))
    .addColumn('last_active_organization_id', 'text')
    .addColumn('latest_activity', sql.raw(json))
    .addColumn('first_factor_verified_at', 'bigint')
    .addColumn('second_factor_verified_at', 'bigint')
    .addColumn('refresh_token_hash', 'text')
    .addColumn('token_issued_at', 'bigint')
    .addColumn('last_active_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .addColumn('abandon_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // GetSessionList needs a user or a client and answers newest first; the status filter is
  // applied within that user's or client's sessions (a handful each).
  for (const column of ['user_id', 'client_id']) {
    await db.schema
      .createIndex(`sessions_${column}_created_at`)
      .on('sessions')
      .columns(['instance_id', column, 'created_at', 'id'])
      .execute();
  }
}
