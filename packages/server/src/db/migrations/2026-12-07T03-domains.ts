import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Satellite domains of an instance (its primary domain is the instance's Frontend API host,
 * not a row) and the proxy checks run against them. `name_key` is the lowercased name,
 * unique per instance. Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const bool = sql.raw(dialectNameOf(db) === 'postgres' ? 'boolean' : 'integer');

  await db.schema
    .createTable('domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('is_secondary', bool, (c) => c.notNull())
    .addColumn('proxy_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('domains_name_key')
    .on('domains')
    .columns(['instance_id', 'name_key'])
    .unique()
    .execute();
  // ListDomains answers the satellites newest first.
  await db.schema
    .createIndex('domains_created_at')
    .on('domains')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();

  // A domain change looks up whether another instance serves the host (and the Frontend API
  // will resolve instances by host).
  await db.schema
    .createIndex('instances_frontend_api')
    .on('instances')
    .column('frontend_api')
    .execute();

  // One row per domain and proxy URL checked; a new check of the same pair updates it.
  await db.schema
    .createTable('proxy_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) =>
      c.notNull().references('instances.id').onDelete('cascade'),
    )
    .addColumn('domain_id', 'text', (c) => c.notNull())
    .addColumn('proxy_url', 'text', (c) => c.notNull())
    .addColumn('successful', bool, (c) => c.notNull())
    .addColumn('last_run_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('proxy_checks_domain_url')
    .on('proxy_checks')
    .columns(['instance_id', 'domain_id', 'proxy_url'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('instances_frontend_api').execute();
  await db.schema.dropTable('proxy_checks').execute();
  await db.schema.dropTable('domains').execute();
}
