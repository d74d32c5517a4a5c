import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Email and SMS templates an instance changed (docs/messages.md): the system templates live
 * in code; a row here overrides one (`resource_type: "user"`) until it is reverted.
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = sql.raw(pg ? 'boolean' : 'integer');
  await db.schema
    .createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    /** `email` or `sms`. */
    .addColumn('template_type', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('markup', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('from_email_name', 'text')
    .addColumn('reply_to_email_name', 'text')
    .addColumn('delivered_by_clerk', bool, (c) => c.notNull())
    .addColumn('enabled', bool, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_templates_slug')
    .on('message_templates')
    .columns(['instance_id', 'template_type', 'slug'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('message_templates').execute();
}
