import { type Kysely, sql } from 'kysely';
import { dialectNameOf } from '../dialect.js';

/**
 * Machines, their scopes, M2M tokens and API keys (docs/machine-auth.md).
 *
 * - `machines`: pages from `(instance_id, created_at, id)` and `(instance_id, name_lower, id)`;
 *   a bearer machine key is found by `secret_key_hash` (unique) or `previous_secret_key_hash`.
 * - `machine_scopes`: one row per (from, to), both deleted with either machine.
 * - `m2m_tokens`: listed per machine from `(instance_id, machine_id, created_at, id)`;
 *   verified by `token_hash` (unique).
 * - `api_keys`: listed per subject from `(instance_id, subject, created_at, id)`; verified by
 *   `secret_hash` (unique).
 * Frozen: later changes get a migration of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectNameOf(db) === 'postgres';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const instance = (c: any) => c.notNull().references('instances.id').onDelete('cascade');

  await db.schema
    .createTable('machines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instance)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('default_token_ttl', 'bigint', (c) => c.notNull())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addColumn('secret_key_hash', 'text', (c) => c.notNull())
    .addColumn('previous_secret_key_hash', 'text')
    .addColumn('previous_secret_key_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('machines_secret_key_hash')
    .on('machines')
    .column('secret_key_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('machines_previous_secret_key_hash')
    .on('machines')
    .column('previous_secret_key_hash')
    .execute();
  await db.schema
    .createIndex('machines_created_at')
    .on('machines')
    .columns(['instance_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('machines_name')
    .on('machines')
    .columns(['instance_id', 'name_lower', 'id'])
    .execute();

  await db.schema
    .createTable('machine_scopes')
    .addColumn('instance_id', 'text', instance)
    .addColumn('from_machine_id', 'text', (c) =>
      c.notNull().references('machines.id').onDelete('cascade'),
    )
    .addColumn('to_machine_id', 'text', (c) =>
      c.notNull().references('machines.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('machine_scopes_pk', ['from_machine_id', 'to_machine_id'])
    .execute();
  await db.schema
    .createIndex('machine_scopes_to')
    .on('machine_scopes')
    .column('to_machine_id')
    .execute();

  await db.schema
    .createTable('m2m_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instance)
    .addColumn('machine_id', 'text', (c) =>
      c.notNull().references('machines.id').onDelete('cascade'),
    )
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('token', 'text')
    .addColumn('claims', sql.raw(json), (c) => c.notNull())
    .addColumn('scopes', sql.raw(json), (c) => c.notNull())
    .addColumn('revoked', sql.raw(bool), (c) => c.notNull())
    .addColumn('revocation_reason', 'text')
    .addColumn('expiration', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('m2m_tokens_token_hash')
    .on('m2m_tokens')
    .column('token_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('m2m_tokens_machine')
    .on('m2m_tokens')
    .columns(['instance_id', 'machine_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', instance)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('claims', sql.raw(json), (c) => c.notNull())
    .addColumn('scopes', sql.raw(json), (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('revoked', sql.raw(bool), (c) => c.notNull())
    .addColumn('revocation_reason', 'text')
    .addColumn('expiration', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('last_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('api_keys_secret_hash')
    .on('api_keys')
    .column('secret_hash')
    .unique()
    .execute();
  await db.schema
    .createIndex('api_keys_subject')
    .on('api_keys')
    .columns(['instance_id', 'subject', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_keys').ifExists().execute();
  await db.schema.dropTable('m2m_tokens').ifExists().execute();
  await db.schema.dropTable('machine_scopes').ifExists().execute();
  await db.schema.dropTable('machines').ifExists().execute();
}
