import type { Kysely } from 'kysely';

/**
 * Messages made in the same millisecond keep the order they were made in.
 *
 * - `seq` numbers an instance's messages within one `created_at` millisecond (0, 1, …), so the
 *   newest-first list orders by `(created_at, seq, id)` instead of letting the ID's prefix
 *   (`ema_` against `sms_`) decide between an email and an SMS of the same millisecond.
 * - Existing rows get 0: their order stays what it was.
 * - Both list indexes gain `seq` before `id`; the insert finds the millisecond's last `seq`
 *   through `messages_created_at`.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropIndex('messages_created_at').execute();
  await db.schema.dropIndex('messages_to_address').execute();
  await db.schema
    .createIndex('messages_created_at')
    .on('messages')
    .columns(['instance_id', 'created_at', 'seq', 'id'])
    .execute();
  await db.schema
    .createIndex('messages_to_address')
    .on('messages')
    .columns(['instance_id', 'to_address', 'created_at', 'seq', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_created_at').execute();
  await db.schema.dropIndex('messages_to_address').execute();
  await db.schema.alterTable('messages').dropColumn('seq').execute();
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
