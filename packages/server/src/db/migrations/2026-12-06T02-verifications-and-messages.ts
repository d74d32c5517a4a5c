import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Verification codes and the messages that carry them (issue 7).
 *
 * - `email_addresses` / `phone_numbers` gain the attempts and expiry of their verification,
 *   so the identification (and its snapshot on the user row) shows a pending code's state.
 * - `verifications`: one row per prepared code. The code itself is never stored, only its
 *   hash; a verification belongs to one identification and goes with its user.
 * - `messages`: every email and SMS Castellan sent, as sent (the development inbox that
 *   `GET /castellan/messages` lists), with the transport's outcome.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const json = pg ? 'jsonb' : 'text';
  for (const table of ['email_addresses', 'phone_numbers']) {
    await db.schema.alterTable(table).addColumn('verification_attempts', 'integer').execute();
    await db.schema.alterTable(table).addColumn('verification_expire_at', 'bigint').execute();
  }

  await db.schema
    .createTable('verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('identification_id', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('verifications_identification')
    .on('verifications')
    .columns(['instance_id', 'identification_id', 'id'])
    .execute();
  await db.schema
    .createIndex('verifications_user')
    .on('verifications')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('identification_id', 'text')
    .addColumn('data', sql.raw(json), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_created_at')
    .on('messages')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('messages_to_address')
    .on('messages')
    .columns(['instance_id', 'to_address', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('verifications').execute();
  for (const table of ['email_addresses', 'phone_numbers']) {
    await db.schema.alterTable(table).dropColumn('verification_expire_at').execute();
    await db.schema.alterTable(table).dropColumn('verification_attempts').execute();
  }
}
